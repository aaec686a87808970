import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// An account's API keys as OAuth authorizations. Every statement that ends a key appends its digest to
/// the `CredentialRevocationLog` in the same transaction, so other processes forget it when (and only if)
/// it commits.
public struct AuthorizationRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = """
        k.id, k.description, k.expires_at, k.created_at, k.updated_at, a.id AS account_id, a.email
        """

    /// The account's keys, newest first (`api_keys_account_created_idx`).
    public func list(accountID: UUID, logger: Logger) async throws -> [Authorization] {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM api_keys k JOIN accounts a ON a.id = k.account_id
            WHERE k.account_id = \(accountID) AND (k.expires_at IS NULL OR k.expires_at > now())
            ORDER BY k.created_at DESC, k.id
            """,
            logger: logger
        )
        var authorizations: [Authorization] = []
        for try await row in rows { authorizations.append(try Self.authorization(row.makeRandomAccess(), token: nil)) }
        return authorizations
    }

    public func authorization(_ id: UUID, accountID: UUID, logger: Logger) async throws -> Authorization? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns) FROM api_keys k JOIN accounts a ON a.id = k.account_id
            WHERE k.id = \(id) AND k.account_id = \(accountID) AND (k.expires_at IS NULL OR k.expires_at > now())
            """,
            logger: logger
        )
        for try await row in rows { return try Self.authorization(row.makeRandomAccess(), token: nil) }
        return nil
    }

    /// A new key for the account; `token` is only echoed into the answer, never stored.
    public func create(
        accountID: UUID, description: String, expiresIn: Int?, keyDigest: [UInt8], token: String, logger: Logger
    ) async throws -> Authorization {
        let rows = try await database.query(
            """
            WITH k AS (
                INSERT INTO api_keys (id, account_id, key_hash, description, origin, expires_at)
                VALUES (\(UUID()), \(accountID), \(Data(keyDigest)), \(description), 'authorization',
                        now() + make_interval(secs => \(expiresIn))::interval)
                RETURNING *
            )
            SELECT \(unescaped: Self.columns) FROM k JOIN accounts a ON a.id = k.account_id
            """,
            logger: logger
        )
        for try await row in rows { return try Self.authorization(row.makeRandomAccess(), token: token) }
        throw SoukError.notFound("Couldn't find that account.")
    }

    /// Gives the key a new token; the old one stops working everywhere once this commits. Returns the old
    /// token's digest too, for the caller's own cache.
    public func regenerate(
        _ id: UUID, accountID: UUID, keyDigest: [UInt8], token: String, logger: Logger
    ) async throws -> (Authorization, replacedDigest: [UInt8])? {
        let rows = try await database.query(
            """
            WITH old AS (
                SELECT id, key_hash FROM api_keys
                WHERE id = \(id) AND account_id = \(accountID) AND (expires_at IS NULL OR expires_at > now())
                FOR UPDATE
            ), k AS (
                UPDATE api_keys SET key_hash = \(Data(keyDigest)), updated_at = now()
                WHERE id = (SELECT id FROM old)
                RETURNING *
            ), revoked AS (
                INSERT INTO credential_revocations (key_hash) SELECT key_hash FROM old
            )
            SELECT \(unescaped: Self.columns), (SELECT key_hash FROM old) AS replaced
            FROM k JOIN accounts a ON a.id = k.account_id
            """,
            logger: logger
        )
        for try await row in rows {
            let row = row.makeRandomAccess()
            return (
                try Self.authorization(row, token: token), Array(buffer: try row["replaced"].decode(ByteBuffer.self))
            )
        }
        return nil
    }

    /// Ends a key, unless it is the account's last: an account without a key could never sign in again.
    /// Returns its digest too, for the caller's own cache.
    public func revoke(_ id: UUID, accountID: UUID, logger: Logger) async throws -> (
        Authorization, revokedDigest: [UInt8]
    )? {
        try await database.transaction(logger: logger) { connection in
            // The account row's lock orders two revocations of an account's last two keys.
            let keys = try await connection.query(
                """
                SELECT count(*) FROM api_keys
                WHERE account_id = (SELECT id FROM accounts WHERE id = \(accountID) FOR UPDATE)
                  AND (expires_at IS NULL OR expires_at > now())
                """,
                logger: logger
            )
            var count = 0
            for try await value in keys.decode(Int.self) { count = value }
            let rows = try await connection.query(
                """
                WITH k AS (
                    DELETE FROM api_keys WHERE id = \(id) AND account_id = \(accountID) RETURNING *
                ), revoked AS (
                    INSERT INTO credential_revocations (key_hash) SELECT key_hash FROM k
                )
                SELECT \(unescaped: Self.columns), k.key_hash
                FROM k JOIN accounts a ON a.id = k.account_id
                """,
                logger: logger
            )
            var revoked: (Authorization, [UInt8])?
            for try await row in rows {
                let row = row.makeRandomAccess()
                revoked = (
                    try Self.authorization(row, token: nil), Array(buffer: try row["key_hash"].decode(ByteBuffer.self))
                )
            }
            if revoked != nil, count <= 1 {
                throw SoukError.invalidParams(
                    "This is the account's last authorization: create another before revoking it."
                )
            }
            return revoked
        }
    }

    static func authorization(_ row: PostgresRandomAccessRow, token: String?) throws -> Authorization {
        let id = try row["id"].decode(UUID.self)
        let expiresAt = try row["expires_at"].decode(Date?.self)
        return Authorization(
            id: id,
            description: try row["description"].decode(String.self),
            accessToken: Authorization.AccessToken(
                id: id, token: token, expiresIn: expiresAt.map { max(0, Int($0.timeIntervalSinceNow.rounded())) }
            ),
            user: Authorization.User(
                id: try row["account_id"].decode(UUID.self), email: try row["email"].decode(String.self)),
            createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self)
        )
    }
}
