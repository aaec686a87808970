import Foundation

/// A notification on `souk_apps` (migration 0010): `<app id> <microseconds since 1970>`, the time of the
/// commit that changed the app. `AppChangeListener`'s own pings go on the same channel as `ping <token>`.
struct AppChange: Equatable {
    let appID: UUID
    let microsecondsSince1970: Int64?

    init?(payload: String) {
        let parts = payload.split(separator: " ", maxSplits: 1)
        guard let first = parts.first, let appID = UUID(uuidString: String(first)) else { return nil }
        self.appID = appID
        microsecondsSince1970 = parts.count > 1 ? Int64(parts[1]) : nil
    }

    static let pingPrefix = "ping "

    /// The token of a ping, or `nil` for anything else.
    static func pingToken(in payload: String) -> String? {
        payload.hasPrefix(pingPrefix) ? String(payload.dropFirst(pingPrefix.count)) : nil
    }
}
