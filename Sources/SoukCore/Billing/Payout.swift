import Foundation

/// What one add-on service earned its provider in one closed month: the gross of its invoice lines, Souk's
/// fee and the net paid out (`SOUK_PROVIDER_SHARE` of the gross, rounded half-up; the fee is the rest, so
/// payouts and fees add up to the invoices to the cent). `addons` lists the add-ons behind it in a detail.
public struct Payout: Encodable, Sendable, Equatable {
    /// One add-on's part of a payout.
    public struct AddonShare: Encodable, Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var grossCents: Int64

        public init(id: UUID, name: String, grossCents: Int64) {
            self.id = id
            self.name = name
            self.grossCents = grossCents
        }

        enum CodingKeys: String, CodingKey {
            case id, name
            case grossCents = "gross_cents"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(grossCents, forKey: .grossCents)
        }
    }

    public var month: BillingMonth
    public var addonService: NamedReference
    public var grossCents: Int64
    public var feeCents: Int64
    public var netCents: Int64
    public var addons: [AddonShare]?

    public init(
        month: BillingMonth, addonService: NamedReference, grossCents: Int64, share: ProviderShare,
        addons: [AddonShare]? = nil
    ) {
        self.month = month
        self.addonService = addonService
        self.grossCents = grossCents
        let split = share.split(gross: grossCents)
        self.netCents = split.net
        self.feeCents = split.fee
        self.addons = addons
    }

    enum CodingKeys: String, CodingKey {
        case month, addons
        case addonService = "addon_service"
        case grossCents = "gross_cents"
        case feeCents = "fee_cents"
        case netCents = "net_cents"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(month, forKey: .month)
        try container.encode(addonService, forKey: .addonService)
        try container.encode(grossCents, forKey: .grossCents)
        try container.encode(feeCents, forKey: .feeCents)
        try container.encode(netCents, forKey: .netCents)
        if let addons { try container.encode(addons, forKey: .addons) }
    }
}
