import Foundation

/// A line of an invoice as customers, providers and admins read it: an add-on's time on one plan in the
/// month, or one hour of one metered unit.
public struct InvoiceLine: Encodable, Sendable, Equatable {
    public var line: ChargeLine

    public init(_ line: ChargeLine) {
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case addon, app, plan, kind, seconds, quantity, unit
        case addonService = "addon_service"
        case priceCents = "price_cents"
        case startsAt = "starts_at"
        case endsAt = "ends_at"
        case usageHour = "usage_hour"
        case amountCents = "amount_cents"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(NamedReference(id: line.addonID, name: line.addonName), forKey: .addon)
        try container.encode(["name": line.appName], forKey: .app)
        try container.encode(NamedReference(id: line.serviceID, name: line.serviceName), forKey: .addonService)
        try container.encode(["name": "\(line.serviceName):\(line.planName)"], forKey: .plan)
        try container.encode(line.kind.rawValue, forKey: .kind)
        try container.encode(line.priceCents, forKey: .priceCents)
        try container.encode(line.from, forKey: .startsAt)
        try container.encode(line.to, forKey: .endsAt)
        try container.encode(line.seconds, forKey: .seconds)
        try container.encode(line.usage?.quantity, forKey: .quantity)
        try container.encode(line.usage?.unit, forKey: .unit)
        try container.encode(line.usage?.hour, forKey: .usageHour)
        try container.encode(line.amountCents, forKey: .amountCents)
    }
}
