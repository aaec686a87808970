import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import SoukStore

/// `Database.holding`: a run of statements takes one lease, lent in turn to each `withConnection` inside it,
/// and the lease goes back exactly once, when the scope has ended and nothing borrows it.
@Suite("Database: one held connection for a run of statements", .soukDatabase)
struct HeldConnectionTests {
    private let logger = TestDatabase.logger

    /// A pool of `connections`, whose waits end after two seconds: a borrow that leased instead would wait
    /// for a connection the scope holds, and fail.
    private func withPool<T>(
        connections: Int, _ body: (Database) async throws -> T
    ) async throws -> T {
        let database = Database(
            configuration: try .init(url: SoukDatabase.current, maximumConnections: connections),
            logger: logger, leaseLimit: .seconds(2))
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            return try await body(database)
        }
    }

    private func backend(_ connection: DatabaseConnection) async throws -> Int32 {
        var pids: [Int32] = []
        for try await pid in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) {
            pids.append(pid)
        }
        return pids[0]
    }

    @Test("Reads, a transaction and the replicas' view inside it share one connection, on its loop")
    func oneLease() async throws {
        try await withPool(connections: 1) { database in
            let seen = try await database.holding {
                let first = try await database.withConnection { connection in
                    // A session's temporary table: only the same connection sees it again.
                    try await connection.query("CREATE TEMPORARY TABLE held (n int)", logger: logger)
                    return (try await backend(connection), connection.base.eventLoop.inEventLoop)
                }
                let inTransaction = try await database.transaction(logger: logger) { connection in
                    try await connection.query("INSERT INTO held VALUES (1)", logger: logger)
                    return try await backend(connection)
                }
                let viaReplicasView = try await database.readingFromReplicas().withConnection { connection in
                    try await backend(connection)
                }
                return [first.0, inTransaction, viaReplicasView, first.1 ? 1 : 0]
            }
            #expect(seen[0] == seen[1] && seen[1] == seen[2])
            #expect(seen[3] == 1)
            // The lease went back: the pool's one connection serves the next caller.
            let after = try await database.withConnection { connection in try await backend(connection) }
            #expect(after == seen[0])
        }
    }

    @Test("A transaction that fails inside it rolls back, and the connection serves the next statement")
    func failedTransaction() async throws {
        struct Refused: Error {}
        try await withPool(connections: 1) { database in
            let count = try await database.holding {
                try await database.withConnection { connection in
                    try await connection.query("CREATE TEMPORARY TABLE held (n int)", logger: logger)
                }
                await #expect(throws: Refused.self) {
                    try await database.transaction(logger: logger) { connection in
                        try await connection.query("INSERT INTO held VALUES (1)", logger: logger)
                        throw Refused()
                    }
                }
                return try await database.withConnection { connection in
                    var counts: [Int] = []
                    for try await n in try await connection.query("SELECT count(*)::int FROM held", logger: logger)
                        .decode(Int.self)
                    {
                        counts.append(n)
                    }
                    return counts
                }
            }
            #expect(count == [0])
        }
    }

    @Test("A held connection that is lost is not lent again: the next statement in the scope leases a live one")
    func lostConnection() async throws {
        try await withPool(connections: 2) { database in
            let (held, after) = try await database.holding {
                let held = try await database.withConnection { connection in try await backend(connection) }
                try await withTestDatabase(SoukDatabase.current) { other in
                    try await other.query("SELECT pg_terminate_backend(\(held))", logger: logger)
                }
                // The statement that meets the closed socket fails; once the client has seen the close, the
                // scope's next statement gets another connection.
                for _ in 0..<250 {
                    if let pid = try? await database.withConnection({ connection in try await backend(connection) }) {
                        return (held, pid)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return (held, held)
            }
            #expect(after != held)
        }
    }

    @Test("Two borrowers at once: one gets the held connection, the other a lease of its own")
    func concurrentBorrowers() async throws {
        try await withPool(connections: 2) { database in
            let (held, pids) = try await database.holding {
                let held = try await database.withConnection { connection in try await backend(connection) }
                async let first = database.withConnection { connection in
                    try await connection.query("SELECT pg_sleep(0.2)", logger: logger)
                    return try await backend(connection)
                }
                async let second = database.withConnection { connection in
                    try await connection.query("SELECT pg_sleep(0.2)", logger: logger)
                    return try await backend(connection)
                }
                return (held, try await [first, second])
            }
            #expect(Set(pids).count == 2)
            #expect(pids.contains(held))
        }
    }

    @Test("A task that outlives the scope: its borrow keeps the lease until given back, and later ones lease")
    func outlivingTask() async throws {
        try await withPool(connections: 1) { database in
            let (borrowed, borrowing) = AsyncStream<Int32>.makeStream()
            let (proceed, proceeding) = AsyncStream<Void>.makeStream()
            let order = Entries()
            let (borrower, late) = try await database.holding {
                // Both inherit the scope's connection; the first borrows it and holds it past the scope's end.
                let borrower = Task {
                    try await database.withConnection { connection in
                        borrowing.yield(try await backend(connection))
                        for await _ in proceed {}
                        order.append("borrower gives back")
                        return try await backend(connection)
                    }
                }
                var pids = borrowed.makeAsyncIterator()
                _ = await pids.next()
                let late = Task {
                    try await Task.sleep(for: .milliseconds(100))
                    return try await database.withConnection { connection in try await backend(connection) }
                }
                return (borrower, late)
            }
            // The scope is over, but the borrow is out: a caller from outside waits for the pool's one
            // connection until it comes back.
            let outside = Task {
                let pid = try await database.withConnection { connection in try await backend(connection) }
                order.append("outside leased")
                return pid
            }
            try await Task.sleep(for: .milliseconds(300))
            proceeding.finish()
            let borrowerPID = try await borrower.value
            let outsidePID = try await outside.value
            let latePID = try await late.value
            #expect(order.all == ["borrower gives back", "outside leased"])
            #expect(borrowerPID == outsidePID && outsidePID == latePID)
        }
    }

    /// What happened, in order, across tasks.
    private final class Entries: Sendable {
        private let entries = Mutex<[String]>([])
        var all: [String] { entries.withLock { $0 } }
        func append(_ entry: String) { entries.withLock { $0.append(entry) } }
    }
}
