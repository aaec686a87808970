import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Accounts and API keys. Keys arrive here already hashed; nothing in this type sees a key in clear.
public struct AccountRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A new account holding the key with this digest, and the password with this hash when one is given.
    public func create(
        email: String, role: AccountRole, keyDigest: [UInt8], passwordHash: String? = nil, logger: Logger
    ) async throws -> Account {
        do {
            let rows = try await database.query(
                """
                WITH account AS (
                    INSERT INTO accounts (id, email, role, password_hash)
                    VALUES (\(UUID()), \(email), \(role.rawValue), \(passwordHash))
                    RETURNING id, email, role, created_at, updated_at
                ), key AS (
                    INSERT INTO api_keys (id, account_id, key_hash, description, origin)
                    SELECT \(UUID()), id, \(Data(keyDigest)), 'Created with the account', 'account' FROM account
                )
                SELECT id, email, role, created_at, updated_at FROM account
                """,
                logger: logger
            )
            for try await row in rows.decode((UUID, String, String, Date, Date).self) {
                return Self.account(row)
            }
            throw SoukError.conflict("The account could not be created.")
        } catch let error as PSQLError where error.isUniqueViolation(of: "accounts_email_key") {
            throw SoukError.conflict("An account with this email already exists.")
        }
    }

    /// The account holding the unexpired key with this digest, and when the key expires: one probe of the
    /// `api_keys.key_hash` index.
    public func account(keyDigest: [UInt8], logger: Logger) async throws -> (account: Account, expiresAt: Date?)? {
        let rows = try await database.query(
            """
            SELECT a.id, a.email, a.role, a.created_at, a.updated_at, k.expires_at
            FROM api_keys k JOIN accounts a ON a.id = k.account_id
            WHERE k.key_hash = \(Data(keyDigest)) AND (k.expires_at IS NULL OR k.expires_at > now())
            """,
            logger: logger
        )
        for try await row in rows.decode((UUID, String, String, Date, Date, Date?).self) {
            return (Self.account((row.0, row.1, row.2, row.3, row.4)), row.5)
        }
        return nil
    }

    /// Finds an account by email (case-insensitively) or by id, as collaborator requests name users.
    public func reference(emailOrID: String, logger: Logger) async throws -> AccountReference? {
        let id = UUID(uuidString: emailOrID)
        let rows = try await database.query(
            "SELECT id, email FROM accounts WHERE id = \(id) OR lower(email) = lower(\(emailOrID))",
            logger: logger
        )
        for try await (id, email) in rows.decode((UUID, String).self) {
            return AccountReference(id: id, email: email)
        }
        return nil
    }

    /// Makes sure an admin account with this email exists and holds the key with this digest, which
    /// replaces the key an earlier `SOUK_ADMIN_API_KEY` gave that account. Start-up calls this; several processes may
    /// at once. Replaced keys and a changed role go into the `CredentialRevocationLog`.
    public func ensureAdmin(email: String, keyDigest: [UInt8], logger: Logger) async throws {
        try await database.transaction(logger: logger) { connection in
            try await connection.query(
                """
                WITH previous AS (
                    SELECT role FROM accounts WHERE lower(email) = lower(\(email))
                ), account AS (
                    INSERT INTO accounts (id, email, role) VALUES (\(UUID()), \(email), 'admin')
                    ON CONFLICT ((lower(email))) DO UPDATE SET role = 'admin', updated_at = now()
                    RETURNING id
                ), key AS (
                    INSERT INTO api_keys (id, account_id, key_hash, description, origin)
                    SELECT \(UUID()), id, \(Data(keyDigest)), 'SOUK_ADMIN_API_KEY', 'environment' FROM account
                    ON CONFLICT (key_hash) DO UPDATE SET account_id = EXCLUDED.account_id, origin = 'environment',
                        description = 'SOUK_ADMIN_API_KEY', expires_at = NULL, updated_at = now()
                )
                -- A user became an admin: what other processes cached of that account is out of date.
                INSERT INTO credential_revocations (key_hash) SELECT NULL FROM previous WHERE role <> 'admin'
                """,
                logger: logger
            )
            try await connection.query(
                """
                WITH replaced AS (
                    DELETE FROM api_keys
                    WHERE origin = 'environment' AND key_hash <> \(Data(keyDigest))
                      AND account_id = (SELECT id FROM accounts WHERE lower(email) = lower(\(email)))
                    RETURNING key_hash
                )
                INSERT INTO credential_revocations (key_hash) SELECT key_hash FROM replaced
                """,
                logger: logger
            )
        }
    }

    static func account(_ row: (UUID, String, String, Date, Date)) -> Account {
        Account(
            id: row.0, email: row.1, role: AccountRole(rawValue: row.2) ?? .user, createdAt: row.3, updatedAt: row.4)
    }
}
