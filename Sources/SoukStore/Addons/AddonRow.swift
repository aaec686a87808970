import Foundation
import NIOCore
import PostgresNIO
import SoukCore

/// The columns add-on queries select, and how they become an `Addon` or an `AddonRecord`. Queries join
/// `addons a`, `addon_services s`, `plans pl`, and a lateral `ba` holding the billing attachment's name.
enum AddonRow {
    static let columns = """
        a.id, a.name, a.state, a.provider_id, a.provision_message, a.created_at, a.updated_at, a.app_id, a.app_name,
        a.options::text AS options, a.sealed_options, a.sealed_config, a.created_by, s.id AS service_id,
        s.slug AS service_slug, s.flavour, s.production_base_url, s.api_username, s.sealed_password, s.requires,
        s.config_vars_prefix, s.config_vars, pl.id AS plan_id, pl.name AS plan_slug, pl.options::text AS plan_options,
        ba.name AS billing_attachment, s.broker_service_id, s.broker_bindable, s.broker_plan_updateable,
        pl.broker_plan_id, s.broker_maximum_polling_duration, pl.price_cents, pl.price_unit, pl.metered,
        COALESCE(ap.region, 'us') AS region
        """

    /// The joins that go with `columns`, after `FROM addons a`: the summary's, and the app for its region.
    static let joins = summaryJoins + "\nLEFT JOIN apps ap ON ap.id = a.app_id"

    /// What `addon(_:webURLBase:)` reads, and no more: listings skip the sealed columns and the provider's
    /// endpoint, which only `record` opens.
    static let summaryColumns = """
        a.id, a.name, a.state, a.provider_id, a.provision_message, a.created_at, a.updated_at, a.app_id, a.app_name,
        s.id AS service_id, s.slug AS service_slug, s.config_vars_prefix, s.config_vars, pl.id AS plan_id,
        pl.name AS plan_slug, ba.name AS billing_attachment, pl.price_cents, pl.price_unit, pl.metered
        """

    /// The joins that go with `summaryColumns`, after `FROM addons a`.
    static let summaryJoins = """
        JOIN addon_services s ON s.id = a.service_id
        JOIN plans pl ON pl.id = a.plan_id
        LEFT JOIN LATERAL (
            SELECT name FROM addon_attachments WHERE addon_id = a.id AND app_id = a.app_id ORDER BY created_at LIMIT 1
        ) ba ON true
        """

    /// The billing app's id once the app is deleted (its add-ons are deprovisioned with it).
    static let appGone = UUID(uuidString: "00000000-0000-0000-0000-000000000000")!

    static func addon(_ row: PostgresRandomAccessRow, webURLBase: String?) throws -> Addon {
        let serviceSlug = try row["service_slug"].decode(String.self)
        let mapping = try mapping(row)
        let attachment = try row["billing_attachment"].decode(String?.self) ?? mapping.prefix
        let id = try row["id"].decode(UUID.self)
        return Addon(
            id: id,
            name: try row["name"].decode(String.self),
            addonService: AddonService.Reference(id: try row["service_id"].decode(UUID.self), name: serviceSlug),
            plan: Addon.PlanReference(
                id: try row["plan_id"].decode(UUID.self),
                name: "\(serviceSlug):\(try row["plan_slug"].decode(String.self))"
            ),
            app: AppReference(
                id: try row["app_id"].decode(UUID?.self) ?? Self.appGone,
                name: try row["app_name"].decode(String.self)
            ),
            configVars: mapping.exposedNames(attachment: attachment).sorted(),
            providerID: try row["provider_id"].decode(String?.self),
            provisionMessage: try row["provision_message"].decode(String?.self),
            state: AddonState(rawValue: try row["state"].decode(String.self)) ?? .deprovisioned,
            webURL: webURLBase.map { "\($0)/addons/\(id.lowercasedString)/sso/open" },
            createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self),
            billedPrice: Plan.Price(
                cents: Int(try row["price_cents"].decode(Int32.self)), unit: try row["price_unit"].decode(String.self),
                metered: try row["metered"].decode(Bool.self))
        )
    }

    static func record(_ row: PostgresRandomAccessRow, secrets: SecretBox, webURLBase: String?) throws -> AddonRecord {
        let addon = try addon(row, webURLBase: webURLBase)
        let serviceID = try row["service_id"].decode(UUID.self)
        let sealedConfig = try row["sealed_config"].decode(ByteBuffer?.self)
        let providerConfig = try sealedConfig.map { try secrets.openAddonConfig($0, addonID: addon.id) } ?? [:]
        let flavour = ManifestFlavour(rawValue: try row["flavour"].decode(String.self)) ?? .heroku
        var mapping = try mapping(row)
        // A broker declares no names: its add-on's vars are whatever its binding's credentials hold.
        if flavour == .osb { mapping.declared = Set(providerConfig.keys) }
        return AddonRecord(
            addon: addon,
            serviceID: serviceID,
            flavour: flavour,
            baseURL: try row["production_base_url"].decode(String.self),
            apiUsername: try row["api_username"].decode(String.self),
            password: try secrets.openProviderSecret(
                try row["sealed_password"].decode(ByteBuffer.self), serviceID: serviceID, kind: "password"
            ),
            requires: try row["requires"].decode([String].self),
            planSlug: try row["plan_slug"].decode(String.self),
            planOptions: Self.stringMap(try row["plan_options"].decode(String.self)),
            options: try options(row, addonID: addon.id, secrets: secrets),
            region: Region(rawValue: try row["region"].decode(String.self)) ?? .us,
            mapping: mapping,
            providerConfig: providerConfig,
            createdBy: try row["created_by"].decode(UUID?.self),
            brokerServiceID: try row["broker_service_id"].decode(String?.self),
            brokerPlanID: try row["broker_plan_id"].decode(String?.self),
            brokerBindable: try row["broker_bindable"].decode(Bool.self),
            brokerPlanUpdateable: try row["broker_plan_updateable"].decode(Bool.self),
            brokerMaximumPollingDuration: try row["broker_maximum_polling_duration"].decode(Int32?.self).map(Int.init)
        )
    }

    /// Sealed since migration 0007; a row from before it holds them in clear until start-up seals it.
    static func options(_ row: PostgresRandomAccessRow, addonID: UUID, secrets: SecretBox) throws -> [String: String] {
        if let sealed = try row["sealed_options"].decode(ByteBuffer?.self) {
            return try secrets.openAddonOptions(sealed, addonID: addonID)
        }
        return stringMap(try row["options"].decode(String.self))
    }

    static func mapping(_ row: PostgresRandomAccessRow) throws -> ConfigVarMapping {
        ConfigVarMapping(
            prefix: try row["config_vars_prefix"].decode(String.self),
            declared: try row["config_vars"].decode([String].self)
        )
    }

    static func stringMap(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
