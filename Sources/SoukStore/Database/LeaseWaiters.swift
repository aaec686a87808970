import Synchronization

/// The leases waiting for a pooled connection, so that their waits can be ended: all at once when the
/// database is found unreachable (and new ones at once while it stays so), and each when the lease limit
/// has passed. One sweep for all, rather than a timer per lease, keeps a served lease's cost to a task.
final class LeaseWaiters: Sendable {
    struct Ticket: Sendable {
        fileprivate let id: UInt64
    }

    private struct Waiter {
        let since: ContinuousClock.Instant
        let handoff: LeaseHandoff
        let holder: Task<Void, Never>
    }

    private struct State {
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
        var unreachable = false
    }

    private let state = Mutex(State())

    /// Registers a lease's wait, or ends it at once while the database is unreachable.
    func add(_ handoff: LeaseHandoff, holder: Task<Void, Never>) -> Ticket? {
        let ticket = state.withLock { state -> Ticket? in
            guard !state.unreachable else { return nil }
            state.nextID += 1
            state.waiters[state.nextID] = Waiter(since: .now, handoff: handoff, holder: holder)
            return Ticket(id: state.nextID)
        }
        if ticket == nil, handoff.settle(.failure(DatabaseUnavailableError.unreachable)) { holder.cancel() }
        return ticket
    }

    func remove(_ ticket: Ticket) {
        _ = state.withLock { $0.waiters.removeValue(forKey: ticket.id) }
    }

    /// While unreachable, every wait ends with `DatabaseUnavailableError.unreachable`.
    func record(reachable: Bool) {
        let ended = state.withLock { state in
            state.unreachable = !reachable
            return reachable ? [] : Array(state.waiters.values)
        }
        for waiter in ended { end(waiter, .unreachable) }
    }

    /// Ends every wait under way with `DatabaseUnavailableError.unreachable` (they wait on a host no longer used).
    func endAll() {
        let ended = state.withLock { Array($0.waiters.values) }
        for waiter in ended { end(waiter, .unreachable) }
    }

    /// Ends the waits that began more than `limit` ago.
    func expire(olderThan limit: Duration) {
        let deadline = ContinuousClock.now - limit
        let ended = state.withLock { state in state.waiters.values.filter { $0.since < deadline } }
        for waiter in ended { end(waiter, .noConnection(within: limit)) }
    }

    private func end(_ waiter: Waiter, _ error: DatabaseUnavailableError) {
        // A lease already served keeps its connection; only a wait still in the pool's queue is withdrawn.
        if waiter.handoff.settle(.failure(error)) { waiter.holder.cancel() }
    }
}
