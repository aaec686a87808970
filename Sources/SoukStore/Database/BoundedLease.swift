import PostgresNIO
import Synchronization

/// A pooled connection whose wait can be ended from outside. PostgresNIO's pool has no limit of its own:
/// with the database gone, a lease waits for the pool's circuit breaker (a minute in 1.33). So a task of
/// its own waits in the pool and, once served, holds the connection for the caller until `release()`;
/// meanwhile `LeaseWaiters` may end the caller's wait (the database found down, or the lease limit
/// passed), which cancels that task, and PostgresNIO withdraws a cancelled request from the pool's queue.
/// A connection already closing is never handed out.
final class BoundedLease: Sendable {
    let connection: PostgresConnection
    private let released: AsyncStream<Void>.Continuation

    private init(connection: PostgresConnection, released: AsyncStream<Void>.Continuation) {
        self.connection = connection
        self.released = released
    }

    /// Hands the connection back to the pool.
    func release() {
        released.finish()
    }

    /// A connection from `client`, unless `waiters` ends the wait first.
    static func take(from client: PostgresClient, waiters: LeaseWaiters) async throws -> BoundedLease {
        let handoff = LeaseHandoff()
        let (releases, released) = AsyncStream<Void>.makeStream()
        var ticket: LeaseWaiters.Ticket?
        defer { ticket.map(waiters.remove) }
        let connection = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard handoff.wait(with: continuation) else { return }
                let holder = Task {
                    do {
                        while try await !client.withConnection({ connection in
                            // Closing, and the pool hasn't heard yet: a statement written now would never be
                            // answered (see `DatabaseConnection.query`), so ask again.
                            if connection.isClosed { return false }
                            // Served too late: the caller has gone, so the connection goes straight back.
                            guard handoff.settle(.success(connection)) else { return true }
                            for await _ in releases {}
                            return true
                        }) {
                            try await Task.sleep(for: .milliseconds(1))
                        }
                    } catch {
                        handoff.settle(.failure(error))
                    }
                }
                ticket = waiters.add(handoff, holder: holder)
            }
        } onCancel: {
            handoff.settle(.failure(CancellationError()))
        }
        return BoundedLease(connection: connection, released: released)
    }
}
