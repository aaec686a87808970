import Logging
import PostgresNIO

extension PostgresClient {
    /// `withTransaction`, but the caller's own error comes out as thrown, not wrapped in a
    /// `PostgresTransactionError`, so that domain errors raised mid-transaction keep their meaning.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> sending Result {
        do {
            return try await withTransaction(logger: logger, isolation: isolation, body)
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw error
        }
    }
}
