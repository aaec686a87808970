/// What Souk fills in for manifests written by older tools: `kensa init` never wrote a `name`, wrote no
/// `regions` before 2013 and, in its GET-SSO form, gave `production` and `test` as base URLs; hand-edited ones
/// often drop `test`. Each default is a warning naming the field and the value chosen.
extension HerokuManifestRules {
    /// kensa's paths under a v1 base URL: its checks provision at `/heroku/resources`, and its POST template
    /// puts SSO at `/sso/login`.
    static let resourcesPath = "/heroku/resources"
    static let ssoPath = "/sso/login"

    /// `name`, else the slug in words (`my-addon` → `My Addon`). A present but blank or mistyped `name` is
    /// still an error; without a valid slug there is nothing to default from, and the slug's error says so.
    static func readName(_ root: ManifestObject, slug: String?, into report: inout ManifestReport) -> String? {
        guard root["name"] == nil else { return report.string("name", in: root) }
        guard let slug else { return nil }
        let name = humanName(fromSlug: slug)
        report.warn("name is missing; using \"\(name)\" (the id in words)")
        return name
    }

    /// `my-addon` → `My Addon`: each dash-separated word with its first letter upper-cased.
    static func humanName(fromSlug slug: String) -> String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// Every region Souk runs apps in (`Region`), in its order.
    static func defaultRegions(_ api: ManifestObject, into report: inout ManifestReport) -> [String] {
        let regions = Region.allCases.map(\.rawValue)
        report.warn(
            "\(api.path("regions")) is missing; using \(regions.joined(separator: ", ")) (every region Souk has)")
        return regions
    }

    /// `test`, else the production URLs (nothing to warn about when production is itself in error).
    static func readTest(
        _ api: ManifestObject, production: AddonManifest.Endpoints?, rules: ManifestRules,
        into report: inout ManifestReport
    ) -> AddonManifest.Endpoints? {
        guard api["test"] == nil else {
            return readEndpoints("test", in: api, environment: .test, rules: rules, into: &report)
        }
        guard let production else { return nil }
        report.warn(
            "\(api.path("test")) is missing; using the production URLs (\(describe(production)))")
        return production
    }

    /// kensa's v1 form, `"production": "https://yourapp.com/"`: a base URL under which kensa provisioned at
    /// `heroku/resources`. It must be a plain base (no query or fragment) so that the paths can follow it.
    static func endpoints(
        fromBase key: String, in api: ManifestObject, environment: ManifestReport.Environment, rules: ManifestRules,
        into report: inout ManifestReport
    ) -> AddonManifest.Endpoints? {
        let field = api.path(key)
        guard let text = report.string(key, in: api),
            let base = report.url(text, at: field, environment: environment, rules: rules)
        else { return nil }
        guard !base.contains("?"), !base.contains("#") else {
            report.fail(
                field, "must be a base URL without a query or fragment (or an object with base_url and sso_url)")
            return nil
        }
        var root = Substring(base)
        while root.hasSuffix("/") { root = root.dropLast() }
        let endpoints = AddonManifest.Endpoints(baseURL: root + resourcesPath, ssoURL: root + ssoPath)
        report.warn("\(field) is a base URL (kensa's v1 form); using \(describe(endpoints))")
        return endpoints
    }

    static func describe(_ endpoints: AddonManifest.Endpoints) -> String {
        ["base_url \(endpoints.baseURL)", endpoints.ssoURL.map { "sso_url \($0)" }].compactMap { $0 }
            .joined(separator: " and ")
    }
}
