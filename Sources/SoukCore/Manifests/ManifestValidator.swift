/// The one manifest validator, for `POST /provider/manifests` and `souk addons:admin:manifest:validate` alike.
/// It is pure and reports every problem at once, each against a dotted path (`api.config_vars[2]`).
public enum ManifestValidator {
    public static func validate(_ document: JSONValue, rules: ManifestRules) -> ManifestValidation {
        guard let fields = document.objectValue else {
            return ManifestValidation(manifest: nil, errors: [FieldError(field: "", message: "must be a JSON object")])
        }
        if fields["services"]?.arrayValue != nil, fields["api"] == nil {
            let message =
                "is an Open Service Broker catalog, not a manifest: register the broker with POST /provider/brokers "
                + "{\"name\", \"url\", \"username\", \"password\"} and Souk reads its catalog itself"
            return ManifestValidation(manifest: nil, errors: [FieldError(field: "", message: message)])
        }
        guard let flavour = flavour(of: fields), flavour != .osb else {
            let message = "is not a Heroku (api object) or Scalingo (username, plans, production) manifest"
            return ManifestValidation(manifest: nil, errors: [FieldError(field: "", message: message)])
        }
        let root = ManifestObject(fields, path: "")
        var report = ManifestReport()
        let manifest: AddonManifest?
        switch flavour {
        case .heroku: manifest = HerokuManifestRules.read(root, rules: rules, into: &report)
        case .scalingo, .osb: manifest = ScalingoManifestRules.read(root, rules: rules, into: &report)
        }
        return ManifestValidation(manifest: manifest, errors: report.errors, warnings: report.warnings)
    }

    /// An `api` object makes a Heroku manifest; Scalingo's have their fields at the top level.
    public static func flavour(of fields: [String: JSONValue]) -> ManifestFlavour? {
        if fields["api"]?.objectValue != nil { return .heroku }
        if ["username", "plans", "production"].contains(where: { fields[$0] != nil }) { return .scalingo }
        return nil
    }
}
