/// `POST /provider/brokers`: the broker's name for its provider, where it answers, and the Basic credentials
/// Souk calls it with. Its URL is held to the same policy as a manifest's `base_url`.
public struct BrokerRegistration: Sendable, Equatable {
    public var name: String
    public var endpoint: BrokerCatalog.Broker

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
        let endpoint = read(root, over: nil, rules: rules, into: &report)
        guard report.errors.isEmpty, let name, let endpoint else { return (nil, report.errors) }
        return (BrokerRegistration(name: name, endpoint: endpoint), [])
    }

    /// `PATCH /provider/brokers/{id}`: `url`, `username` or `password` over the `current` ones; nothing else.
    public static func readChanges(
        _ document: JSONValue, over current: BrokerCatalog.Broker, rules: ManifestRules
    ) -> (endpoint: BrokerCatalog.Broker?, errors: [FieldError]) {
        guard let fields = document.objectValue else {
            return (nil, [FieldError(field: "", message: "must be a JSON object")])
        }
        var report = ManifestReport()
        for key in fields.keys.sorted() where !["url", "username", "password"].contains(key) {
            report.fail(key, "can't change: only url, username and password do")
        }
        let endpoint = read(ManifestObject(fields, path: ""), over: current, rules: rules, into: &report)
        guard report.errors.isEmpty, let endpoint else { return (nil, report.errors) }
        return (endpoint, [])
    }

    /// The endpoint's three fields, each taken from `current` where the document leaves it out.
    private static func read(
        _ object: ManifestObject, over current: BrokerCatalog.Broker?, rules: ManifestRules,
        into report: inout ManifestReport
    ) -> BrokerCatalog.Broker? {
        let required = current == nil
        let url = report.string("url", in: object, required: required).flatMap {
            report.url($0, at: "url", environment: .production, rules: rules)
        }
        let username = report.string("username", in: object, required: required)
        let password = report.string("password", in: object, required: required)
        guard let url = url ?? current?.url, let username = username ?? current?.username,
            let password = password ?? current?.password
        else { return nil }
        return BrokerCatalog.Broker(url: url, username: username, password: password)
    }
}
