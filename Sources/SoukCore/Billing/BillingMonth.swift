import Foundation

/// A calendar month in UTC, the period invoices and payouts cover. Written "YYYY-MM", as in "2026-11".
public struct BillingMonth: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible {
    public let year: Int
    public let month: Int

    /// Month boundaries fall at UTC midnight whatever the server's time zone is.
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    /// Nil unless `month` is 1 to 12 and `year` 2000 to 9999, the years "YYYY-MM" can spell.
    public init?(year: Int, month: Int) {
        guard (2000...9999).contains(year), (1...12).contains(month) else { return nil }
        self.init(uncheckedYear: year, month: month)
    }

    /// Parses exactly "YYYY-MM": four digits, a dash, two digits.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7) else { return nil }
        self.init(year: year, month: month)
    }

    /// The month `date` falls in, in UTC. Arithmetic (this, `next`, `previous`) isn't held to the years the
    /// text form can spell; only parsing is.
    public init(containing date: Date) {
        let components = Self.calendar.dateComponents([.year, .month], from: date)
        self.init(uncheckedYear: components.year!, month: components.month!)
    }

    private init(uncheckedYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// The first instant of the month: the 1st at 00:00:00 UTC.
    public var start: Date {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))!
    }

    /// The first instant of the next month; the month is `start..<end`.
    public var end: Date { next.start }

    /// The month's length: 2,419,200 s for 28 days up to 2,678,400 s for 31.
    public var seconds: Int64 { Int64(end.timeIntervalSince(start)) }

    public var next: BillingMonth {
        if month == 12 { return BillingMonth(uncheckedYear: year + 1, month: 1) }
        return BillingMonth(uncheckedYear: year, month: month + 1)
    }

    public var previous: BillingMonth {
        if month == 1 { return BillingMonth(uncheckedYear: year - 1, month: 12) }
        return BillingMonth(uncheckedYear: year, month: month - 1)
    }

    public var description: String {
        let year = String(year)
        let month = String(month)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-"
            + String(repeating: "0", count: max(0, 2 - month.count)) + month
    }

    public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let month = BillingMonth(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "A billing month is written YYYY-MM, like 2026-11, not \(text).")
        }
        self = month
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
