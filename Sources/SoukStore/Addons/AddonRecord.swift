import Foundation
import SoukCore

/// Everything Souk needs to drive one add-on at its provider: the add-on as customers see it, plus the
/// service's endpoint and secret (opened), the plan's slug and options, and the config the provider gave.
public struct AddonRecord: Sendable {
    public var addon: Addon
    public var serviceID: UUID
    public var flavour: ManifestFlavour
    public var baseURL: String
    public var apiUsername: String
    public var password: String
    public var requires: [String]
    public var planSlug: String
    public var planOptions: [String: String]
    public var options: [String: String]
    public var region: Region
    public var mapping: ConfigVarMapping
    /// The provider's config under its own names (declared, string values only).
    public var providerConfig: [String: String]
    public var createdBy: UUID?
    /// For a broker's service: the catalog's `service_id` and `plan_id`, and whether it binds.
    public var brokerServiceID: String? = nil
    public var brokerPlanID: String? = nil
    public var brokerBindable = false
    public var brokerPlanUpdateable = false
    /// The catalog's `maximum_polling_duration`, in seconds.
    public var brokerMaximumPollingDuration: Int? = nil
}
