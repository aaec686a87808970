import Logging
import SoukStore

/// Runs `body` with a database leasing from `url`'s primary (`Database.primary`), for the commands that
/// write and exit.
func withPrimaryDatabase<Result: Sendable>(
    url: String, logger: Logger, _ body: @Sendable (Database) async throws -> Result
) async throws -> Result {
    let database = try await Database.primary(url: url, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await database.run() }
        defer { group.cancelAll() }
        return try await body(database)
    }
}
