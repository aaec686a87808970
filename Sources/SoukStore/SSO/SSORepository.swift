import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Single sign-on: what a hand-off needs (the access check folded into the query, the answer kept in
/// `SSOTargetCache`) and the record of each one issued.
public struct SSORepository: Sendable {
    let database: Database
    let secrets: SecretBox
    let issuances: SSOIssuanceLog
    let cache: SSOTargetCache

    public init(
        database: Database, secrets: SecretBox, issuances: SSOIssuanceLog, cache: SSOTargetCache = SSOTargetCache()
    ) {
        self.database = database
        self.secrets = secrets
        self.issuances = issuances
        self.cache = cache
    }

    /// The live add-on `idOrName` as `viewer` may open it, from `contextApp` (id or name) when given. `nil` when
    /// the viewer is a member of no app it is attached to, or when it isn't attached to `contextApp` or the
    /// viewer isn't a member of that app: the caller answers 404 either way.
    public func target(
        _ idOrName: String, contextApp: AppIdentifier?, viewer: UUID, logger: Logger
    ) async throws -> SSOTarget? {
        let key = SSOTargetCache.Key(viewer: viewer, addon: idOrName, contextApp: contextApp)
        let generation: UInt64
        switch cache.lookup(key) {
        case .hit(let target): return target
        case .miss(let current): generation = current
        }
        let addonID = UUID(uuidString: idOrName)
        let rows =
            if let contextApp {
                try await database.execute(
                    SSOContextTargetStatement(
                        viewer: viewer, contextAppID: contextApp.lookupKeys.id,
                        contextAppName: contextApp.lookupKeys.name,
                        addonID: addonID, addonName: idOrName),
                    logger: logger)
            } else {
                try await database.execute(
                    SSOTargetStatement(viewer: viewer, addonID: addonID, addonName: idOrName), logger: logger)
            }
        guard let row = rows.first else { return nil }
        let target = SSOTarget(
            addonID: row.0, addonName: row.1, state: AddonState(rawValue: row.2) ?? .deprovisioned, providerID: row.3,
            billingAppName: row.4, contextAppID: row.5, contextAppName: row.6, serviceSlug: row.8,
            serviceName: row.9, flavour: ManifestFlavour(rawValue: row.10) ?? .heroku, ssoURL: row.11,
            salt: try secrets.openProviderSecret(row.12, serviceID: row.7, kind: "sso-salt")
        )
        let apps = row.13.map { Set(row.14 + [$0]) } ?? Set(row.14)
        cache.remember(target, serviceID: row.7, apps: Array(apps), for: key, generation: generation)
        return target
    }

    /// Notes that `account` was handed off to the add-on's dashboard from `contextApp`, once the note is
    /// durable (committed with others under load: `SSOIssuanceLog`). The token isn't kept.
    public func recordIssuance(
        addonID: UUID, accountID: UUID, contextAppID: UUID, method: SSOHandOff.Method
    ) async throws {
        try await issuances.record(
            .init(addonID: addonID, accountID: accountID, contextAppID: contextAppID, method: method)
        )
    }
}
