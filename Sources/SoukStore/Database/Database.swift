import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The platform's pool of PostgreSQL connections, which can be swapped for a fresh one while it runs.
///
/// PostgresNIO's pool waits ever longer between failed connects (up to a minute), and fails nothing it
/// holds until a minute has passed without a connection. `renew()` retires the pool in use, failing at once
/// whatever waits in it, and starts a fresh one with no back-off to wait out: a lost database then costs
/// requests seconds, not a minute, and a returning one is used as soon as it answers.
/// Repositories hold a `Database`, never the `PostgresClient` underneath.
public final class Database: Service, Sendable {
    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let current: Mutex<Generation>
    private let generations = AsyncStream<Generation>.makeStream()

    /// One pool, and the signal that retires it.
    private struct Generation: Sendable {
        let client: PostgresClient
        let retirement = AsyncStream<Never>.makeStream()
    }

    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        let first = Generation(client: PostgresClient(configuration: configuration, backgroundLogger: logger))
        current = Mutex(first)
        generations.continuation.yield(first)
    }

    /// Runs each pool until it is retired, and all of them until graceful shutdown.
    public func run() async {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for await generation in self.generations.stream {
                    group.addTask {
                        await withDiscardingTaskGroup { pool in
                            pool.addTask { await generation.client.run() }
                            for await _ in generation.retirement.stream {}
                            pool.cancelAll()
                        }
                    }
                }
            }
        }
    }

    /// Starts a fresh pool for every query from now on and shuts the previous one down: what waits in it,
    /// or runs on its connections, fails with `ConnectionPoolError.poolShutdown` or a closed connection.
    public func renew() {
        let fresh = Generation(client: PostgresClient(configuration: configuration, backgroundLogger: logger))
        let retired = current.withLock { generation in
            defer { generation = fresh }
            return generation
        }
        generations.continuation.yield(fresh)
        retired.retirement.continuation.finish()
    }

    private var client: PostgresClient { current.withLock { $0.client } }

    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> PostgresRowSequence {
        try await client.query(query, logger: logger, file: file, line: line)
    }

    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await client.withConnection(isolation: isolation, body)
    }

    /// `withTransaction`, but the caller's own error comes out as thrown, not wrapped in a
    /// `PostgresTransactionError`, so that domain errors raised mid-transaction keep their meaning.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await client.withTransaction(logger: logger, isolation: isolation, body)
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw error
        }
    }
}
