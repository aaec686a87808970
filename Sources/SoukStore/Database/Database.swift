import CoreMetrics
import Logging
import PostgresNIO
import ServiceLifecycle

/// The platform's pool of PostgreSQL connections. Repositories hold a `Database`, never the
/// `PostgresClient` underneath, so that:
/// - a wait for a connection ends when the database is found unreachable (`record(reachable:)`, from the
///   server's probe), or after `leaseLimit` in any case, rather than after PostgresNIO's minute
///   (`BoundedLease`);
/// - no statement is sent on a lost connection, where it would never be answered (`DatabaseConnection`);
/// - `/metrics` can count what holds a connection (`souk_database_pool_in_use`) and what waits for one
///   (`souk_database_pool_waiting`).
public final class Database: Service, Sendable {
    private let client: PostgresClient
    private let leaseLimit: Duration
    private let waiters = LeaseWaiters()
    private let inUse: Meter
    private let waiting: Meter

    public init(
        configuration: PostgresClient.Configuration, logger: Logger,
        leaseLimit: Duration = .seconds(30),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.leaseLimit = leaseLimit
        inUse = Meter(label: "souk_database_pool_in_use", factory: metrics)
        waiting = Meter(label: "souk_database_pool_waiting", factory: metrics)
        Meter(label: "souk_database_pool_max", factory: metrics).set(configuration.options.maximumConnections)
    }

    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            group.addTask {
                // Ends overdue waits; the pool ends with cancellation or a graceful shutdown, and so does this.
                try? await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(250))
                        self.waiters.expire(olderThan: self.leaseLimit)
                    }
                }
            }
        }
    }

    /// Whether the database answers, as a probe found it. While it doesn't, waits for a connection end at
    /// once with `DatabaseUnavailableError.unreachable`, instead of lasting up to the lease limit.
    public func record(reachable: Bool) {
        waiters.record(reachable: reachable)
    }

    /// Runs one statement on a pooled connection and reads its rows in full.
    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> DatabaseRows {
        try await withConnection { connection in
            try await connection.query(query, logger: logger, file: file, line: line)
        }
    }

    /// Runs one prepared statement (`DatabaseConnection.execute`) on a pooled connection.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> [Statement.Row] {
        try await withConnection { connection in
            try await connection.execute(statement, logger: logger, file: file, line: line)
        }
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> sending Result
    ) async throws -> sending Result {
        waiting.increment()
        let lease: BoundedLease
        do {
            defer { waiting.decrement() }
            lease = try await BoundedLease.take(from: client, waiters: waiters)
        }
        inUse.increment()
        defer {
            inUse.decrement()
            lease.release()
        }
        return try await body(DatabaseConnection(base: lease.connection))
    }

    /// `body` in a transaction on a pooled connection; what `body` throws comes out as thrown.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await withConnection(isolation: isolation) { connection in
            try await connection.transaction(logger: logger, isolation: isolation, body)
        }
    }
}
