/// kensa's manifest check and Souk's additions, for manifests with an `api` object (Heroku v3).
enum HerokuManifestRules {
    /// kensa's list, with the regions Heroku added since (`dublin`, `sydney`).
    static let regions: Set<String> = ["us", "eu", "frankfurt", "oregon", "tokyo", "virginia", "dublin", "sydney", "*"]
    static let regionList = "us, eu, frankfurt, oregon, tokyo, virginia, dublin, sydney or *"
    static let requirements = ["log_input", "syslog_drain", "attachable", "many_per_app"]
    static let maximumRequirements = 20

    static func read(
        _ root: ManifestObject, rules: ManifestRules, into report: inout ManifestReport
    ) -> AddonManifest? {
        let id = report.string("id", in: root)
        let slug = id.flatMap { report.slug($0, at: "id") }
        let name = readName(root, slug: slug, into: &report)
        guard let api = report.object("api", in: root) else { return nil }
        if api["username"] != nil {
            report.fail(api.path("username"), "is deprecated: Please authenticate using the add-on id.")
        }
        let password = report.string("password", in: api)
        let ssoSalt = report.string("sso_salt", in: api)
        if let version = api["version"], version != .string("3") {
            report.fail(api.path("version"), "must be \"3\"")
        }
        let regions = readRegions(api, into: &report)
        let requires = readRequires(api, into: &report)
        let prefix = readPrefix(api, slug: slug, into: &report)
        let configVars = report.configVars("config_vars", in: api, required: false)
        if let prefix, let configVars {
            for name in configVars where !ConfigVarPrefix.name(name.value, hasPrefix: prefix) {
                report.fail(name.field, "must start with \(prefix)_")
            }
        }
        let production = readEndpoints("production", in: api, environment: .production, rules: rules, into: &report)
        let test = readTest(api, production: production, rules: rules, into: &report)
        let plans = readPlans(root, into: &report)

        guard let slug, let name, let password, let ssoSalt, let regions, let requires, let prefix, let production,
            let test, let plans, report.errors.isEmpty
        else { return nil }
        return AddonManifest(
            flavour: .heroku, slug: slug, name: name, apiUsername: slug, password: password, ssoSalt: ssoSalt,
            configVarsPrefix: prefix, configVars: configVars?.map(\.value) ?? [], regions: regions,
            requires: requires, logDrain: requires.contains("syslog_drain"), production: production, test: test,
            plans: plans
        )
    }

    /// kensa: an array containing `us` or `*`, every entry a known region. Absent, as in manifests kensa
    /// generated before 2013, it is every region Souk has.
    static func readRegions(_ api: ManifestObject, into report: inout ManifestReport) -> [String]? {
        if api["regions"] == nil { return defaultRegions(api, into: &report) }
        guard
            let elements = report.strings(
                "regions", in: api, required: true, maximumCount: ManifestChecks.maximumRegions)
        else { return nil }
        let unknown = elements.filter { !regions.contains($0.value) }
        for region in unknown {
            report.fail(region.field, "is not a supported region (\(regionList))")
        }
        let names = elements.map(\.value)
        if !names.contains("us") && !names.contains("*") {
            report.fail(api.path("regions"), "must include us or *")
            return nil
        }
        return unknown.isEmpty ? names : nil
    }

    static func readRequires(_ api: ManifestObject, into report: inout ManifestReport) -> [String]? {
        guard
            let elements = report.strings(
                "requires", in: api, required: false, maximumCount: maximumRequirements)
        else { return api["requires"] == nil ? [] : nil }
        let unknown = elements.filter { !requirements.contains($0.value) }
        for requirement in unknown {
            report.fail(requirement.field, "is not one of \(requirements.joined(separator: ", "))")
        }
        guard unknown.isEmpty else { return nil }
        var seen: Set<String> = []
        return elements.map(\.value).filter { seen.insert($0).inserted }
    }

    /// `config_vars_prefix`, else derived from the slug; `nil` when neither is usable, so that an unusable
    /// prefix is one error rather than one per config var.
    static func readPrefix(_ api: ManifestObject, slug: String?, into report: inout ManifestReport) -> String? {
        guard api["config_vars_prefix"] != nil else { return slug.map(ConfigVarPrefix.derived(fromSlug:)) }
        guard let prefix = report.string("config_vars_prefix", in: api) else { return nil }
        guard ConfigVarPrefix.isValid(prefix) else {
            report.fail(api.path("config_vars_prefix"), "is not a valid prefix (^[A-Z][A-Z0-9_]*$)")
            return nil
        }
        return prefix
    }

    /// `production` needs `base_url` and `sso_url`, `test` only `base_url`. kensa's v1 string form, a base URL,
    /// gives both URLs (see `endpoints(fromBase:)`).
    static func readEndpoints(
        _ key: String, in api: ManifestObject, environment: ManifestReport.Environment, rules: ManifestRules,
        into report: inout ManifestReport
    ) -> AddonManifest.Endpoints? {
        if api[key]?.stringValue != nil {
            return endpoints(fromBase: key, in: api, environment: environment, rules: rules, into: &report)
        }
        guard let object = report.object(key, in: api) else { return nil }
        return report.endpoints(object, in: environment, requiresSSO: environment == .production, rules: rules)
    }
}
