import Foundation
import SoukCore

/// A second, independent reckoning of plan lines, for checking `MonthCharges` against: it walks each
/// period day by day over the month's UTC days as `Calendar` lays them out, adds up the seconds, and
/// prorates with decimal arithmetic. It shares nothing with the production code but the rules.
enum ReferenceBilling {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The lines `MonthCharges.lines(for:in:until:)` should give, in the order of `periods`.
    static func lines(for periods: [PlanPeriod], in month: BillingMonth, until: Date?) -> [ChargeLine] {
        let days = days(of: month)
        let monthSeconds = days.reduce(Int64(0)) { $0 + Int64($1.duration) }
        return periods.compactMap { period in
            var microseconds: Int64 = 0
            var from: Date?
            var to: Date?
            for day in days {
                let start = max(day.start, period.start)
                let end = [day.end, period.end, until].compactMap(\.self).min()!
                guard start < end else { continue }
                // Each day's stretch to the microsecond; the remainder past the last whole second is dropped
                // once, from the total.
                microseconds += Int64((end.timeIntervalSince(start) * 1_000_000).rounded())
                from = from ?? start
                to = end
            }
            let seconds = microseconds / 1_000_000
            guard let from, let to, seconds > 0 else { return nil }
            return ChargeLine(
                addonID: period.addonID, addonName: period.addonName, appName: period.appName,
                serviceID: period.serviceID, serviceName: period.serviceName, planName: period.planName,
                priceCents: period.priceCents, from: from, to: to, seconds: seconds,
                amountCents: prorated(period.priceCents, seconds: seconds, of: monthSeconds)
            )
        }
    }

    /// The month's days, from the 1st until the calendar moves to another month.
    private static func days(of month: BillingMonth) -> [DateInterval] {
        var days: [DateInterval] = []
        var day = calendar.date(from: DateComponents(year: month.year, month: month.month, day: 1))!
        while calendar.component(.month, from: day) == month.month {
            let next = calendar.date(byAdding: .day, value: 1, to: day)!
            days.append(DateInterval(start: day, end: next))
            day = next
        }
        return days
    }

    /// `price × seconds / monthSeconds` in decimal, rounded half away from zero (half-up, for charges), at
    /// most the price.
    private static func prorated(_ price: Int64, seconds: Int64, of monthSeconds: Int64) -> Int64 {
        var exact = Decimal(price) * Decimal(seconds) / Decimal(monthSeconds)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return min(price, Int64("\(rounded)")!)
    }
}
