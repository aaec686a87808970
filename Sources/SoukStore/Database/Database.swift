import CoreMetrics
import Logging
import PostgresNIO
import ServiceLifecycle

/// The platform's pool of PostgreSQL connections. Repositories hold a `Database`, never the
/// `PostgresClient` underneath, so that it can count for `/metrics` what holds a connection
/// (`souk_database_pool_in_use`) and what waits for one (`souk_database_pool_waiting`; a single `query`
/// counts as in use from its start until its rows begin, since PostgresNIO leases its connection out of
/// sight).
public final class Database: Service, Sendable {
    private let client: PostgresClient
    private let inUse: Meter
    private let waiting: Meter

    public init(
        configuration: PostgresClient.Configuration, logger: Logger,
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        inUse = Meter(label: "souk_database_pool_in_use", factory: metrics)
        waiting = Meter(label: "souk_database_pool_waiting", factory: metrics)
        Meter(label: "souk_database_pool_max", factory: metrics).set(configuration.options.maximumConnections)
    }

    public func run() async {
        await client.run()
    }

    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        inUse.increment()
        defer { inUse.decrement() }
        return try await client.query(query, logger: logger, file: file, line: line)
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        waiting.increment()
        var isWaiting = true
        defer { if isWaiting { waiting.decrement() } }
        return try await client.withConnection(isolation: isolation) { connection in
            isWaiting = false
            waiting.decrement()
            inUse.increment()
            defer { inUse.decrement() }
            return try await body(connection)
        }
    }

    /// `withTransaction`, but the caller's own error comes out as thrown, not wrapped in a
    /// `PostgresTransactionError`, so that domain errors raised mid-transaction keep their meaning.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withConnection(isolation: isolation) { connection in
                try await connection.withTransaction(logger: logger, isolation: isolation, body)
            }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw error
        }
    }
}
