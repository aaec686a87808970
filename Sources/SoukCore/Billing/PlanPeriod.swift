import Foundation

/// A stretch of time an add-on spent on one plan: from the start of provisioning, or from a plan change,
/// to its removal or its next plan change.
public struct PlanPeriod: Sendable, Hashable, Codable {
    public var addonID: UUID
    public var addonName: String
    public var appName: String
    public var serviceID: UUID
    /// The add-on service's slug.
    public var serviceName: String
    public var planName: String
    /// The plan's monthly price.
    public var priceCents: Int64
    public var start: Date
    /// Nil while the add-on is still on the plan.
    public var end: Date?

    public init(
        addonID: UUID, addonName: String, appName: String, serviceID: UUID, serviceName: String, planName: String,
        priceCents: Int64, start: Date, end: Date?
    ) {
        self.addonID = addonID
        self.addonName = addonName
        self.appName = appName
        self.serviceID = serviceID
        self.serviceName = serviceName
        self.planName = planName
        self.priceCents = priceCents
        self.start = start
        self.end = end
    }
}
