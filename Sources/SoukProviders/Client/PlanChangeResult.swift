import SoukCore

/// A provider's yes to a plan change; without `config` the old values stay.
public struct PlanChangeResult: Sendable {
    public var config: [String: JSONValue]?
    public var message: String?

    public init(config: [String: JSONValue]? = nil, message: String? = nil) {
        self.config = config
        self.message = message
    }
}
