/// scalingo-addon-api-tester's manifest rules and Souk's additions, for manifests with their fields at the top
/// level (`username`, `plans`, `production`).
enum ScalingoManifestRules {
    static func read(
        _ root: ManifestObject, rules: ManifestRules, into report: inout ManifestReport
    ) -> AddonManifest? {
        let name = report.string("name", in: root)
        let slug = readSlug(root, name: name, into: &report)
        let username = report.string("username", in: root)
        let password = report.string("password", in: root)
        let ssoSalt = report.string("sso_salt", in: root)
        let shortDescription = report.string("short_description", in: root)
        let description = report.string(
            "description", in: root, maximumLength: ManifestChecks.maximumDescriptionLength)
        let logoURL = readLogoURL(root, into: &report)
        let logDrain = report.bool("log_drain", in: root) ?? false
        let configVars = report.configVars("config_vars", in: root, required: true)
        let prefix = slug.map(ConfigVarPrefix.derived(fromSlug:))
        if let prefix, let configVars {
            for name in configVars where !ConfigVarPrefix.name(name.value, hasPrefix: prefix) {
                report.warn(
                    "config var \(name.value) does not start with \(prefix)_; it will keep its name under the default "
                        + "attachment and be prefixed under others")
            }
        }
        let production = report.object("production", in: root).flatMap {
            report.endpoints($0, in: .production, requiresSSO: true, rules: rules)
        }
        let test = report.object("test", in: root, required: false).flatMap {
            readTest($0, rules: rules, into: &report)
        }
        let plans = readPlans(root, into: &report)

        guard let name, let slug, let username, let password, let ssoSalt, let shortDescription, let description,
            let prefix, let configVars, let production, let plans, report.errors.isEmpty
        else { return nil }
        return AddonManifest(
            flavour: .scalingo, slug: slug, name: name, shortDescription: shortDescription,
            description: description, logoURL: logoURL, apiUsername: username, password: password, ssoSalt: ssoSalt,
            configVarsPrefix: prefix, configVars: configVars.map(\.value), regions: ["*"], requires: [],
            logDrain: logDrain, production: production, test: test, plans: plans
        )
    }

    /// `id` if given, else derived from `name`; either way it must be a valid slug.
    static func readSlug(_ root: ManifestObject, name: String?, into report: inout ManifestReport) -> String? {
        if root["id"] != nil {
            return report.string("id", in: root).flatMap { report.slug($0, at: "id") }
        }
        guard let name else { return nil }
        let derived = ManifestChecks.derivedSlug(fromName: name)
        guard ManifestChecks.isValidSlug(derived) else {
            report.fail(
                "name",
                "gives the slug \"\(derived)\", which is not valid (\(ManifestChecks.slugRule)); add an id")
            return nil
        }
        return derived
    }

    /// The tester lets an empty `logo_url` pass; a CDN's `//host/path` is fine too.
    static func readLogoURL(_ root: ManifestObject, into report: inout ManifestReport) -> String? {
        guard let logoURL = report.string("logo_url", in: root, required: false), !logoURL.isEmpty else { return nil }
        do {
            _ = try ProviderURL(parsing: logoURL, allowsProtocolRelative: true)
            return logoURL
        } catch {
            report.fail(root.path("logo_url"), error.message)
            return nil
        }
    }

    /// `test` is optional, and so are its URLs (the tester lets empty ones pass); without a `base_url` there is
    /// no test endpoint.
    static func readTest(
        _ test: ManifestObject, rules: ManifestRules, into report: inout ManifestReport
    ) -> AddonManifest.Endpoints? {
        let baseURL = report.url("base_url", in: test, environment: .test, required: false, rules: rules)
        let ssoURL = report.url("sso_url", in: test, environment: .test, required: false, rules: rules)
        return baseURL.map { AddonManifest.Endpoints(baseURL: $0, ssoURL: ssoURL) }
    }
}
