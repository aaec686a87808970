import Logging
import PostgresNIO
import ServiceLifecycle

/// Asks PostgreSQL `SELECT 1` every second over a connection of its own, apart from the request pool (so a
/// busy pool is never taken for a lost database), and keeps `DatabaseStatus` current.
///
/// Two failed probes in a row mark the database down; a probe fails when the connection or the query
/// fails, or takes longer than `deadline`. The request pool is left alone: it reconnects by itself, and
/// shutting a PostgresNIO pool down to replace it stranded queries in flight for good (seen under load
/// with version 1.33).
struct DatabaseProbe: Service {
    let configuration: PostgresConnection.Configuration
    let status: DatabaseStatus
    let logger: Logger
    var interval: Duration = .seconds(1)
    /// After a failure the next probe comes sooner, so that an outage shows within about a second.
    var retryInterval: Duration = .milliseconds(250)
    var deadline: Duration = .seconds(2)
    var failuresBeforeDown = 2

    func run() async throws {
        var connection: PostgresConnection?
        var failures = 0
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            connection = await probe(over: connection)
            failures = connection == nil ? failures + 1 : 0
            if connection != nil, status.record(down: false) {
                logger.notice("The database answers again; requests are served")
            } else if failures >= failuresBeforeDown, status.record(down: true) {
                logger.error("The database doesn't answer; requests get 503 until it does")
            }
            try? await Task.sleep(for: connection == nil ? retryInterval : interval)
        }
        try? await connection?.close()
    }

    /// The connection, opened if need be, once it has answered; nil (and closed) if it didn't.
    private func probe(over open: PostgresConnection?) async -> PostgresConnection? {
        let connection: PostgresConnection? =
            if let open {
                open
            } else {
                await withinDeadline(deadline) { [configuration, logger] in
                    try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                } late: { connection in
                    try? await connection.close()
                }
            }
        guard let connection else { return nil }
        let answered = await withinDeadline(deadline) { [logger] in
            try await connection.query("SELECT 1", logger: logger)
            return true
        } late: { _ in
        }
        if answered == nil {
            // Closing also ends a query that hangs; it isn't waited for, as a hung server might not let go.
            Task { try? await connection.close() }
            return nil
        }
        return connection
    }
}
