import Foundation

/// A closed month's takings for admins: each service's gross, fee and net, and their sums.
public struct Revenue: Encodable, Sendable, Equatable {
    public var month: BillingMonth
    public var services: [Payout]

    public init(month: BillingMonth, services: [Payout]) {
        self.month = month
        self.services = services
    }

    enum CodingKeys: String, CodingKey {
        case month, services
        case grossCents = "gross_cents"
        case feeCents = "fee_cents"
        case netCents = "net_cents"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(month, forKey: .month)
        try container.encode(services.reduce(0) { $0 + $1.grossCents }, forKey: .grossCents)
        try container.encode(services.reduce(0) { $0 + $1.feeCents }, forKey: .feeCents)
        try container.encode(services.reduce(0) { $0 + $1.netCents }, forKey: .netCents)
        try container.encode(services, forKey: .services)
    }
}
