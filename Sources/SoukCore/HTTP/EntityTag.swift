import Crypto

/// The `ETag` of a JSON answer (RFC 9110 §8.8.3), which the Platform API sends with every read so that a client
/// can ask again with `If-None-Match` and get `304 Not Modified` while nothing changed (§13.1.2). The tag is a
/// digest of the body's bytes, so every Souk process gives the same JSON the same tag, and a change anywhere in
/// the body, however made, changes it.
public struct EntityTag: Sendable, Equatable {
    /// The quoted tag, as sent.
    public let value: String

    public init(of body: some Collection<UInt8>) {
        let digest = SHA256.hash(data: Array(body))
        value = "\"" + digest.withUnsafeBytes { $0.prefix(16).lowercaseHex } + "\""
    }

    /// Whether an `If-None-Match` value names this tag: `*`, or a list of tags, each compared weakly (a `W/` in
    /// front is ignored) as §13.1.2 asks for GET and HEAD.
    public func isNamed(byIfNoneMatch condition: String) -> Bool {
        if condition.filter({ $0 != " " && $0 != "\t" }) == "*" { return true }
        // Each listed tag is a quoted string; ours never holds a quote or a comma, so the quoted runs are the tags.
        var rest = Substring(condition)
        while let open = rest.firstIndex(of: "\"") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\"") else { return false }
            if rest[open...close] == value { return true }
            rest = rest[rest.index(after: close)...]
        }
        return false
    }
}
