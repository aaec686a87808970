/// One object of a manifest with the path it sits at, so that every field read from it reports against its
/// full dotted path (`plans[0].price`).
struct ManifestObject {
    let fields: [String: JSONValue]
    let path: String

    init(_ fields: [String: JSONValue], path: String) {
        self.fields = fields
        self.path = path
    }

    /// The value of a field; `null` counts as absent.
    subscript(key: String) -> JSONValue? {
        guard let value = fields[key], value != .null else { return nil }
        return value
    }

    func path(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
