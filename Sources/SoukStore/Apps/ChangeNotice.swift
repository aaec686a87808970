import Foundation

/// A notification on `souk_apps`, stamped with the time of the commit that made the change:
/// - `<app id> <µs since 1970>`: an app, its environment or its members changed (migrations 0010, 0019);
/// - `addon <id> <µs>`: what a single sign-on to the add-on needs changed, or its attachments did (migration 0020);
/// - `addon * <µs>`: the same of more add-ons than one statement announces one by one (migration 0020);
/// - `service <id> <µs>`: what a single sign-on to the service's add-ons needs changed (migration 0020).
///
/// `AppChangeListener`'s own pings go on the same channel as `ping <token>`.
public struct ChangeNotice: Equatable, Sendable {
    public enum Subject: Equatable, Sendable {
        case app(UUID)
        case addon(UUID)
        case everyAddon
        case service(UUID)
    }

    public let subject: Subject
    public let microsecondsSince1970: Int64?

    init(subject: Subject, microsecondsSince1970: Int64? = nil) {
        self.subject = subject
        self.microsecondsSince1970 = microsecondsSince1970
    }

    init?(payload: String) {
        var parts = payload.split(separator: " ")[...]
        let kind = parts.count == 3 ? parts.popFirst() : nil
        guard let first = parts.popFirst() else { return nil }
        if kind == "addon", first == "*" {
            subject = .everyAddon
        } else {
            guard let id = UUID(uuidString: String(first)) else { return nil }
            switch kind {
            case nil: subject = .app(id)
            case "addon": subject = .addon(id)
            case "service": subject = .service(id)
            default: return nil
            }
        }
        microsecondsSince1970 = parts.first.flatMap { Int64($0) }
    }

    static let pingPrefix = "ping "

    /// The token of a ping, or `nil` for anything else.
    static func pingToken(in payload: String) -> String? {
        payload.hasPrefix(pingPrefix) ? String(payload.dropFirst(pingPrefix.count)) : nil
    }
}
