import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Dashboard sessions, by the SHA-256 digest of the token the browser holds: finding a session is one
/// probe of the primary key, joined to its account.
public struct DashboardSessionRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Opens a session; sessions that expired over a day ago are cleared on the way, a few at a time.
    public func open(tokenDigest: [UInt8], account: UUID, expiresAt: Date, logger: Logger) async throws {
        try await database.query(
            """
            WITH stale AS (
                DELETE FROM dashboard_sessions WHERE token_hash IN (
                    SELECT token_hash FROM dashboard_sessions WHERE expires_at < now() - interval '1 day' LIMIT 16
                )
            )
            INSERT INTO dashboard_sessions (token_hash, account_id, expires_at)
            VALUES (\(Data(tokenDigest)), \(account), \(expiresAt))
            """,
            logger: logger
        )
    }

    /// The account of the live session with this digest.
    public func account(tokenDigest: [UInt8], logger: Logger) async throws -> Account? {
        let rows = try await database.query(
            """
            SELECT a.id, a.email, a.role, a.created_at, a.updated_at
            FROM dashboard_sessions s JOIN accounts a ON a.id = s.account_id
            WHERE s.token_hash = \(Data(tokenDigest)) AND s.expires_at > now()
            """,
            logger: logger
        )
        for try await row in rows.decode((UUID, String, String, Date, Date).self) {
            return AccountRepository.account(row)
        }
        return nil
    }

    /// Ends the session (sign-out).
    public func close(tokenDigest: [UInt8], logger: Logger) async throws {
        try await database.query(
            "DELETE FROM dashboard_sessions WHERE token_hash = \(Data(tokenDigest))", logger: logger)
    }
}
