import Foundation

/// A plan of an add-on service, in the Heroku Platform API v3 shape (`name` is `service:plan`).
public struct Plan: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case `public`
        case deprecated
    }

    public struct Price: Codable, Sendable, Equatable {
        public var cents: Int
        public var unit: String
        /// A metered plan costs `cents` per `unit` used, as its provider reports usage hourly.
        public var metered: Bool

        public init(cents: Int, unit: String, metered: Bool = false) {
            self.cents = cents
            self.unit = unit
            self.metered = metered
        }

        /// Heroku's `contract` (priced outside monthly billing) is always `false`: Souk has no contracts.
        public var contract: Bool { false }

        /// Decoding keeps the synthesized keys (clients send no `contract`); encoding adds it.
        private enum WireKeys: String, CodingKey { case cents, unit, contract, metered }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: WireKeys.self)
            cents = try container.decode(Int.self, forKey: .cents)
            unit = try container.decode(String.self, forKey: .unit)
            metered = try container.decodeIfPresent(Bool.self, forKey: .metered) ?? false
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: WireKeys.self)
            try container.encode(cents, forKey: .cents)
            try container.encode(contract, forKey: .contract)
            try container.encode(unit, forKey: .unit)
            try container.encode(metered, forKey: .metered)
        }
    }

    public var id: UUID
    public var addonService: AddonService.Reference
    /// The plan's own slug, without the service.
    public var slug: String
    public var humanName: String
    public var description: String
    public var price: Price
    public var isDefault: Bool
    public var state: State
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, addonService: AddonService.Reference, slug: String, humanName: String, description: String,
        price: Price, isDefault: Bool, state: State, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.addonService = addonService
        self.slug = slug
        self.humanName = humanName
        self.description = description
        self.price = price
        self.isDefault = isDefault
        self.state = state
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var name: String { "\(addonService.name):\(slug)" }

    enum CodingKeys: String, CodingKey {
        case id, name, description, price, state, visible, compliance
        case addonService = "addon_service"
        case humanName = "human_name"
        case isDefault = "default"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case installableInsidePrivateNetwork = "installable_inside_private_network"
        case installableOutsidePrivateNetwork = "installable_outside_private_network"
        case spaceDefault = "space_default"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        addonService = try container.decode(AddonService.Reference.self, forKey: .addonService)
        let name = try container.decode(String.self, forKey: .name)
        slug = name.split(separator: ":", maxSplits: 1).last.map(String.init) ?? name
        humanName = try container.decode(String.self, forKey: .humanName)
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        price = try container.decode(Price.self, forKey: .price)
        isDefault = try container.decode(Bool.self, forKey: .isDefault)
        state = try container.decode(State.self, forKey: .state)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(addonService, forKey: .addonService)
        try container.encode(humanName, forKey: .humanName)
        try container.encode(description, forKey: .description)
        try container.encode(price, forKey: .price)
        try container.encode(isDefault, forKey: .isDefault)
        try container.encode(state, forKey: .state)
        try container.encode(state == .public, forKey: .visible)
        try container.encodeNil(forKey: .compliance)
        try container.encode(false, forKey: .installableInsidePrivateNetwork)
        try container.encode(true, forKey: .installableOutsidePrivateNetwork)
        try container.encode(false, forKey: .spaceDefault)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }
}
