import Foundation
import Testing

@testable import SoukCore

@Suite("A month's charge lines")
struct MonthChargesTests {
    static let november = BillingMonth("2026-11")!
    static let first = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    static let second = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
    static let service = UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!

    static func period(
        _ price: Int64, from start: String, to end: String?, addon: UUID = first, plan: String = "basic"
    ) -> PlanPeriod {
        PlanPeriod(
            addonID: addon, addonName: "redis-round-12", appName: "brave-river-4821", serviceID: service,
            serviceName: "redis", planName: plan, priceCents: price, start: Date(utc: start),
            end: end.map(Date.init(utc:))
        )
    }

    static func usage(_ quantity: Int64, unit: String = "requests", hour: String) -> UsageCharge {
        UsageCharge(
            addonID: first, addonName: "redis-round-12", appName: "brave-river-4821", serviceID: service,
            serviceName: "redis", planName: "metered", unit: unit, quantity: quantity, unitPriceCents: 5,
            hour: Date(utc: hour)
        )
    }

    @Test(
        "Ten days of a $25.00 plan are prorated on the length of their month",
        arguments: [
            // 2500 × 864000 / 2592000 (30 days) = 833.33… → 833
            ("2026-11", "2026-11-05T00:00:00Z", "2026-11-15T00:00:00Z", Int64(833)),
            // 2500 × 864000 / 2419200 (28 days) = 892.857… → 893
            ("2027-02", "2027-02-05T00:00:00Z", "2027-02-15T00:00:00Z", 893),
            // 2500 × 864000 / 2505600 (29 days) = 862.068… → 862
            ("2028-02", "2028-02-05T00:00:00Z", "2028-02-15T00:00:00Z", 862),
        ]
    )
    func tenDays(month: String, start: String, end: String, cents: Int64) throws {
        let lines = MonthCharges.lines(
            for: [Self.period(2500, from: start, to: end)], in: try #require(BillingMonth(month)))
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.from == Date(utc: start) && line.to == Date(utc: end))
        #expect(line.seconds == 864_000)
        #expect(line.amountCents == cents)
        #expect(line.kind == .plan && line.usage == nil)
        #expect(line.priceCents == 2500 && line.planName == "basic" && line.serviceName == "redis")
    }

    @Test("A period across a month's end is one hour in each month, each prorated on its own month")
    func acrossMonths() throws {
        let period = Self.period(2500, from: "2027-01-31T23:00:00Z", to: "2027-02-01T01:00:00Z")
        // January 2027 has 31 days: 2500 × 3600 / 2678400 = 3.36… → 3
        let january = MonthCharges.lines(for: [period], in: try #require(BillingMonth("2027-01")))
        #expect(january.map(\.seconds) == [3600] && january.map(\.amountCents) == [3])
        #expect(january.first?.to == Date(utc: "2027-02-01T00:00:00Z"))
        // February 2027 has 28 days: 2500 × 3600 / 2419200 = 3.72… → 4
        let february = MonthCharges.lines(for: [period], in: try #require(BillingMonth("2027-02")))
        #expect(february.map(\.seconds) == [3600] && february.map(\.amountCents) == [4])
        #expect(february.first?.from == Date(utc: "2027-02-01T00:00:00Z"))
    }

    @Test("Half a cent rounds up")
    func halfCent() {
        // 2592 s is 00:43:12; 2500 × 2592 / 2592000 = 2.5 → 3
        let lines = MonthCharges.lines(
            for: [Self.period(2500, from: "2026-11-05T00:00:00Z", to: "2026-11-05T00:43:12Z")], in: Self.november)
        #expect(lines.map(\.amountCents) == [3])
    }

    @Test("A period covering the whole month costs exactly the price")
    func wholeMonth() {
        let lines = MonthCharges.lines(
            for: [Self.period(2500, from: "2026-10-15T08:00:00Z", to: nil)], in: Self.november)
        #expect(lines.map(\.amountCents) == [2500])
        #expect(lines.map(\.seconds) == [2_592_000])
        #expect(lines.first?.from == Self.november.start && lines.first?.to == Self.november.end)
    }

    @Test("An open period runs until `until`, and `until` past the month stops at its end")
    func openUntil() {
        let period = Self.period(2500, from: "2026-11-10T00:00:00Z", to: nil)
        // 10.5 days = 907200 s: 2500 × 907200 / 2592000 = 875 exactly
        let running = MonthCharges.lines(for: [period], in: Self.november, until: Date(utc: "2026-11-20T12:00:00Z"))
        #expect(running.map(\.seconds) == [907_200] && running.map(\.amountCents) == [875])
        #expect(running.first?.to == Date(utc: "2026-11-20T12:00:00Z"))
        // to December 1st: 21 days = 1814400 s, 2500 × 1814400 / 2592000 = 1750 exactly
        let later = MonthCharges.lines(for: [period], in: Self.november, until: Date(utc: "2027-01-01T00:00:00Z"))
        #expect(later.map(\.amountCents) == [1750] && later.first?.to == Self.november.end)
        // `until` also cuts a closed period short, and before the period leaves nothing
        let closed = Self.period(2500, from: "2026-11-10T00:00:00Z", to: "2026-11-30T00:00:00Z")
        let cut = MonthCharges.lines(for: [closed], in: Self.november, until: Date(utc: "2026-11-20T12:00:00Z"))
        #expect(cut.map(\.amountCents) == [875])
        #expect(MonthCharges.lines(for: [period], in: Self.november, until: Date(utc: "2026-11-09T00:00:00Z")).isEmpty)
    }

    @Test("A free plan gives a zero line")
    func freePlan() {
        let lines = MonthCharges.lines(
            for: [Self.period(0, from: "2026-11-05T00:00:00Z", to: "2026-11-15T00:00:00Z", plan: "hobby")],
            in: Self.november)
        #expect(lines.map(\.amountCents) == [0] && lines.map(\.seconds) == [864_000])
        #expect(lines.first?.planName == "hobby")
    }

    @Test("A plan change closes one period and opens another, each prorated on its own")
    func planChange() {
        let periods = [
            Self.period(2500, from: "2026-11-11T00:00:00Z", to: nil, plan: "premium"),
            Self.period(900, from: "2026-10-20T00:00:00Z", to: "2026-11-11T00:00:00Z", plan: "basic"),
        ]
        let lines = MonthCharges.lines(for: periods, in: Self.november)
        // basic, 10 days: 900 × 864000 / 2592000 = 300 exactly; premium, 20 days: 2500 × 1728000 / 2592000
        // = 1666.67 → 1667
        #expect(lines.map(\.planName) == ["basic", "premium"])
        #expect(lines.map(\.amountCents) == [300, 1667])
        #expect(InvoiceTotals(lines: lines) == InvoiceTotals(chargesTotal: 1967, creditsTotal: 0, total: 1967))
    }

    @Test("Periods outside the month, or ending where it starts, give no line")
    func outside() {
        let periods = [
            Self.period(2500, from: "2026-10-01T00:00:00Z", to: "2026-10-31T00:00:00Z"),
            Self.period(2500, from: "2026-10-01T00:00:00Z", to: "2026-11-01T00:00:00Z"),
            Self.period(2500, from: "2026-12-01T00:00:00Z", to: nil),
            Self.period(2500, from: "2026-11-10T00:00:00Z", to: "2026-11-10T00:00:00Z"),
        ]
        #expect(MonthCharges.lines(for: periods, in: Self.november).isEmpty)
        #expect(InvoiceTotals(lines: []) == InvoiceTotals(chargesTotal: 0, creditsTotal: 0, total: 0))
    }

    @Test("Only whole seconds are charged, and microsecond timestamps keep their whole seconds")
    func wholeSeconds() {
        // 2592000 ¢ over November's 2592000 s is a cent a second.
        var period = Self.period(2_592_000, from: "2026-11-05T00:00:00Z", to: "2026-11-05T00:00:10Z")
        period.start += 0.75
        period.end! += 0.25
        // 9.5 s → 9 s → 9 ¢
        #expect(MonthCharges.lines(for: [period], in: Self.november).map(\.seconds) == [9])
        // a period shorter than a second charges nothing and shows nothing
        period.end = period.start + 0.9
        #expect(MonthCharges.lines(for: [period], in: Self.november).isEmpty)
        // Across 2^30 s after 2001 (2035-01-10T13:37:04Z) a Double's step doubles, and microsecond times
        // exactly 10 s apart subtract to 9.99999988…: still 10 s, 10 ¢ at a cent a second of January 2035.
        period.priceCents = 2_678_400
        period.start = Date(timeIntervalSinceReferenceDate: 1_073_741_819.023758)
        period.end = Date(timeIntervalSinceReferenceDate: 1_073_741_829.023758)
        #expect(period.end!.timeIntervalSince(period.start) < 10)
        let january2035 = BillingMonth("2035-01")!
        #expect(MonthCharges.lines(for: [period], in: january2035).map(\.seconds) == [10])
        #expect(MonthCharges.lines(for: [period], in: january2035).map(\.amountCents) == [10])
    }

    @Test("Lines are ordered by start, then add-on id, whatever order the periods came in")
    func order() {
        let periods = [
            Self.period(2500, from: "2026-11-20T00:00:00Z", to: nil, addon: Self.first, plan: "c"),
            Self.period(2500, from: "2026-10-01T00:00:00Z", to: nil, addon: Self.second, plan: "b"),
            Self.period(2500, from: "2026-10-05T00:00:00Z", to: "2026-11-20T00:00:00Z", addon: Self.first, plan: "a"),
        ]
        #expect(MonthCharges.lines(for: periods, in: Self.november).map(\.planName) == ["a", "b", "c"])
        #expect(MonthCharges.lines(for: periods.reversed(), in: Self.november).map(\.planName) == ["a", "b", "c"])
    }

    @Test("Usage is quantity × unit price, one line per add-on, hour and unit, before `until`; late hours kept")
    func usageLines() {
        let usage = [
            Self.usage(4, hour: "2026-11-03T10:00:00Z"),
            Self.usage(3, hour: "2026-11-03T10:00:00Z"),
            Self.usage(2, unit: "gigabytes", hour: "2026-11-03T10:00:00Z"),
            Self.usage(1, hour: "2026-11-02T23:00:00Z"),
            Self.usage(9, hour: "2026-10-31T23:00:00Z"),
            Self.usage(9, hour: "2026-11-20T00:00:00Z"),
        ]
        let lines = MonthCharges.lines(forUsage: usage, until: Date(utc: "2026-11-20T00:00:00Z"))
        // October's hour reported late: 9 × 5 = 45; 1 × 5 = 5; gigabytes 2 × 5 = 10; requests (4 + 3) × 5 = 35
        #expect(lines.map(\.amountCents) == [45, 5, 10, 35])
        #expect(lines.first?.usage?.hour == Date(utc: "2026-10-31T23:00:00Z"))
        #expect(lines.map(\.usage?.quantity) == [9, 1, 2, 7])
        #expect(lines.map(\.usage?.unit) == ["requests", "requests", "gigabytes", "requests"])
        #expect(lines.allSatisfy { $0.kind == .usage && $0.seconds == 3600 && $0.priceCents == 5 })
        #expect(lines.last?.from == Date(utc: "2026-11-03T10:00:00Z"))
        #expect(lines.last?.to == Date(utc: "2026-11-03T11:00:00Z"))
        #expect(lines.last?.usage?.hour == Date(utc: "2026-11-03T10:00:00Z"))
        #expect(InvoiceTotals(lines: lines).total == 95)
    }

    @Test("A unit priced twice within an hour (a plan change) stays two lines, in a fixed order")
    func usageAcrossPlanChange() {
        var dearer = Self.usage(2, hour: "2026-11-03T10:00:00Z")
        dearer.unitPriceCents = 7
        dearer.planName = "metered-plus"
        for usage in [
            [dearer, Self.usage(3, hour: "2026-11-03T10:00:00Z")],
            [Self.usage(3, hour: "2026-11-03T10:00:00Z"), dearer],
        ] {
            let lines = MonthCharges.lines(forUsage: usage)
            // by plan name: metered 3 × 5 = 15, then metered-plus 2 × 7 = 14
            #expect(lines.map(\.amountCents) == [15, 14])
        }
    }

    @Test("Lines survive a JSON round trip, usage and all")
    func codable() throws {
        let lines =
            MonthCharges.lines(for: [Self.period(2500, from: "2026-11-05T00:00:00Z", to: nil)], in: Self.november)
            + MonthCharges.lines(forUsage: [Self.usage(3, hour: "2026-11-03T10:00:00Z")])
        let decoded = try JSONDecoder().decode([ChargeLine].self, from: JSONEncoder().encode(lines))
        #expect(decoded == lines)
        #expect(decoded.map(\.kind) == [.plan, .usage])
    }
}
