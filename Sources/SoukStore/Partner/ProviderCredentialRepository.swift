import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Turns a provider's credentials into the service they belong to: Basic `user:password` (the slug for
/// Heroku manifests, `username` for Scalingo ones) checked in constant time against the sealed password,
/// or a Bearer token from the OAuth exchange.
public struct ProviderCredentialRepository: Sendable {
    let database: Database
    let secrets: SecretBox

    public init(database: Database, secrets: SecretBox) {
        self.database = database
        self.secrets = secrets
    }

    public func identity(username: String, password: String, logger: Logger) async throws -> ProviderIdentity? {
        let rows = try await database.query(
            "SELECT id, slug, flavour, sealed_password FROM addon_services WHERE api_username = \(username)",
            logger: logger
        )
        var found: ProviderIdentity?
        // Scalingo usernames need not be unique: whichever service's password matches.
        for try await (id, slug, flavour, sealed) in rows.decode((UUID, String, String, ByteBuffer).self) {
            let expected = try secrets.openProviderSecret(sealed, serviceID: id, kind: "password")
            if SecretHash.constantTimeEquals(Array(expected.utf8), Array(password.utf8)), found == nil {
                found = ProviderIdentity(
                    serviceID: id, slug: slug, flavour: ManifestFlavour(rawValue: flavour) ?? .heroku)
            }
        }
        return found
    }

    /// The add-on an unexpired access token was issued for.
    public func identity(accessTokenDigest digest: [UInt8], logger: Logger) async throws -> ProviderIdentity? {
        let rows = try await database.query(
            """
            SELECT s.id, s.slug, s.flavour, t.addon_id
            FROM oauth_tokens t JOIN addons a ON a.id = t.addon_id JOIN addon_services s ON s.id = a.service_id
            WHERE t.token_hash = \(Data(digest)) AND t.kind = 'access'
              AND (t.expires_at IS NULL OR t.expires_at > now())
            """,
            logger: logger
        )
        for try await (id, slug, flavour, addon) in rows.decode((UUID, String, String, UUID).self) {
            return ProviderIdentity(
                serviceID: id, slug: slug, flavour: ManifestFlavour(rawValue: flavour) ?? .heroku, addonID: addon
            )
        }
        return nil
    }
}
