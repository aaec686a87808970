import Foundation

/// What a metered add-on used of one unit in one hour, at its plan's price per unit.
public struct UsageCharge: Sendable, Hashable, Codable {
    public var addonID: UUID
    public var addonName: String
    public var appName: String
    public var serviceID: UUID
    /// The add-on service's slug.
    public var serviceName: String
    public var planName: String
    public var unit: String
    public var quantity: Int64
    public var unitPriceCents: Int64
    /// The start of the hour the usage was reported for.
    public var hour: Date

    public init(
        addonID: UUID, addonName: String, appName: String, serviceID: UUID, serviceName: String, planName: String,
        unit: String, quantity: Int64, unitPriceCents: Int64, hour: Date
    ) {
        self.addonID = addonID
        self.addonName = addonName
        self.appName = appName
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.planName = planName
        self.unit = unit
        self.quantity = quantity
        self.unitPriceCents = unitPriceCents
        self.hour = hour
    }
}
