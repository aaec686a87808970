import Foundation

/// One month's invoice lines: each plan period's share of the month, and each hour of metered usage.
public enum MonthCharges {
    /// Each period's part of `month`, cut off at `until` (now, for a month still running), as a plan line
    /// prorated on its own. An open period runs to `until` or the month's end. Periods that miss the month,
    /// or overlap it by less than a second, give no line.
    ///
    /// Lines count whole seconds: the fraction of a second left over at the end of a period is not
    /// charged. Month boundaries are whole seconds, so clamping to the month adds no fraction of its own.
    public static func lines(for periods: [PlanPeriod], in month: BillingMonth, until: Date? = nil) -> [ChargeLine] {
        let monthStart = month.start
        let cutoff = min(month.end, until ?? month.end)
        let monthSeconds = month.seconds
        var lines: [ChargeLine] = []
        for period in periods {
            let from = max(period.start, monthStart)
            let to = min(period.end ?? cutoff, cutoff)
            guard from < to else { continue }
            let seconds = wholeSeconds(from: from, to: to)
            guard seconds > 0 else { continue }
            lines.append(
                ChargeLine(
                    addonID: period.addonID, addonName: period.addonName, appName: period.appName,
                    serviceID: period.serviceID, serviceName: period.serviceName, planName: period.planName,
                    priceCents: period.priceCents, from: from, to: to, seconds: seconds,
                    amountCents: Proration.cents(price: period.priceCents, seconds: seconds, ofMonth: monthSeconds)
                )
            )
        }
        return lines.sorted(by: ChargeLine.isOrderedBefore)
    }

    /// A usage line, `quantity × unit price`, per add-on, hour and unit, for the usage a month's invoice
    /// carries: the hours reported for it, and hours of an earlier month reported after that month closed
    /// (they keep their own hour). Hours from `until` on are left for later. Rows that differ only in
    /// quantity (several reports for one hour) are added up into one line.
    public static func lines(forUsage usage: [UsageCharge], until: Date? = nil) -> [ChargeLine] {
        var quantities: [UsageCharge: Int64] = [:]
        for charge in usage where until.map({ charge.hour < $0 }) ?? true {
            var key = charge
            key.quantity = 0
            quantities[key, default: 0] += charge.quantity
        }
        let lines = quantities.map { key, quantity in
            let to = key.hour.addingTimeInterval(3600)
            return ChargeLine(
                addonID: key.addonID, addonName: key.addonName, appName: key.appName, serviceID: key.serviceID,
                serviceName: key.serviceName, planName: key.planName, priceCents: key.unitPriceCents,
                from: key.hour, to: to, seconds: 3600, amountCents: quantity * key.unitPriceCents,
                usage: UsageDetail(
                    quantity: quantity, unit: key.unit, unitPriceCents: key.unitPriceCents, hour: key.hour)
            )
        }
        return lines.sorted(by: ChargeLine.isOrderedBefore)
    }

    /// `Date` is a Double whose step doubles at each power of two (the next is 2035-01-10), so microsecond
    /// times a whole number of seconds apart can subtract to a hair less. Measured to the microsecond
    /// PostgreSQL keeps, they stay whole rather than losing a second to the floor.
    static func wholeSeconds(from: Date, to: Date) -> Int64 {
        Int64((to.timeIntervalSince(from) * 1_000_000).rounded()) / 1_000_000
    }
}
