import Foundation

extension Date {
    /// A whole-second instant written in ISO 8601 with a `Z`, like "2026-11-05T00:00:00Z".
    init(utc text: String) {
        self = try! Date(text, strategy: .iso8601)
    }
}
