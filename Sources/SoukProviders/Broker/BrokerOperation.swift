import Foundation

/// A broker's answer to `GET …/last_operation` (PROTOCOLS §7).
public struct BrokerOperation: Sendable, Equatable {
    public enum State: String, Sendable {
        case inProgress = "in progress"
        case succeeded
        case failed
    }

    public var state: State
    public var description: String?
    /// The broker's `Retry-After`, when it sent one in seconds.
    public var retryAfter: Duration?

    public init(state: State, description: String? = nil, retryAfter: Duration? = nil) {
        self.state = state
        self.description = description
        self.retryAfter = retryAfter
    }
}
