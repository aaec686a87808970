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

    /// Writes batches while rows wait. Each batch takes a connection of its own: holding one from batch to
    /// batch left rows less time to gather, and smaller batches cost more a row (8,145–9,520 hand-offs a second
    /// against 12,157–12,613, one writer either way, three runs each, alternating).
    private func writeUntilDrained() async {
        while let batch = nextBatch() {
            // No row can fail on its own: the record names its add-on, account and app by id, with no key to
            // break (migration 0022). So a write fails whole, for a reason every row shares.
            do {
                try await database.execute(
                    SSOIssuanceStatement(issuances: batch.map(\.0), now: Date()), logger: logger)
                for (_, waiter) in batch { waiter.resume() }
            } catch {
                for (_, waiter) in batch { waiter.resume(throwing: error) }
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
