import Foundation
import NIOCore
import PostgresNIO
import SoukCore

/// The columns add-on queries select, and how they become an `Addon` or an `AddonRecord`. Queries join
/// `addons a`, `addon_services s`, `plans pl`, and a lateral `ba` holding the billing attachment's name.
/// Every query selects `summaryColumns` first (`columns` begins with them), so that a row's add-on is read
/// by position (`ColumnReader`).
enum AddonRow {
    /// What `addon(_:webURLBase:)` reads, in this order, and no more: listings skip the sealed columns and the
    /// provider's endpoint, which only `record` opens.
    static let summaryColumns = """
        a.id, a.name, a.state, a.provider_id, a.provision_message, a.created_at, a.updated_at, a.app_id, a.app_name,
        s.id AS service_id, s.slug AS service_slug, s.config_vars_prefix, s.config_vars, pl.id AS plan_id,
        pl.name AS plan_slug, ba.name AS billing_attachment, pl.price_cents, pl.price_unit, pl.metered
        """

    /// `summaryColumns`, then what `record` reads by name.
    static let columns =
        summaryColumns + """
            , a.options::text AS options, a.sealed_options, a.sealed_config, a.created_by, s.flavour,
            s.production_base_url, s.api_username, s.sealed_password, s.requires, pl.options::text AS plan_options,
            s.broker_service_id, s.broker_bindable, s.broker_plan_updateable, pl.broker_plan_id,
            s.broker_maximum_polling_duration, COALESCE(ap.region, 'us') AS region
            """

    /// The joins that go with `columns`, after `FROM addons a`: the summary's, and the app for its region.
    static let joins = summaryJoins + "\nLEFT JOIN apps ap ON ap.id = a.app_id"

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

    /// The add-on of a row that begins with `summaryColumns`.
    static func addon(_ row: PostgresRow, webURLBase: String?) throws -> Addon {
        try summary(row, webURLBase: webURLBase).addon
    }

    /// The add-on of a row that begins with `summaryColumns`, and its service's declared vars.
    private static func summary(
        _ row: PostgresRow, webURLBase: String?
    ) throws -> (addon: Addon, mapping: ConfigVarMapping) {
        var columns = ColumnReader(row)
        let id: UUID = try columns.next()
        let name: String = try columns.next()
        let state: String = try columns.next()
        let providerID: String? = try columns.next()
        let message: String? = try columns.next()
        let createdAt: Date = try columns.next()
        let updatedAt: Date = try columns.next()
        let appID: UUID? = try columns.next()
        let appName: String = try columns.next()
        let serviceID: UUID = try columns.next()
        let serviceSlug: String = try columns.next()
        let prefix: String = try columns.next()
        let mapping = ConfigVarMapping(prefix: prefix, declared: try columns.next([String].self))
        let planID: UUID = try columns.next()
        let planSlug: String = try columns.next()
        let billingAttachment: String? = try columns.next()
        let cents: Int32 = try columns.next()
        let unit: String = try columns.next()
        let metered: Bool = try columns.next()
        let addon = Addon(
            id: id,
            name: name,
            addonService: AddonService.Reference(id: serviceID, name: serviceSlug),
            plan: Addon.PlanReference(id: planID, name: "\(serviceSlug):\(planSlug)"),
            app: AppReference(id: appID ?? Self.appGone, name: appName),
            configVars: mapping.exposedNames(attachment: billingAttachment ?? prefix).sorted(),
            providerID: providerID,
            provisionMessage: message,
            state: AddonState(rawValue: state) ?? .deprovisioned,
            webURL: webURLBase.map { "\($0)/addons/\(id.lowercasedString)/sso/open" },
            createdAt: createdAt,
            updatedAt: updatedAt,
            billedPrice: Plan.Price(cents: Int(cents), unit: unit, metered: metered)
        )
        return (addon, mapping)
    }

    /// The record of a row that selects `columns`, first.
    static func record(_ row: PostgresRow, secrets: SecretBox, webURLBase: String?) throws -> AddonRecord {
        let (addon, declared) = try summary(row, webURLBase: webURLBase)
        let row = row.makeRandomAccess()
        let serviceID = addon.addonService.id
        let sealedConfig = try row["sealed_config"].decode(ByteBuffer?.self)
        let providerConfig = try sealedConfig.map { try secrets.openAddonConfig($0, addonID: addon.id) } ?? [:]
        let flavour = ManifestFlavour(rawValue: try row["flavour"].decode(String.self)) ?? .heroku
        var mapping = declared
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

    static func stringMap(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
