import Foundation

/// What ties an add-on service to the broker whose catalog it came from; the ids never change.
public struct BrokerLink: Sendable, Equatable {
    public var brokerID: UUID
    /// The catalog's `service_id`.
    public var serviceID: String
    public var bindable: Bool
    public var planUpdateable: Bool

    public init(brokerID: UUID, serviceID: String, bindable: Bool, planUpdateable: Bool) {
        self.brokerID = brokerID
        self.serviceID = serviceID
        self.bindable = bindable
        self.planUpdateable = planUpdateable
    }
}
