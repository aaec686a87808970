import SoukCore

/// A provider's yes to a plan change; without `config` the old values stay.
public struct PlanChangeResult: Sendable {
    public var config: [String: JSONValue]?
    public var message: String?
    /// A broker's 202: the change is under way, and Souk polls `last_operation` with `operation` until it ends.
    public var pending = false
    public var operation: String?

    public init(config: [String: JSONValue]? = nil, message: String? = nil) {
        self.config = config
        self.message = message
    }
}
