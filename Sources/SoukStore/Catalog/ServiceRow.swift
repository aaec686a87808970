import Foundation
import PostgresNIO
import SoukCore

/// Reads the columns every service query selects (`ServiceRow.columns`) into the wire types.
enum ServiceRow {
    /// The select list, for a query that joins `addon_services s` with the provider's `accounts p`.
    static let columns = """
        s.id, s.slug, s.human_name, s.state, s.requires, s.created_at, s.updated_at, s.provider_id,
        p.email AS provider_email, s.flavour, s.manifest_version, s.config_vars_prefix, s.config_vars, s.regions,
        s.production_base_url, s.production_sso_url, s.test_base_url, s.test_sso_url
        """

    static func service(_ row: PostgresRandomAccessRow) throws -> AddonService {
        let requires = try row["requires"].decode([String].self)
        return AddonService(
            id: try row["id"].decode(UUID.self),
            name: try row["slug"].decode(String.self),
            humanName: try row["human_name"].decode(String.self),
            state: ServiceState(rawValue: try row["state"].decode(String.self)) ?? .alpha,
            supportsMultipleInstallations: requires.contains("many_per_app"),
            supportsSharing: requires.contains("attachable"),
            createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self)
        )
    }

    static func providerService(_ row: PostgresRandomAccessRow) throws -> ProviderAddonService {
        let testBase = try row["test_base_url"].decode(String?.self)
        let testSSO = try row["test_sso_url"].decode(String?.self)
        return ProviderAddonService(
            service: try service(row),
            provider: AccountReference(
                id: try row["provider_id"].decode(UUID.self), email: try row["provider_email"].decode(String.self)
            ),
            flavour: ManifestFlavour(rawValue: try row["flavour"].decode(String.self)) ?? .heroku,
            manifestVersion: try row["manifest_version"].decode(Int.self),
            configVarsPrefix: try row["config_vars_prefix"].decode(String.self),
            configVars: try row["config_vars"].decode([String].self),
            regions: try row["regions"].decode([String].self),
            requires: try row["requires"].decode([String].self),
            production: .init(
                baseURL: try row["production_base_url"].decode(String.self),
                ssoURL: try row["production_sso_url"].decode(String?.self)
            ),
            test: testBase == nil && testSSO == nil ? nil : .init(baseURL: testBase, ssoURL: testSSO)
        )
    }
}
