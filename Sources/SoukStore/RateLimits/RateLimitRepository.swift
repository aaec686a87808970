import Foundation
import Logging
import PostgresNIO

/// The shared side of the API budgets (`rate_limit_buckets`): one statement adds a process's spending
/// for many keys at once and answers each key's balance after it.
public struct RateLimitRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What one process spent on a key since it last synced, out of a budget of `capacity` an hour.
    public struct Spending: Sendable {
        public var key: String
        public var spent: Double
        public var capacity: Double

        public init(key: String, spent: Double, capacity: Double) {
            self.key = key
            self.spent = spent
            self.capacity = capacity
        }
    }

    /// Refills each key for the time since its last sync, subtracts the spending, and returns the balances.
    public func sync(_ spendings: [Spending], logger: Logger) async throws -> [String: Double] {
        guard !spendings.isEmpty else { return [:] }
        let rows = try await database.query(
            """
            INSERT INTO rate_limit_buckets AS b (key, capacity, tokens, updated_at)
            SELECT t.key, t.capacity, t.capacity - t.spent, now()
            FROM unnest(\(spendings.map(\.key))::text[], \(spendings.map(\.spent))::float8[],
                        \(spendings.map(\.capacity))::float8[]) AS t (key, spent, capacity)
            ON CONFLICT (key) DO UPDATE SET
                capacity = EXCLUDED.capacity,
                tokens = LEAST(
                    EXCLUDED.capacity,
                    b.tokens + extract(epoch FROM now() - b.updated_at) * EXCLUDED.capacity / 3600
                ) - (EXCLUDED.capacity - EXCLUDED.tokens),
                updated_at = now()
            RETURNING key, tokens
            """,
            logger: logger
        )
        var balances: [String: Double] = [:]
        for try await (key, tokens) in rows.decode((String, Double).self) { balances[key] = tokens }
        return balances
    }

    /// Buckets untouched for an hour are full again: they carry nothing worth keeping.
    public func pruneFull(logger: Logger) async throws {
        try await database.query(
            "DELETE FROM rate_limit_buckets WHERE updated_at < now() - interval '1 hour'", logger: logger
        )
    }
}
