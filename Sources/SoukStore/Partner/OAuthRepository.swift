import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// OAuth for the partner API. Grant codes go to the provider inside each provision request; the
/// provider trades one (with its manifest password) for tokens. Codes and tokens are kept only as
/// SHA-256 digests.
public struct OAuthRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Records a single-use grant code for an add-on that has none (an install records its grant with the
    /// add-on, in `InstallAddonStatement`).
    public func issueGrant(digest: [UInt8], addon: UUID, expiresAt: Date, logger: Logger) async throws {
        try await database.query(
            """
            INSERT INTO oauth_grants (code_hash, addon_id, expires_at)
            VALUES (\(Data(digest)), \(addon), \(expiresAt))
            """,
            logger: logger
        )
    }
}

extension OAuthRepository {
    /// Trades an unused, unexpired grant code for an access and a refresh token, once, and only with
    /// the manifest password of the add-on's service as `client_secret`. Returns the add-on, or `nil`.
    public func exchange(
        grantDigest: [UInt8], clientSecret: String, accessDigest: [UInt8], refreshDigest: [UInt8],
        accessExpiresAt: Date, secrets: SecretBox, logger: Logger
    ) async throws -> UUID? {
        try await database.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT g.addon_id, s.id, s.sealed_password
                FROM oauth_grants g JOIN addons a ON a.id = g.addon_id JOIN addon_services s ON s.id = a.service_id
                WHERE g.code_hash = \(Data(grantDigest)) AND g.used_at IS NULL AND g.expires_at > now()
                FOR UPDATE OF g
                """,
                logger: logger
            )
            var match: UUID?
            for try await (addon, service, sealed) in rows.decode((UUID, UUID, ByteBuffer).self) {
                let password = try secrets.openProviderSecret(sealed, serviceID: service, kind: "password")
                if SecretHash.constantTimeEquals(Array(password.utf8), Array(clientSecret.utf8)) { match = addon }
            }
            guard let addon = match else { return nil }
            try await connection.query(
                "UPDATE oauth_grants SET used_at = now() WHERE code_hash = \(Data(grantDigest))", logger: logger
            )
            try await Self.insertTokens(
                addon: addon, accessDigest: accessDigest, refreshDigest: refreshDigest,
                accessExpiresAt: accessExpiresAt,
                on: connection, logger: logger
            )
            return addon
        }
    }

    /// A new access token for a refresh token, checked against the service's password like the first exchange.
    public func refresh(
        refreshDigest: [UInt8], clientSecret: String?, accessDigest: [UInt8], accessExpiresAt: Date, secrets: SecretBox,
        logger: Logger
    ) async throws -> UUID? {
        try await database.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                """
                SELECT t.addon_id, s.id, s.sealed_password
                FROM oauth_tokens t JOIN addons a ON a.id = t.addon_id JOIN addon_services s ON s.id = a.service_id
                WHERE t.token_hash = \(Data(refreshDigest)) AND t.kind = 'refresh'
                """,
                logger: logger
            )
            var match: UUID?
            for try await (addon, service, sealed) in rows.decode((UUID, UUID, ByteBuffer).self) {
                let password = try secrets.openProviderSecret(sealed, serviceID: service, kind: "password")
                if let clientSecret, SecretHash.constantTimeEquals(Array(password.utf8), Array(clientSecret.utf8)) {
                    match = addon
                }
            }
            guard let addon = match else { return nil }
            try await connection.query(
                """
                INSERT INTO oauth_tokens (token_hash, addon_id, kind, expires_at)
                VALUES (\(Data(accessDigest)), \(addon), 'access', \(accessExpiresAt))
                """,
                logger: logger
            )
            return addon
        }
    }

    static func insertTokens(
        addon: UUID, accessDigest: [UInt8], refreshDigest: [UInt8], accessExpiresAt: Date,
        on connection: DatabaseConnection, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO oauth_tokens (token_hash, addon_id, kind, expires_at)
            VALUES (\(Data(accessDigest)), \(addon), 'access', \(accessExpiresAt)),
                   (\(Data(refreshDigest)), \(addon), 'refresh', NULL)
            """,
            logger: logger
        )
    }
}
