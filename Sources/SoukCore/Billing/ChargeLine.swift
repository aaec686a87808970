import Foundation

/// One line of an invoice: an add-on's time on one plan within one month, or one hour of one metered unit.
public struct ChargeLine: Sendable, Hashable, Codable {
    public var addonID: UUID
    public var addonName: String
    public var appName: String
    public var serviceID: UUID
    /// The add-on service's slug.
    public var serviceName: String
    public var planName: String
    /// The plan's monthly price on a plan line, the price of one unit on a usage line.
    public var priceCents: Int64
    /// On a plan line, the later of the period's start and the month's; on a usage line, the usage's hour.
    public var from: Date
    /// On a plan line, the earliest of the period's end, the month's and `until`; on a usage line, an hour
    /// after `from`.
    public var to: Date
    /// Whole seconds from `from` to `to`, what a plan line is prorated on.
    public var seconds: Int64
    public var amountCents: Int64
    /// What was metered, on a usage line; nil on a plan line.
    public var usage: UsageDetail?

    public init(
        addonID: UUID, addonName: String, appName: String, serviceID: UUID, serviceName: String, planName: String,
        priceCents: Int64, from: Date, to: Date, seconds: Int64, amountCents: Int64, usage: UsageDetail? = nil
    ) {
        self.addonID = addonID
        self.addonName = addonName
        self.appName = appName
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.planName = planName
        self.priceCents = priceCents
        self.from = from
        self.to = to
        self.seconds = seconds
        self.amountCents = amountCents
        self.usage = usage
    }

    public var kind: ChargeKind { usage == nil ? .plan : .usage }

    /// The order lines are listed in: by start, then add-on id, a plan line before its usage, then unit,
    /// end, plan and price. Invoices built twice from the same rows list their lines identically, whatever
    /// order the rows came in (and dictionaries iterate in a different order in every process).
    public static func isOrderedBefore(_ lhs: ChargeLine, _ rhs: ChargeLine) -> Bool {
        if lhs.from != rhs.from { return lhs.from < rhs.from }
        // UUID is Comparable only on recent platforms; its uppercase hex string sorts like its bytes.
        if lhs.addonID != rhs.addonID { return lhs.addonID.uuidString < rhs.addonID.uuidString }
        if lhs.kind != rhs.kind { return lhs.kind == .plan }
        if lhs.usage?.unit != rhs.usage?.unit { return (lhs.usage?.unit ?? "") < (rhs.usage?.unit ?? "") }
        if lhs.to != rhs.to { return lhs.to < rhs.to }
        if lhs.planName != rhs.planName { return lhs.planName < rhs.planName }
        return lhs.priceCents < rhs.priceCents
    }
}
