import Foundation

/// An add-on, in the Heroku Platform API v3 shape.
public struct Addon: Codable, Sendable, Equatable {
    /// How an add-on points at its plan (`name` is `service:plan`).
    public typealias PlanReference = NamedReference

    public var id: UUID
    public var name: String
    public var addonService: AddonService.Reference
    public var plan: PlanReference
    /// The billing app.
    public var app: AppReference
    /// The names its vars have in the billing app.
    public var configVars: [String]
    public var providerID: String?
    public var provisionMessage: String?
    public var state: AddonState
    public var webURL: String?
    public var createdAt: Date
    public var updatedAt: Date
    /// Heroku's `billed_price`: what the add-on's plan costs (`cents` a `unit`; metered plans per unit used).
    public var billedPrice: Plan.Price?

    public init(
        id: UUID, name: String, addonService: AddonService.Reference, plan: PlanReference, app: AppReference,
        configVars: [String], providerID: String?, provisionMessage: String?, state: AddonState, webURL: String?,
        createdAt: Date, updatedAt: Date, billedPrice: Plan.Price? = nil
    ) {
        self.id = id
        self.name = name
        self.addonService = addonService
        self.plan = plan
        self.app = app
        self.configVars = configVars
        self.providerID = providerID
        self.provisionMessage = provisionMessage
        self.state = state
        self.webURL = webURL
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.billedPrice = billedPrice
    }

    /// Heroku's `billing_entity`: in Souk always the billing app (Heroku also bills teams).
    public var billingEntity: BillingEntity { BillingEntity(id: app.id, name: app.name, type: "app") }

    /// Who pays for an add-on, in Heroku's shape.
    public struct BillingEntity: Encodable, Sendable, Equatable {
        public var id: UUID
        public var name: String
        public var type: String
    }

    enum CodingKeys: String, CodingKey {
        case id, name, plan, app, state, actions
        case billingEntity = "billing_entity"
        case addonService = "addon_service"
        case configVars = "config_vars"
        case providerID = "provider_id"
        case provisionMessage = "provision_message"
        case webURL = "web_url"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case billedPrice = "billed_price"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        addonService = try container.decode(AddonService.Reference.self, forKey: .addonService)
        plan = try container.decode(PlanReference.self, forKey: .plan)
        app = try container.decode(AppReference.self, forKey: .app)
        configVars = try container.decode([String].self, forKey: .configVars)
        providerID = try container.decodeIfPresent(String.self, forKey: .providerID)
        provisionMessage = try container.decodeIfPresent(String.self, forKey: .provisionMessage)
        state = try container.decode(AddonState.self, forKey: .state)
        webURL = try container.decodeIfPresent(String.self, forKey: .webURL)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
        billedPrice = try container.decodeIfPresent(Plan.Price.self, forKey: .billedPrice)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(addonService, forKey: .addonService)
        try container.encode(plan, forKey: .plan)
        try container.encode(app, forKey: .app)
        try container.encode(billingEntity, forKey: .billingEntity)
        try container.encode(configVars, forKey: .configVars)
        try container.encode(providerID, forKey: .providerID)
        try container.encode(provisionMessage, forKey: .provisionMessage)
        try container.encode(state, forKey: .state)
        try container.encode(webURL, forKey: .webURL)
        try container.encode([String](), forKey: .actions)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(billedPrice, forKey: .billedPrice)
    }
}
