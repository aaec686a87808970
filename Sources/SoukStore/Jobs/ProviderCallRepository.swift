import Foundation
import Logging
import PostgresNIO
import SoukCore

/// The log of calls to providers. Rows carry the method, the URL without credentials, the status,
/// the duration and the error: never a credential or a body.
public struct ProviderCallRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Entry: Sendable {
        public var method: String
        public var url: String
        public var status: Int?
        public var durationMilliseconds: Double
        public var error: String?
        public var warnings: [String]

        public init(
            method: String, url: String, status: Int?, durationMilliseconds: Double, error: String?,
            warnings: [String] = []
        ) {
            self.method = method
            self.url = url
            self.status = status
            self.durationMilliseconds = durationMilliseconds
            self.error = error
            self.warnings = warnings
        }
    }

    public func record(_ entry: Entry, serviceID: UUID, addonID: UUID?, jobID: UUID?, logger: Logger) async throws {
        try await database.withConnection { connection in
            try await Self.record(
                entry, serviceID: serviceID, addonID: addonID, jobID: jobID, on: connection, logger: logger)
        }
    }

    /// `record` inside a transaction the caller holds: with the outcome the call led to, in one commit.
    static func record(
        _ entry: Entry, serviceID: UUID, addonID: UUID?, jobID: UUID?, on connection: DatabaseConnection,
        logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO provider_calls
                (id, service_id, addon_id, job_id, method, url, status, duration_ms, error, warnings)
            VALUES (\(UUID()), \(serviceID), \(addonID), \(jobID), \(entry.method), \(String(entry.url.prefix(2000))),
                    \(entry.status), \(entry.durationMilliseconds), \(entry.error.map { String($0.prefix(1000)) }),
                    \(entry.warnings))
            """,
            logger: logger
        )
    }

    /// Calls, newest first, of one service (or one add-on), a keyset page at a time: `after` is the id of
    /// the last call of the previous page.
    public func calls(
        service: UUID?, addon: UUID?, after: UUID?, limit: Int, logger: Logger
    ) async throws -> [ProviderCallEntry] {
        let rows = try await database.query(
            """
            SELECT id, addon_id, method, url, status, duration_ms, error, warnings, created_at FROM provider_calls
            WHERE (\(service)::uuid IS NULL OR service_id = \(service))
              AND (\(addon)::uuid IS NULL OR addon_id = \(addon))
              AND (\(after)::uuid IS NULL
                   OR (created_at, id) < (SELECT created_at, id FROM provider_calls WHERE id = \(after)))
            ORDER BY created_at DESC, id DESC
            LIMIT \(limit)
            """,
            logger: logger
        )
        var calls: [ProviderCallEntry] = []
        for try await (id, addonID, method, url, status, duration, error, warnings, createdAt) in rows.decode(
            (UUID, UUID?, String, String, Int?, Double, String?, [String], Date).self
        ) {
            calls.append(
                ProviderCallEntry(
                    id: id, addonID: addonID, method: method, url: url, status: status, durationMilliseconds: duration,
                    error: error, warnings: warnings, createdAt: createdAt
                )
            )
        }
        return calls
    }
}
