import SoukCore

/// A broker's yes to a binding: its credentials, or (202) an operation Souk polls through the binding's
/// `last_operation` before it fetches them.
public enum BrokerBindingAnswer: Sendable, Equatable {
    case bound([String: JSONValue])
    case inProgress(operation: String?)
}
