import Foundation
import Testing

@testable import SoukCore

@Suite("Billing against an independent reckoning")
struct ReferenceBillingTests {
    static let prices: [Int64] = [0, 1, 999, 2500, 4999, 2_419_200, 2_678_400, 100_000_000]

    /// Periods from mid-November 2026 to mid-April 2027, so that they start before, in and after the
    /// months checked; some on midnights, some with milliseconds, some shorter than a second, some open.
    static func randomPeriods(count: Int, using random: inout SplitMix64) -> [PlanPeriod] {
        let earliest = Date(utc: "2026-11-15T00:00:00Z").timeIntervalSince1970
        let latest = Date(utc: "2027-04-15T00:00:00Z").timeIntervalSince1970
        return (0..<count).map { index in
            var start = TimeInterval(Int64.random(in: Int64(earliest)..<Int64(latest), using: &random))
            switch Int.random(in: 0..<4, using: &random) {
            case 0: start -= start.truncatingRemainder(dividingBy: 86_400)
            case 1: start += TimeInterval(Int.random(in: 1..<1000, using: &random)) / 1000
            default: break
            }
            let length: TimeInterval =
                switch Int.random(in: 0..<5, using: &random) {
                case 0: TimeInterval(Int.random(in: 1..<1000, using: &random)) / 1000
                case 1: TimeInterval(Int.random(in: 1...7200, using: &random))
                case 2: TimeInterval(Int.random(in: 1...40, using: &random) * 86_400)
                default: TimeInterval(Int.random(in: 1...(100 * 86_400), using: &random))
                }
            let isOpen = Int.random(in: 0..<5, using: &random) == 0
            let hex = String(index, radix: 16)
            return PlanPeriod(
                addonID: UUID(
                    uuidString: "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - hex.count) + hex)!,
                addonName: "addon-\(index)", appName: "app-\(index)",
                serviceID: UUID(uuidString: "00000000-0000-0000-0000-0000000000aa")!, serviceName: "redis",
                planName: "plan-\(index)", priceCents: prices.randomElement(using: &random)!,
                start: Date(timeIntervalSince1970: start),
                end: isOpen ? nil : Date(timeIntervalSince1970: start + length)
            )
        }
    }

    @Test("MonthCharges agrees with a day-by-day reckoning on 200 random periods, December 2026 to March 2027")
    func agrees() {
        var random = SplitMix64(seed: 14)
        let periods = Self.randomPeriods(count: 200, using: &random)
        for month in ["2026-12", "2027-01", "2027-02", "2027-03"].compactMap(BillingMonth.init) {
            let midMonth = month.start + TimeInterval(Int.random(in: 0..<Int(month.seconds), using: &random))
            for until in [nil, midMonth, month.start, month.end + 86_400] {
                let production = MonthCharges.lines(for: periods, in: month, until: until)
                let reference = ReferenceBilling.lines(for: periods, in: month, until: until).sorted {
                    ($0.from, $0.addonID.uuidString) < ($1.from, $1.addonID.uuidString)
                }
                #expect(production.count == reference.count, "\(month) until \(String(describing: until))")
                for (made, expected) in zip(production, reference) where made != expected {
                    Issue.record("\(month) until \(String(describing: until)): \(made) ≠ \(expected)")
                }
                if until == nil { #expect(!production.isEmpty) }
            }
        }
    }
}
