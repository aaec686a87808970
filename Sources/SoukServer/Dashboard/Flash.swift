import Foundation
import SoukCore

/// A one-line message carried across a redirect (Post/Redirect/Get) in a short-lived cookie, shown by the
/// next page and then cleared. It carries only what Souk wrote, and pages escape it like everything else.
struct Flash: Sendable {
    enum Kind: String, Sendable {
        case notice
        case error
    }

    var kind: Kind
    var message: String

    static func notice(_ message: String) -> Flash { Flash(kind: .notice, message: message) }
    static func error(_ message: String) -> Flash { Flash(kind: .error, message: message) }

    /// `role` for assistive technology: errors interrupt, notices wait. Stored: templates see only stored properties.
    let role: String

    static let cookieName = "souk_flash"

    /// The cookie value: the kind, a colon, the message in base64url.
    var cookieValue: String {
        "\(kind.rawValue):\(Data(message.utf8).base64URLEncodedString())"
    }

    init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
        self.role = kind == .error ? "alert" : "status"
    }

    init?(cookieValue: String) {
        let parts = cookieValue.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let kind = Kind(rawValue: String(parts[0])) else { return nil }
        guard let data = Data(base64URLEncoded: parts[1]), data.count <= 2048 else { return nil }
        self.init(kind: kind, message: String(decoding: data, as: UTF8.self))
    }
}
