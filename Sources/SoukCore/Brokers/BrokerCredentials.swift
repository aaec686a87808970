import Foundation

/// A binding's `credentials` as config vars (PROTOCOLS §7, as Akkeris maps them): each top-level key `k` becomes
/// `PREFIX_K`, upper-cased with every other character `_`; values that are not strings become compact JSON; a
/// `uri` is also given as `PREFIX_URL` when the broker sent no `url`. The names are the service's own, so the
/// mapping to an attachment's names (`ConfigVarMapping`) is the same as for every other flavour.
public enum BrokerCredentials {
    public static func config(_ credentials: [String: JSONValue], prefix: String) -> [String: String] {
        var config: [String: String] = [:]
        for (key, value) in credentials {
            config[prefix + "_" + name(key)] = text(value)
        }
        let hasURL = credentials.keys.contains { name($0) == "URL" }
        if !hasURL, let uri = credentials.first(where: { name($0.key) == "URI" })?.value {
            config[prefix + "_URL"] = text(uri)
        }
        return config
    }

    static func name(_ key: String) -> String {
        String(
            String.UnicodeScalarView(
                key.uppercased().unicodeScalars.map { scalar in
                    ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) ? scalar : "_"
                }))
    }

    static func text(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return String(decoding: (try? SoukJSON.encode(value)) ?? [], as: UTF8.self)
    }
}
