import Foundation
import Logging
import PostgresNIO
import SoukCore
import Synchronization

/// Writes the record of each single sign-on hand-off, many to a commit. Each hand-off still returns only once
/// its row is durable, but with a commit (a WAL flush) per row the hand-off rate would be the disk's flush
/// rate. So rows wait while a write is under way and then go together, in one statement and one commit: at
/// low load a row goes at once, alone; under load each commit carries everything that arrived meanwhile.
/// One write is under way at a time by default (`concurrentWrites`). Four once served more hand-offs a second,
/// as PostgreSQL flushes concurrent commits together; since the statement is prepared (`SSOIssuanceStatement`),
/// one writer's batches of about 30 rows cost less a row than four writers' batches of 10: 13,125–14,097
/// hand-offs a second against 11,127–12,423 (`wrk -t2 -c64`, three runs each, alternating), with PostgreSQL's
/// time per hand-off halved and the same p50 at one connection.
public final class SSOIssuanceLog: Sendable {
    struct Issuance: Sendable {
        var addonID: UUID
        var accountID: UUID
        var contextAppID: UUID
        var method: SSOHandOff.Method
    }

    private typealias Waiter = CheckedContinuation<Void, any Error>

    private struct State {
        var pending: [(Issuance, Waiter)] = []
        var writers = 0
    }

    private let database: Database
    private let logger: Logger
    private let batchLimit: Int
    private let concurrentWrites: Int
    private let state = Mutex(State())

    public init(database: Database, logger: Logger, batchLimit: Int = 1000, concurrentWrites: Int = 1) {
        self.database = database
        self.logger = logger
        self.batchLimit = batchLimit
        self.concurrentWrites = max(1, concurrentWrites)
    }

    /// How many writes are under way, and how many rows wait for one to end (for tests).
    var backlog: (writing: Int, waiting: Int) { state.withLock { ($0.writers, $0.pending.count) } }

    /// Returns once the row is committed; throws what its write threw.
    func record(_ issuance: Issuance) async throws {
        try await withCheckedThrowingContinuation { (waiter: Waiter) in
            let startsWriter = state.withLock { state in
                state.pending.append((issuance, waiter))
                guard state.writers < concurrentWrites else { return false }
                state.writers += 1
                return true
            }
            if startsWriter {
                Task { await self.writeUntilDrained() }
            }
        }
    }

    /// Writes batches while rows wait, one after another on one connection, held until none is left. The
    /// connection's work runs on its own event loop (`Database.withConnection`), so from one batch to the next
    /// the writer neither waits in the pool nor for a turn on Swift's global executor behind the requests: a
    /// lease per batch took 1.0–1.4 ms of a 2.3 ms batch under load, for a statement of 0.14 ms. Hand-offs went
    /// from 12,238–20,642/s (0.35–0.46 × `GET /health`) to 18,822–23,299/s (0.42–0.70), in eleven alternating
    /// pairs (`wrk -t2 -c64`, a kept bench database).
    private func writeUntilDrained() async {
        var writing = nextBatch()
        while let first = writing {
            let host = database.primaryHost
            var inFlight = first
            do {
                writing = try await database.withConnection { connection in
                    while true {
                        _ = try await connection.execute(
                            SSOIssuanceStatement(issuances: inFlight.map(\.0), now: Date()), logger: logger)
                        for (_, waiter) in inFlight { waiter.resume() }
                        guard let next = nextBatch() else { return nil }
                        // A fresh lease for it once the primary has moved, or the connection was lost meanwhile
                        // (PostgreSQL restarted): a lost one would fail the batch that a new one may still write.
                        guard database.primaryHost == host, !connection.isClosed else { return next }
                        inFlight = next
                    }
                }
            } catch {
                // No row can fail on its own: the record names its add-on, account and app by id, with no key to
                // break (migration 0022). So a write fails whole, for a reason every row shares.
                for (_, waiter) in inFlight { waiter.resume(throwing: error) }
                writing = nextBatch()
            }
        }
    }

    /// The rows waiting, up to `batchLimit`; nil, and one writer fewer, when none is.
    private func nextBatch() -> [(Issuance, Waiter)]? {
        state.withLock { state in
            let batch = Array(state.pending.prefix(batchLimit))
            state.pending.removeFirst(batch.count)
            if batch.isEmpty { state.writers -= 1 }
            return batch.isEmpty ? nil : batch
        }
    }
}
