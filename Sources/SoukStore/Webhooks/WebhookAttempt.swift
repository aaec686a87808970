import Foundation
import SoukCore

/// What became of one claimed delivery: an attempt's outcome, or its release unsent (an earlier delivery to the
/// same webhook is to be retried first, or the batch ran out of time), which gives its attempt back.
public struct WebhookAttempt: Sendable {
    public enum Outcome: Sendable {
        /// Sent: the answer's status, or none with why, and where the delivery goes from here.
        case sent(attemptID: UUID, code: Int?, errorClass: String?, status: WebhookDelivery.Status, retryAt: Date?)
        case released
    }

    public var dispatch: WebhookDispatch
    public var outcome: Outcome

    public init(_ dispatch: WebhookDispatch, _ outcome: Outcome) {
        self.dispatch = dispatch
        self.outcome = outcome
    }
}
