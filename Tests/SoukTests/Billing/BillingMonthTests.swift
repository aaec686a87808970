import Foundation
import Testing

@testable import SoukCore

@Suite("Billing months")
struct BillingMonthTests {
    @Test("YYYY-MM parses and prints back the same")
    func roundTrip() throws {
        let month = try #require(BillingMonth("2026-11"))
        #expect(month.year == 2026 && month.month == 11)
        #expect(month.description == "2026-11")
        #expect(BillingMonth("2000-01")?.description == "2000-01")
        #expect(BillingMonth("9999-12")?.description == "9999-12")
    }

    @Test(
        "Anything but YYYY-MM with a month 01 to 12 and a year 2000 to 9999 is refused",
        arguments: [
            "2026-13", "2026-00", "1999-12", "2026-1", "26-11", "2026/11", "2026-11-01", " 2026-11", "2026-11 ", "",
            "10000-01", "+026-11", "2026-+1", "２０２６-11", "2026--1",
        ]
    )
    func refuses(text: String) {
        #expect(BillingMonth(text) == nil)
    }

    @Test(
        "Months start at UTC midnight on the 1st and last 28 to 31 days",
        arguments: [
            // 1793491200 is 2026-11-01T00:00:00Z; 30 days × 86400 = 2592000
            ("2026-11", 1_793_491_200.0, Int64(2_592_000)),
            ("2026-12", 1_796_083_200, 2_678_400),  // 31 days
            ("2027-02", 1_801_440_000, 2_419_200),  // 28 days
            ("2028-02", 1_832_976_000, 2_505_600),  // 29 days: 2028 is a leap year
        ]
    )
    func boundaries(text: String, start: TimeInterval, seconds: Int64) throws {
        let month = try #require(BillingMonth(text))
        #expect(month.start == Date(timeIntervalSince1970: start))
        #expect(month.seconds == seconds)
        #expect(month.end == Date(timeIntervalSince1970: start + TimeInterval(seconds)))
        #expect(month.end == month.next.start)
    }

    @Test("Century years are leap years only every 400 years")
    func centuries() {
        #expect(BillingMonth("2000-02")?.seconds == 2_505_600)  // 29 × 86400
        #expect(BillingMonth("2100-02")?.seconds == 2_419_200)  // 28 × 86400
    }

    @Test("Next and previous cross years")
    func neighbours() {
        #expect(BillingMonth("2026-12")?.next == BillingMonth("2027-01"))
        #expect(BillingMonth("2027-01")?.previous == BillingMonth("2026-12"))
        #expect(BillingMonth("2026-11")?.next.previous == BillingMonth("2026-11"))
    }

    @Test("The month containing an instant is its UTC month")
    func containing() {
        #expect(BillingMonth(containing: Date(utc: "2026-11-30T23:59:59Z")) == BillingMonth("2026-11"))
        #expect(BillingMonth(containing: Date(utc: "2026-12-01T00:00:00Z")) == BillingMonth("2026-12"))
        #expect(BillingMonth(containing: Date(utc: "2028-02-29T12:00:00Z")) == BillingMonth("2028-02"))
    }

    @Test("Months order by year, then month")
    func order() {
        let months = ["2027-01", "2026-12", "2026-02", "2027-03"].compactMap(BillingMonth.init)
        #expect(months.sorted().map(\.description) == ["2026-02", "2026-12", "2027-01", "2027-03"])
    }

    @Test("JSON holds a month as its YYYY-MM string")
    func codable() throws {
        let month = try #require(BillingMonth("2026-11"))
        let data = try JSONEncoder().encode([month])
        #expect(String(decoding: data, as: UTF8.self) == #"["2026-11"]"#)
        #expect(try JSONDecoder().decode([BillingMonth].self, from: data) == [month])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([BillingMonth].self, from: Data(#"["2026-13"]"#.utf8))
        }
    }
}
