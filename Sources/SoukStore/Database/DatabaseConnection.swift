import Logging
import PostgresNIO

/// A pooled connection lent for a few statements in a row: a transaction, or a session's advisory lock.
/// Each statement's rows are read in full before it returns.
public struct DatabaseConnection: Sendable {
    let base: PostgresConnection
    /// What runs once the transaction this connection is in has ended; `nil` outside a transaction.
    private let endings: TransactionEndings?

    init(base: PostgresConnection) {
        self.base = base
        endings = nil
    }

    private init(base: PostgresConnection, endings: TransactionEndings) {
        self.base = base
        self.endings = endings
    }

    /// Closing or closed: a statement written now would never be answered (PostgresNIO 1.33).
    var isClosed: Bool { base.isClosed }

    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> DatabaseRows {
        // PostgresNIO 1.33 drops a statement written after a lost connection has taken down its pipeline,
        // and the statement is never answered; a closing connection says so first, so ask before writing.
        guard !isClosed else { throw DatabaseUnavailableError.connectionClosed }
        let rows = try await base.query(query, logger: logger, file: file, line: line)
        return DatabaseRows(rows: try await rows.collect())
    }

    /// Runs a statement prepared once per connection (PostgreSQL parses and plans it once, not per call), for
    /// the hot paths.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> [Statement.Row] {
        guard !isClosed else { throw DatabaseUnavailableError.connectionClosed }
        var rows: [Statement.Row] = []
        for try await row in try await base.execute(statement, logger: logger, file: file, line: line) {
            rows.append(row)
        }
        return rows
    }

    /// Runs `action` when the transaction ends, committed or rolled back (at once outside a transaction):
    /// for what must follow a write only once it is visible, such as dropping a cached environment.
    public func whenTransactionEnds(_ action: @escaping @Sendable () -> Void) {
        guard let endings else { return action() }
        endings.append(action)
    }

    /// Runs `body` between `BEGIN` and `COMMIT`, or rolls back and rethrows what `body` threw.
    func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> sending Result
    ) async throws -> sending Result {
        let endings = TransactionEndings()
        defer { endings.run() }
        let transaction = DatabaseConnection(base: base, endings: endings)
        try await query("BEGIN", logger: logger)
        let result: Result
        do {
            result = try await body(transaction)
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
