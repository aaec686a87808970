import SoukCore

/// A provider's yes to a provision call.
public struct ProvisionResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// 200 or 201: the resource exists and `config` is final.
        case provisioned
        /// 202: the provider completes later through the partner API, or (a broker) when Souk polls it.
        case provisioning
    }

    public var outcome: Outcome
    /// The provider's id for the resource, in string form whatever JSON type it came as.
    public var providerID: String
    /// `nil` when the provider sent none. Values are kept as sent; mapping them is the caller's job.
    public var config: [String: JSONValue]?
    public var message: String?
    public var logDrainURL: String?
    /// A broker's `operation` from its 202, to send back when polling `last_operation`.
    public var operation: String?
    /// A broker made the instance and binds the billing app asynchronously: the binding's `last_operation` is
    /// polled, not the instance's.
    public var bindingPending = false
    /// A broker instance's own dashboard (`dashboard_url`, http or https only), where single sign-on leads.
    public var dashboardURL: String?

    public init(
        outcome: Outcome,
        providerID: String,
        config: [String: JSONValue]? = nil,
        message: String? = nil,
        logDrainURL: String? = nil
    ) {
        self.outcome = outcome
        self.providerID = providerID
        self.config = config
        self.message = message
        self.logDrainURL = logDrainURL
    }
}
