import Foundation
import SoukCore
import Synchronization

extension FakeProvider {
    enum Operation: Sendable, Hashable {
        case provision
        case changePlan
        case deprovision
    }

    /// How a fake departs from a good provider. Everything but `reply` first does the normal work (creates,
    /// changes or removes the resource), then alters the answer, as a provider that crashed or hung after doing
    /// the work would.
    enum Behaviour: Sendable {
        /// This answer instead, with no work done: any status, body and content type (`nil`: no header).
        case reply(status: Int, body: String, contentType: String? = "application/json")
        /// The normal body under another status.
        case status(Int)
        /// `id` replaced by this JSON value (`.number(42)`, a long string…), or removed when `nil`.
        case id(JSONValue?)
        /// `config` replaced (undeclared keys, non-string values…), or removed when `nil`.
        case config(JSONValue?)
        /// The normal JSON labelled otherwise (`text/html`, `text/plain`), or unlabelled when `nil`.
        case contentType(String?)
        /// 202 without config: asynchronous provisioning.
        case accepted
        /// A 2xx whose body is not JSON.
        case garbage
        /// A 2xx body over 1 MiB, with a Content-Length or chunked.
        case oversized(declaringLength: Bool)
        /// A redirect the client must not follow.
        case redirect(status: Int, location: String)
        /// Answers only after this long.
        case hang(Duration)
        /// Sends the head and a first byte of the body, then waits this long before the rest.
        case stallBody(Duration)
        /// Closes the connection without answering.
        case closeConnection
    }

    struct Rule: Sendable {
        var behaviours: [Behaviour]
        /// `nil`: for ever.
        var remaining: Int?
    }

    /// Applies `behaviours` to the next `times` calls of `operation`, or to all of them when `times` is `nil`.
    /// Rules queue up: the first one applies until it runs out.
    func misbehave(_ operation: Operation, times: Int? = nil, _ behaviours: Behaviour...) {
        misbehave(operation, times: times, behaviours: behaviours)
    }

    func misbehave(_ operation: Operation, times: Int? = nil, behaviours: [Behaviour]) {
        state.withLock { $0.rules[operation, default: []].append(Rule(behaviours: behaviours, remaining: times)) }
    }

    /// Back to good behaviour.
    func behave() {
        state.withLock { $0.rules = [:] }
    }

    func takeBehaviours(for operation: Operation) -> [Behaviour] {
        state.withLock { state in
            guard var rule = state.rules[operation]?.first else { return [] }
            if let remaining = rule.remaining {
                rule.remaining = remaining - 1
                if remaining <= 1 {
                    state.rules[operation]?.removeFirst()
                } else {
                    state.rules[operation]?[0] = rule
                }
            }
            return rule.behaviours
        }
    }
}
