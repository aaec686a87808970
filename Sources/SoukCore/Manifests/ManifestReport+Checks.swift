/// The checks both flavours share: slugs, config var names, endpoint URLs and plan names.
extension ManifestReport {
    enum Environment {
        /// Souk calls these for real customers: https and a public host, unless the rules allow otherwise.
        case production
        /// For local conformance runs: any http or https URL, loopback included.
        case test
    }

    mutating func slug(_ slug: String, at field: String) -> String? {
        guard ManifestChecks.isValidSlug(slug) else {
            fail(field, "is not a valid slug (\(ManifestChecks.slugRule))")
            return nil
        }
        return slug
    }

    /// Config var names: each a valid ENV key, none twice. Elements in error are left out.
    mutating func configVars(
        _ key: String, in object: ManifestObject, required: Bool
    ) -> [Element<String>]? {
        guard
            let names = strings(
                key, in: object, required: required, nonEmpty: required, maximumCount: ManifestChecks.maximumConfigVars)
        else { return nil }
        var seen: Set<String> = []
        return names.filter { name in
            guard ManifestChecks.isValidConfigVarName(name.value) else {
                fail(name.field, "is not a valid ENV key")
                return false
            }
            guard seen.insert(name.value).inserted else {
                fail(name.field, "is declared twice")
                return false
            }
            return true
        }
    }

    /// `base_url` and `sso_url` of a `production` or `test` object.
    mutating func endpoints(
        _ object: ManifestObject, in environment: Environment, requiresSSO: Bool, rules: ManifestRules
    ) -> AddonManifest.Endpoints? {
        let baseURL = url("base_url", in: object, environment: environment, required: true, rules: rules)
        let ssoURL = url("sso_url", in: object, environment: environment, required: requiresSSO, rules: rules)
        guard let baseURL, requiresSSO ? ssoURL != nil : true else { return nil }
        return AddonManifest.Endpoints(baseURL: baseURL, ssoURL: ssoURL)
    }

    /// An endpoint URL. Absent or empty counts as missing; where not required, missing gives `nil` quietly.
    mutating func url(
        _ key: String, in object: ManifestObject, environment: Environment, required: Bool, rules: ManifestRules
    ) -> String? {
        guard let text = string(key, in: object, required: required) else { return nil }
        if text.isEmpty { return nil }
        return url(text, at: object.path(key), environment: environment, rules: rules)
    }

    /// An endpoint URL already read as a string: parsed, and in production held to the rules' policy.
    mutating func url(
        _ text: String, at field: String, environment: Environment, rules: ManifestRules
    ) -> String? {
        let url: ProviderURL
        do {
            url = try ProviderURL(parsing: text)
        } catch {
            fail(field, error.message)
            return nil
        }
        guard environment == .production, !rules.allowsInsecureURLs else { return text }
        var isAcceptable = true
        if !url.isSecure {
            fail(field, "must use https")
            isAcceptable = false
        }
        if url.hostKind != .public {
            let article = url.hostKind == .unspecified ? "an" : "a"
            fail(field, "must not point to \(article) \(url.hostKind.rawValue) host")
            isAcceptable = false
        }
        return isAcceptable ? text : nil
    }

    /// A plan name: slug-like and unique among the manifest's plans.
    mutating func planName(_ key: String, in plan: ManifestObject, seen: inout Set<String>) -> String? {
        guard let name = string(key, in: plan) else { return nil }
        guard ManifestChecks.isValidPlanName(name) else {
            fail(plan.path(key), "is not a valid plan name (\(ManifestChecks.planNameRule))")
            return nil
        }
        guard seen.insert(name).inserted else {
            fail(plan.path(key), "is declared twice")
            return nil
        }
        return name
    }
}
