/// `{"name": …, "value": …}`, the partner API's form of one config var; a `null` value removes it.
struct ConfigEntry: Codable, Sendable {
    var name: String
    var value: String?

    static func list(_ config: [String: String]) -> [ConfigEntry] {
        config.sorted { $0.key < $1.key }.map { ConfigEntry(name: $0.key, value: $0.value) }
    }
}
