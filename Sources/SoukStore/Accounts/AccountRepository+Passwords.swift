import Foundation
import Logging
import PostgresNIO
import SoukCore

extension AccountRepository {
    /// The account with this email and its password hash (nil when it has none), for signing in.
    public func passwordAccount(email: String, logger: Logger) async throws -> (account: Account, hash: String?)? {
        let rows = try await database.query(
            """
            SELECT id, email, role, created_at, updated_at, password_hash FROM accounts
            WHERE lower(email) = lower(\(email))
            """,
            logger: logger
        )
        for try await row in rows.decode((UUID, String, String, Date, Date, String?).self) {
            return (Self.account((row.0, row.1, row.2, row.3, row.4)), row.5)
        }
        return nil
    }

    /// The account's password hash, nil when it has none.
    public func passwordHash(of account: UUID, logger: Logger) async throws -> String? {
        let rows = try await database.query(
            "SELECT password_hash FROM accounts WHERE id = \(account)", logger: logger)
        for try await hash in rows.decode(String?.self) { return hash }
        return nil
    }

    /// Sets the password and ends every dashboard session of the account but `keeping` (the session that
    /// changed it, when there is one), in one transaction.
    public func setPassword(
        _ hash: String, of account: UUID, keeping session: [UInt8]?, logger: Logger
    ) async throws {
        let kept = session.map { Data($0) }
        try await database.query(
            """
            WITH changed AS (
                UPDATE accounts SET password_hash = \(hash), updated_at = now() WHERE id = \(account) RETURNING id
            )
            DELETE FROM dashboard_sessions s USING changed
            WHERE s.account_id = changed.id AND (\(kept)::bytea IS NULL OR s.token_hash <> \(kept))
            """,
            logger: logger
        )
    }
}
