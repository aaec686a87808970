/// A plan as a provider defines it, in a manifest or through the plans endpoints.
public struct PlanDefinition: Sendable, Equatable {
    /// The plan's slug within its service (`basic`; the catalog shows `service:basic`).
    public var name: String
    public var humanName: String
    public var description: String
    public var priceCents: Int
    public var priceUnit: String
    /// Priced per `priceUnit` used, as the provider reports usage, rather than by the month.
    public var metered: Bool
    public var isDefault: Bool
    /// Scalingo plans may carry options sent to the provider at provisioning.
    public var options: [String: String]
    /// The plan's id in its broker's catalog (Open Service Broker services only): what Souk sends as `plan_id`.
    public var brokerPlanID: String?

    public init(
        name: String, humanName: String, description: String = "", priceCents: Int = 0, priceUnit: String = "month",
        metered: Bool = false, isDefault: Bool = false, options: [String: String] = [:], brokerPlanID: String? = nil
    ) {
        self.name = name
        self.humanName = humanName
        self.description = description
        self.priceCents = priceCents
        self.priceUnit = priceUnit
        self.metered = metered
        self.isDefault = isDefault
        self.options = options
        self.brokerPlanID = brokerPlanID
    }
}
