import Logging
import PostgresNIO

/// A pooled connection lent for a few statements in a row: a transaction, or a session's advisory lock.
/// Each statement's rows are read in full before it returns.
public struct DatabaseConnection: Sendable {
    let base: PostgresConnection

    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> DatabaseRows {
        // PostgresNIO 1.33 drops a statement written after a lost connection has taken down its pipeline,
        // and the statement is never answered; a closing connection says so first, so ask before writing.
        guard !base.isClosed else { throw DatabaseUnavailableError.connectionClosed }
        let rows = try await base.query(query, logger: logger, file: file, line: line)
        return DatabaseRows(rows: try await rows.collect())
    }

    /// Runs `body` between `BEGIN` and `COMMIT`, or rolls back and rethrows what `body` threw.
    func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await query("BEGIN", logger: logger)
        let result: Result
        do {
            result = try await body(self)
        } catch {
            // A connection that can't roll back is broken, and the server ends its transaction itself.
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
        try await query("COMMIT", logger: logger)
        return result
    }

    /// Closes the connection instead of handing it back to the pool in an unknown state.
    func close() async throws {
        try await base.close()
    }
}
