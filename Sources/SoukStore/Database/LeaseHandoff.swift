import PostgresNIO
import Synchronization

/// The first outcome of a lease (served, failed, given up, cancelled) reaches the waiting caller; later
/// ones are refused. An outcome may come before the caller waits (a task cancelled on arrival).
final class LeaseHandoff: Sendable {
    private struct State {
        var continuation: CheckedContinuation<PostgresConnection, any Error>?
        var early: Result<PostgresConnection, any Error>?
        var settled = false
    }

    private let state = Mutex(State())

    /// Whether the lease is still to be served: false when an early outcome answered at once.
    func wait(with continuation: CheckedContinuation<PostgresConnection, any Error>) -> Bool {
        let early = state.withLock { state in
            if state.settled { return state.early.take() }
            state.continuation = continuation
            return nil
        }
        guard let early else { return true }
        continuation.resume(with: early)
        return false
    }

    /// Whether `outcome` was the first, and so the one the caller gets.
    @discardableResult
    func settle(_ outcome: Result<PostgresConnection, any Error>) -> Bool {
        let first = state.withLock { state -> (CheckedContinuation<PostgresConnection, any Error>?)? in
            guard !state.settled else { return nil }
            state.settled = true
            if state.continuation == nil { state.early = outcome }
            defer { state.continuation = nil }
            return .some(state.continuation)
        }
        guard let first else { return false }
        first?.resume(with: outcome)
        return true
    }
}
