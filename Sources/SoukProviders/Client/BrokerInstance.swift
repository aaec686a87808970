import Foundation

/// What an Open Service Broker call needs beyond where and as whom: the catalog ids of the instance's service
/// and plan, and the binding that gives the billing app its credentials.
public struct BrokerInstance: Sendable, Equatable {
    /// The catalog's `service_id`.
    public var serviceID: String
    /// The catalog's `plan_id`.
    public var planID: String
    /// A service that is not bindable has no credentials: it provisions with no config vars.
    public var bindable: Bool
    /// The billing app's binding. It has the add-on's own id: one id per instance, known before any call, so
    /// that a retry or an orphan mitigation names the same binding.
    public var bindingID: UUID
    /// The billing app, sent as `space_guid`, `bind_resource.app_guid` and in `context`.
    public var appID: UUID
    public var appName: String
    /// The account that made the add-on, sent as `organization_guid`.
    public var ownerID: UUID
    /// The account whose request caused the call, if any: sent as `X-Broker-API-Originating-Identity`.
    public var actor: UUID?

    public init(
        serviceID: String, planID: String, bindable: Bool, bindingID: UUID, appID: UUID, appName: String,
        ownerID: UUID, actor: UUID? = nil
    ) {
        self.serviceID = serviceID
        self.planID = planID
        self.bindable = bindable
        self.bindingID = bindingID
        self.appID = appID
        self.appName = appName
        self.ownerID = ownerID
        self.actor = actor
    }
}
