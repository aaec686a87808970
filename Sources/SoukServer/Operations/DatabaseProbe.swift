import Logging
import PostgresNIO
import ServiceLifecycle
import SoukStore

/// Asks PostgreSQL `SELECT pg_is_in_recovery()` every second over a connection of its own, apart from the
/// request pool (so a busy pool is never taken for a lost database), and keeps `DatabaseStatus` current.
///
/// Two failed probes in a row mark the database down; a probe fails when the connection or the query
/// fails, or takes longer than `deadline`. The request pool is left alone: it reconnects by itself, and
/// shutting a PostgresNIO pool down to replace it stranded queries in flight for good (seen under load
/// with version 1.33).
///
/// With several hosts the probe is also what fails over: a host that doesn't answer, or is a standby when
/// the URL asks for the primary (`target_session_attrs=read-write`), sends the next probe to the next host
/// of the list, round and round, and the first suitable host found becomes the one the pool leases from
/// (`Database.use(host:)`). Until then requests get 503, as for any outage.
struct DatabaseProbe: Service {
    /// One per host of `DATABASE_URL`, in its order.
    let configurations: [PostgresConnection.Configuration]
    let requiresPrimary: Bool
    let database: Database
    let status: DatabaseStatus
    let logger: Logger
    var interval: Duration = .seconds(1)
    /// After a failure the next probe comes sooner, so that an outage shows within about a second.
    var retryInterval: Duration = .milliseconds(250)
    var deadline: Duration = .seconds(2)
    var failuresBeforeDown = 2

    func run() async throws {
        var connection: PostgresConnection?
        var host = database.primaryHost
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            connection = await probe(over: connection, host: host)
            if connection != nil {
                failures = 0
                if host != database.primaryHost {
                    database.use(host: host)
                    logger.notice(
                        "Database host \(host + 1) of \(configurations.count) is the one in use now",
                        metadata: ["host": "\(configurations[host].place)"])
                }
                if status.record(down: false) {
                    logger.notice("The database answers again; requests are served")
                }
            } else {
                failures += 1
                host = (host + 1) % configurations.count
                if failures >= failuresBeforeDown, status.record(down: true) {
                    logger.error("The database doesn't answer; requests get 503 until it does")
                }
            }
            try? await Task.sleep(for: connection == nil ? retryInterval : interval)
        }
        try? await connection?.close()
    }

    /// The connection to `host`, opened if need be, once it has answered as a suitable host; nil (and
    /// closed) if it didn't.
    private func probe(over open: PostgresConnection?, host: Int) async -> PostgresConnection? {
        guard
            let connection = await PostgresConnection.reuse(
                open, or: configurations[host], id: host, within: deadline, logger: logger)
        else { return nil }
        let inRecovery = await withinDeadline(deadline) { [logger] in
            for try await standby in try await connection.query("SELECT pg_is_in_recovery()", logger: logger)
                .decode(Bool.self)
            {
                return standby
            }
            return true
        } late: { _ in
        }
        guard let inRecovery, !(requiresPrimary && inRecovery) else {
            // Closing also ends a query that hangs; it isn't waited for, as a hung server might not let go.
            Task { try? await connection.close() }
            return nil
        }
        return connection
    }
}
