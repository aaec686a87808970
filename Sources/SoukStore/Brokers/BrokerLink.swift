import Foundation
import SoukCore

/// What ties an add-on service to the broker whose catalog it came from; the ids never change.
public struct BrokerLink: Sendable, Equatable {
    public var brokerID: UUID
    /// The catalog's `service_id`.
    public var serviceID: String
    public var bindable: Bool
    public var planUpdateable: Bool
    public var maximumPollingDuration: Int?
    public var dashboardClient: String?

    public init(brokerID: UUID, service: BrokerCatalog.Service) {
        self.brokerID = brokerID
        self.serviceID = service.brokerServiceID
        self.bindable = service.bindable
        self.planUpdateable = service.planUpdateable
        self.maximumPollingDuration = service.maximumPollingDuration
        self.dashboardClient = service.dashboardClient
    }
}
