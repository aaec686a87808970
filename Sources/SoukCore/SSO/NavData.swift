import Foundation

/// Heroku's `nav-data`: base64url (no padding) of compact JSON naming the add-on and the app, for providers
/// that draw Heroku's header bar. Deprecated by Heroku, still copied into a cookie by v1-era providers.
public struct NavData: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var slug: String
        public var name: String
        public var current: Bool

        public init(slug: String, name: String, current: Bool) {
            self.slug = slug
            self.name = name
            self.current = current
        }
    }

    public var addon: String
    public var appName: String
    public var addons: [Entry]

    public init(addon: String, appName: String, addons: [Entry]) {
        self.addon = addon
        self.appName = appName
        self.addons = addons
    }

    /// The compact JSON, keys in the order providers' examples show (`addon`, `appname`, `addons`), built by hand
    /// because JSONEncoder promises no key order.
    public var json: String {
        let addons = addons.map { entry in
            "{\"slug\":\(Self.quote(entry.slug)),\"name\":\(Self.quote(entry.name)),\"current\":\(entry.current)}"
        }
        return "{\"addon\":\(Self.quote(addon)),\"appname\":\(Self.quote(appName)),"
            + "\"addons\":[\(addons.joined(separator: ","))]}"
    }

    /// The value sent as `nav-data`.
    public var encoded: String {
        Data(json.utf8).base64URLEncodedString()
    }

    /// A JSON string literal (RFC 8259: quote, backslash and control characters escaped, nothing else).
    static func quote(_ string: String) -> String {
        var quoted = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
