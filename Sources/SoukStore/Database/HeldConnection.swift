import PostgresNIO
import Synchronization

/// A lease a task holds for a run of statements that would otherwise each lease a connection
/// (`Database.holding`): lent to one `withConnection` at a time, and handed back to the pool when the scope
/// has ended and nothing borrows it. A borrow that finds it lent (a concurrent child task), lost, or the scope
/// over (an unstructured task that inherited it) gets nothing, and the caller leases a connection of its own.
final class HeldConnection: Sendable {
    /// The connection the current task's scope holds, if any.
    @TaskLocal static var current: HeldConnection?

    /// The pool it came from: only that `Database`, or a view of it, may borrow it.
    let pool: ObjectIdentifier
    private let lease: BoundedLease
    private let state = Mutex(State())
    private let released: @Sendable () -> Void

    private struct State {
        var lent = false
        var ended = false
    }

    init(lease: BoundedLease, pool: ObjectIdentifier, released: @escaping @Sendable () -> Void) {
        self.lease = lease
        self.pool = pool
        self.released = released
    }

    /// The connection, lent until `giveBack()`; `nil` when lent already, lost (a statement written now would
    /// never be answered, and the caller's own lease gets a live one), or the scope has ended.
    func borrow() -> PostgresConnection? {
        state.withLock { state in
            guard !state.lent, !state.ended, !lease.connection.isClosed else { return nil }
            state.lent = true
            return lease.connection
        }
    }

    func giveBack() {
        let release = state.withLock { state in
            state.lent = false
            return state.ended
        }
        if release { finish() }
    }

    /// The scope is over: the lease goes back now, or when the last borrower gives the connection back.
    func end() {
        let release = state.withLock { state in
            state.ended = true
            return !state.lent
        }
        if release { finish() }
    }

    private func finish() {
        lease.release()
        released()
    }
}
