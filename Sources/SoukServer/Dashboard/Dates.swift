import Foundation

/// Times as the dashboard shows them: UTC, to the minute (`2026-11-30 07:45 UTC`) or the day.
enum Dates {
    static func minute(_ date: Date) -> String {
        let iso = date.ISO8601Format()
        return "\(iso.prefix(10)) \(iso.dropFirst(11).prefix(5)) UTC"
    }

    static func day(_ date: Date) -> String {
        String(date.ISO8601Format().prefix(10))
    }
}
