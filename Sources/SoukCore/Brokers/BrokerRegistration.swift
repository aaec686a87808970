/// `POST /provider/brokers`: the broker's name for its provider, where it answers, and the Basic credentials
/// Souk calls it with. Its URL is held to the same policy as a manifest's `base_url`.
public struct BrokerRegistration: Sendable, Equatable {
    public var name: String
    public var url: String
    public var username: String
    public var password: String

    /// The registration, or every problem with it.
    public static func read(_ document: JSONValue, rules: ManifestRules) -> (
        registration: BrokerRegistration?, errors: [FieldError]
    ) {
        guard let fields = document.objectValue else {
            return (nil, [FieldError(field: "", message: "must be a JSON object")])
        }
        var report = ManifestReport()
        let root = ManifestObject(fields, path: "")
        let name = report.string("name", in: root)
        if let name, !ManifestChecks.isValidSlug(name) {
            report.fail("name", "must be 2 to 50 lowercase letters, digits and dashes, starting with a letter")
        }
        let url = report.string("url", in: root).flatMap {
            report.url($0, at: "url", environment: .production, rules: rules)
        }
        let username = report.string("username", in: root)
        let password = report.string("password", in: root)
        guard report.errors.isEmpty, let name, let url, let username, let password else { return (nil, report.errors) }
        return (BrokerRegistration(name: name, url: url, username: username, password: password), [])
    }
}
