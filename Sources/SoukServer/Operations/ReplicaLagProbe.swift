import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle
import SoukStore

/// Finds out, every `interval`, which read replicas are within `maxLag` of the primary, and tells
/// `ReadReplicas`. A replica is fresh when it has replayed all the WAL the primary had written `maxLag` ago:
/// the probe samples the primary's `pg_current_wal_lsn()` each round and compares each replica's
/// `pg_last_wal_replay_lsn()` with those samples. Comparing positions, not replay timestamps, keeps a
/// caught-up replica of an idle primary fresh and finds a replica whose WAL stream was cut off stale.
/// A replica that doesn't answer, isn't a standby, or can't be compared (the primary doesn't answer) is stale.
struct ReplicaLagProbe: Service {
    let database: Database
    let replicas: ReadReplicas
    /// One per replica, in `SOUK_READ_REPLICA_URLS`'s order.
    let configurations: [PostgresConnection.Configuration]
    let maxLag: Duration
    let logger: Logger
    var deadline: Duration = .seconds(2)

    /// A round a quarter of the allowed lag (at most a second), so that lag shows well before it is exceeded.
    var interval: Duration { min(.seconds(1), maxLag / 4) }

    private struct Sample {
        let at: ContinuousClock.Instant
        let position: Int64
    }

    func run() async throws {
        var connections: [PostgresConnection?] = Array(repeating: nil, count: configurations.count)
        var samples: [Sample] = []
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let now = ContinuousClock.now
            if let position = await primaryPosition() { samples.append(Sample(at: now, position: position)) }
            samples.removeAll { now - $0.at > maxLag }
            for index in configurations.indices {
                let (connection, replayed) = await replayPosition(over: connections[index], replica: index)
                connections[index] = connection
                // Fresh: it has replayed what the primary had written at some point within the allowed lag.
                let fresh =
                    replayed.map { position in
                        samples.contains { $0.position <= position && ContinuousClock.now - $0.at <= maxLag }
                    } ?? false
                if fresh != replicas.isFresh(index) {
                    logger.notice(
                        fresh ? "A read replica takes reads again" : "A read replica is skipped: it lags or is gone",
                        metadata: ["replica": "\(configurations[index].place)"])
                }
                replicas.record(fresh: fresh, replica: index)
            }
            try? await Task.sleep(for: interval)
        }
        for connection in connections { try? await connection?.close() }
    }

    private func primaryPosition() async -> Int64? {
        await withinDeadline(deadline) { [database, logger] in
            let rows = try await database.query("SELECT (pg_current_wal_lsn() - '0/0')::int8", logger: logger)
            for try await position in rows.decode(Int64.self) { return position }
            return nil
        } late: { _ in
        } ?? nil
    }

    /// The replica's connection (opened if need be, nil once it failed) and the WAL position it has replayed
    /// (nil unless it is a standby that answered).
    private func replayPosition(
        over open: PostgresConnection?, replica index: Int
    ) async -> (PostgresConnection?, Int64?) {
        guard
            let connection = await PostgresConnection.reuse(
                open, or: configurations[index], id: index, within: deadline, logger: logger)
        else { return (nil, nil) }
        let answer = await withinDeadline(deadline) { [logger] () -> Int64?? in
            let rows = try await connection.query(
                "SELECT (pg_last_wal_replay_lsn() - '0/0')::int8 WHERE pg_is_in_recovery()", logger: logger)
            for try await position in rows.decode(Int64.self) { return .some(position) }
            return .some(nil)
        } late: { _ in
        }
        guard let answer else {
            Task { try? await connection.close() }
            return (nil, nil)
        }
        return (connection, answer ?? nil)
    }
}
