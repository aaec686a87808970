import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Single sign-on: what a hand-off needs (the access check folded into the query) and the record of each one issued.
public struct SSORepository: Sendable {
    let database: Database
    let secrets: SecretBox

    public init(database: Database, secrets: SecretBox) {
        self.database = database
        self.secrets = secrets
    }

    /// The live add-on `idOrName` as `viewer` may open it, from `contextApp` (id or name) when given. `nil` when
    /// the viewer is a member of no app it is attached to, or when it isn't attached to `contextApp` or the
    /// viewer isn't a member of that app: the caller answers 404 either way.
    public func target(
        _ idOrName: String, contextApp: AppIdentifier?, viewer: UUID, logger: Logger
    ) async throws -> SSOTarget? {
        let addonID = UUID(uuidString: idOrName)
        let (contextID, contextName) = contextApp?.lookupKeys ?? (nil, nil)
        let rows = try await database.query(
            """
            SELECT a.id, a.name, a.state, a.provider_id, a.app_name, ctx.id AS context_app_id,
                   ctx.name AS context_app_name, s.id AS service_id, s.slug, s.human_name, s.flavour,
                   s.production_sso_url, s.sealed_sso_salt
            FROM addons a
            JOIN addon_services s ON s.id = a.service_id
            JOIN LATERAL (
                SELECT ap.id, ap.name FROM addon_attachments at
                JOIN app_members m ON m.app_id = at.app_id AND m.account_id = \(viewer)
                JOIN apps ap ON ap.id = at.app_id
                WHERE at.addon_id = a.id
                  AND (\(contextApp != nil) = false OR ap.id = \(contextID) OR ap.name = \(contextName))
                ORDER BY ap.id IS NOT DISTINCT FROM a.app_id DESC, at.created_at, at.id
                LIMIT 1
            ) ctx ON true
            WHERE (a.id = \(addonID) OR a.name = \(idOrName)) AND a.state <> 'deprovisioned'
            """,
            logger: logger
        )
        for try await row in rows {
            let row = row.makeRandomAccess()
            let serviceID = try row["service_id"].decode(UUID.self)
            return SSOTarget(
                addonID: try row["id"].decode(UUID.self),
                addonName: try row["name"].decode(String.self),
                state: AddonState(rawValue: try row["state"].decode(String.self)) ?? .deprovisioned,
                providerID: try row["provider_id"].decode(String?.self),
                billingAppName: try row["app_name"].decode(String.self),
                contextAppID: try row["context_app_id"].decode(UUID.self),
                contextAppName: try row["context_app_name"].decode(String.self),
                serviceSlug: try row["slug"].decode(String.self),
                serviceName: try row["human_name"].decode(String.self),
                flavour: ManifestFlavour(rawValue: try row["flavour"].decode(String.self)) ?? .heroku,
                ssoURL: try row["production_sso_url"].decode(String?.self),
                salt: try secrets.openProviderSecret(
                    try row["sealed_sso_salt"].decode(ByteBuffer.self), serviceID: serviceID, kind: "sso-salt"
                )
            )
        }
        return nil
    }

    /// Notes that `account` was handed off to the add-on's dashboard from `contextApp`. The token isn't kept.
    public func recordIssuance(
        addonID: UUID, accountID: UUID, contextAppID: UUID, method: SSOHandOff.Method, logger: Logger
    ) async throws {
        try await database.query(
            """
            INSERT INTO sso_issuances (id, addon_id, account_id, context_app_id, method)
            VALUES (\(UUID()), \(addonID), \(accountID), \(contextAppID), \(method.rawValue))
            """,
            logger: logger
        )
    }
}
