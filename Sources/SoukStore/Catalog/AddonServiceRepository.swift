import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Add-on services, the manifests behind them, and who may see them. The catalog shows `beta` and
/// `ga` services to everyone; a provider also sees its own, and admins see all.
public struct AddonServiceRepository: Sendable {
    let database: Database
    let secrets: SecretBox
    /// A push may change what single sign-on to the service's add-ons needs: `sso_url`, salt, name.
    let ssoTargets: SSOTargetCache

    public init(database: Database, secrets: SecretBox, ssoTargets: SSOTargetCache = SSOTargetCache()) {
        self.database = database
        self.secrets = secrets
        self.ssoTargets = ssoTargets
    }

    /// Creates the service for a validated manifest, or updates it when the slug is already the
    /// provider's; records the manifest as pushed and upserts the plans it carries. Plans the manifest
    /// leaves out are kept, so a push never breaks add-ons on them. A document equal to the current version
    /// (as parsed JSON: key order and spacing aside, secrets included) changes nothing: `changed` is false.
    public func push(
        _ manifest: AddonManifest, document: JSONValue, by provider: AccountReference, logger: Logger
    ) async throws -> (service: ProviderAddonService, created: Bool, changed: Bool) {
        do {
            let pushed = try await database.transaction(logger: logger) { connection in
                try await push(manifest, document: document, by: provider, broker: nil, on: connection, logger: logger)
            }
            ssoTargets.drop(service: pushed.service.service.id)
            return pushed
        } catch let error as PSQLError where error.isUniqueViolation(of: "addon_services_slug_key") {
            throw SoukError.conflict(
                "The add-on service \(manifest.slug) was registered at the same moment; push again.")
        }
    }

    /// `push` within a transaction of the caller's; a broker's services carry their `broker` link.
    func push(
        _ manifest: AddonManifest, document: JSONValue, by provider: AccountReference, broker: BrokerLink?,
        on connection: DatabaseConnection, logger: Logger
    ) async throws -> (service: ProviderAddonService, created: Bool, changed: Bool) {
        let existing = try await connection.query(
            """
            SELECT s.id, s.provider_id, s.flavour, s.broker_id, b.deleted_at IS NOT NULL
            FROM addon_services s LEFT JOIN brokers b ON b.id = s.broker_id
            WHERE s.slug = \(manifest.slug) FOR UPDATE OF s
            """,
            logger: logger
        )
        var current: (id: UUID, provider: UUID, flavour: String, broker: UUID?, brokerDeleted: Bool)?
        for try await row in existing.decode((UUID, UUID, String, UUID?, Bool).self) { current = row }
        if let current {
            guard current.provider == provider.id else {
                throw SoukError.forbidden("The add-on service \(manifest.slug) belongs to another provider.")
            }
            if let broker, let serving = current.broker, serving != broker.brokerID {
                guard current.brokerDeleted else {
                    throw SoukError.conflict(
                        "The add-on service \(manifest.slug) is served by another of your brokers.")
                }
                // A deleted broker's service comes back with the broker that serves it now.
                try await connection.query(
                    """
                    UPDATE addon_services SET broker_id = \(broker.brokerID), broker_service_id = \(broker.serviceID),
                        state = CASE WHEN state = 'shutdown' THEN 'alpha' ELSE state END, updated_at = now()
                    WHERE id = \(current.id)
                    """,
                    logger: logger)
            }
            guard current.flavour == manifest.flavour.rawValue else {
                throw SoukError.invalidManifest([
                    FieldError(
                        field: "",
                        message:
                            "must stay a \(current.flavour) manifest: \(manifest.slug) was registered as one"
                    )
                ])
            }
            if try await currentManifest(serviceID: current.id, on: connection, logger: logger) == document {
                guard let service = try await providerService(id: current.id, on: connection, logger: logger)
                else { throw SoukError.notFound("Couldn't find that add-on service.") }
                return (service, false, false)
            }
        }
        let serviceID = current?.id ?? UUID()
        let version = try await write(
            manifest, serviceID: serviceID, isNew: current == nil, provider: provider.id, broker: broker,
            on: connection, logger: logger)
        try await record(
            document, serviceID: serviceID, version: version, by: provider.id, on: connection, logger: logger)
        try await PlanRepository.upsert(manifest.plans, serviceID: serviceID, on: connection, logger: logger)
        guard let service = try await providerService(id: serviceID, on: connection, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on service.")
        }
        return (service, current == nil, true)
    }

    /// Points every service of a broker at its new URL and credentials (each sealed for its own service).
    func moveBroker(
        _ broker: UUID, to endpoint: BrokerCatalog.Broker, on connection: DatabaseConnection, logger: Logger
    ) async throws {
        let rows = try await connection.query(
            "SELECT id FROM addon_services WHERE broker_id = \(broker) ORDER BY id FOR UPDATE", logger: logger)
        var ids: [UUID] = []
        for try await id in rows.decode(UUID.self) { ids.append(id) }
        for id in ids {
            let password = try secrets.sealProviderSecret(endpoint.password, serviceID: id, kind: "password")
            try await connection.query(
                """
                UPDATE addon_services SET production_base_url = \(endpoint.url), api_username = \(endpoint.username),
                    sealed_password = \(password), updated_at = now()
                WHERE id = \(id)
                """,
                logger: logger)
        }
    }

    /// Writes the service row and returns its new manifest version.
    private func write(
        _ manifest: AddonManifest, serviceID: UUID, isNew: Bool, provider: UUID, broker: BrokerLink?,
        on connection: DatabaseConnection, logger: Logger
    ) async throws -> Int {
        let password = try secrets.sealProviderSecret(manifest.password, serviceID: serviceID, kind: "password")
        let salt = try secrets.sealProviderSecret(manifest.ssoSalt, serviceID: serviceID, kind: "sso-salt")
        let query: PostgresQuery =
            isNew
            ? """
            INSERT INTO addon_services (
                id, slug, provider_id, flavour, human_name, short_description, description, logo_url, api_username,
                sealed_password, sealed_sso_salt, config_vars_prefix, config_vars, regions, requires, log_drain,
                production_base_url, production_sso_url, test_base_url, test_sso_url, manifest_version,
                broker_id, broker_service_id, broker_bindable, broker_plan_updateable,
                broker_maximum_polling_duration, broker_dashboard_client
            ) VALUES (
                \(serviceID), \(manifest.slug), \(provider), \(manifest.flavour.rawValue), \(manifest.name),
                \(manifest.shortDescription), \(manifest.description), \(manifest.logoURL), \(manifest.apiUsername),
                \(password), \(salt), \(manifest.configVarsPrefix), \(manifest.configVars), \(manifest.regions),
                \(manifest.requires), \(manifest.logDrain), \(manifest.production.baseURL),
                \(manifest.production.ssoURL),
                \(manifest.test?.baseURL), \(manifest.test?.ssoURL), 1,
                \(broker?.brokerID), \(broker?.serviceID), \(broker?.bindable ?? false), \(broker?.planUpdateable ?? false),
                \(broker?.maximumPollingDuration), \(broker?.dashboardClient)::jsonb
            ) RETURNING manifest_version
            """
            : """
            UPDATE addon_services SET
                human_name = \(manifest.name), short_description = \(manifest.shortDescription),
                description = \(manifest.description), logo_url = \(manifest.logoURL),
                api_username = \(manifest.apiUsername), sealed_password = \(password), sealed_sso_salt = \(salt),
                config_vars_prefix = \(manifest.configVarsPrefix), config_vars = \(manifest.configVars),
                regions = \(manifest.regions), requires = \(manifest.requires), log_drain = \(manifest.logDrain),
                production_base_url = \(manifest.production.baseURL),
                production_sso_url = \(manifest.production.ssoURL),
                test_base_url = \(manifest.test?.baseURL), test_sso_url = \(manifest.test?.ssoURL),
                manifest_version = manifest_version + 1, updated_at = now(),
                broker_bindable = \(broker?.bindable ?? false), broker_plan_updateable = \(broker?.planUpdateable ?? false),
                broker_maximum_polling_duration = \(broker?.maximumPollingDuration),
                broker_dashboard_client = \(broker?.dashboardClient)::jsonb
            WHERE id = \(serviceID)
            RETURNING manifest_version
            """
        for try await version in try await connection.query(query, logger: logger).decode(Int.self) {
            return version
        }
        throw SoukError.notFound("Couldn't find that add-on service.")
    }

    /// The current version's document, opened only to compare it in memory with a new push.
    private func currentManifest(serviceID: UUID, on connection: DatabaseConnection, logger: Logger) async throws
        -> JSONValue?
    {
        let rows = try await connection.query(
            """
            SELECT m.version, m.sealed_body
            FROM addon_services s JOIN addon_manifests m ON m.service_id = s.id AND m.version = s.manifest_version
            WHERE s.id = \(serviceID)
            """,
            logger: logger
        )
        for try await (version, sealed) in rows.decode((Int, ByteBuffer).self) {
            return try secrets.openManifest(sealed, serviceID: serviceID, version: version)
        }
        return nil
    }

    private func record(
        _ document: JSONValue, serviceID: UUID, version: Int, by provider: UUID, on connection: DatabaseConnection,
        logger: Logger
    ) async throws {
        let sealed = try secrets.sealManifest(document, serviceID: serviceID, version: version)
        try await connection.query(
            """
            INSERT INTO addon_manifests (id, service_id, version, sealed_body, pushed_by)
            VALUES (\(UUID()), \(serviceID), \(version), \(sealed), \(provider))
            """,
            logger: logger
        )
    }

    private func providerService(id: UUID, on connection: DatabaseConnection, logger: Logger) async throws
        -> ProviderAddonService?
    {
        let rows = try await connection.execute(ServiceByIDStatement(id: id), logger: logger)
        return try rows.first.map { try ServiceRow.providerService($0.makeRandomAccess()) }
    }

    /// A service by id, whoever provides it: for the platform's own use, never a customer's.
    public func service(id: UUID, logger: Logger) async throws -> ProviderAddonService? {
        try await database.withConnection { connection in
            try await providerService(id: id, on: connection, logger: logger)
        }
    }

    /// The services a provider registered, by slug.
    public func providerServices(provider: UUID, range: ListRange, logger: Logger) async throws
        -> Page<ProviderAddonService>
    {
        let inclusive = !range.startIsExclusive
        let query: PostgresQuery =
            range.isDescending
            ? """
            SELECT \(unescaped: ServiceRow.columns)
            FROM addon_services s JOIN accounts p ON p.id = s.provider_id
            WHERE s.provider_id = \(provider)
              AND (\(range.start)::text IS NULL OR s.slug < \(range.start)
                   OR (\(inclusive) AND s.slug = \(range.start)))
              AND (\(range.end)::text IS NULL OR s.slug >= \(range.end))
            ORDER BY s.slug DESC LIMIT \(range.max + 1)
            """
            : """
            SELECT \(unescaped: ServiceRow.columns)
            FROM addon_services s JOIN accounts p ON p.id = s.provider_id
            WHERE s.provider_id = \(provider)
              AND (\(range.start)::text IS NULL OR s.slug > \(range.start)
                   OR (\(inclusive) AND s.slug = \(range.start)))
              AND (\(range.end)::text IS NULL OR s.slug <= \(range.end))
            ORDER BY s.slug ASC LIMIT \(range.max + 1)
            """
        var services: [ProviderAddonService] = []
        for try await row in try await database.query(query, logger: logger) {
            services.append(try ServiceRow.providerService(row.makeRandomAccess()))
        }
        return Page(fetched: services, range: range) { $0.service.name }
    }

    public func providerService(slug: String, provider: UUID, logger: Logger) async throws -> ProviderAddonService? {
        let rows = try await database.query(
            """
            SELECT \(unescaped: ServiceRow.columns)
            FROM addon_services s JOIN accounts p ON p.id = s.provider_id
            WHERE s.slug = \(slug) AND s.provider_id = \(provider)
            """,
            logger: logger
        )
        for try await row in rows { return try ServiceRow.providerService(row.makeRandomAccess()) }
        return nil
    }

    /// Every manifest version of a provider's service, newest first; `nil` when it isn't theirs.
    public func manifests(slug: String, provider: UUID, latestOnly: Bool, logger: Logger) async throws
        -> [ManifestVersion]?
    {
        let rows = try await database.query(
            """
            SELECT s.id, m.version, m.sealed_body, m.created_at, u.id, u.email
            FROM addon_services s
            LEFT JOIN addon_manifests m ON m.service_id = s.id AND (NOT \(latestOnly) OR m.version = s.manifest_version)
            LEFT JOIN accounts u ON u.id = m.pushed_by
            WHERE s.slug = \(slug) AND s.provider_id = \(provider)
            ORDER BY m.version DESC
            """,
            logger: logger
        )
        var found = false
        var versions: [ManifestVersion] = []
        for try await (serviceID, version, sealed, createdAt, userID, email) in rows.decode(
            (UUID, Int?, ByteBuffer?, Date?, UUID?, String?).self
        ) {
            found = true
            guard let version, let sealed, let createdAt else { continue }
            versions.append(
                ManifestVersion(
                    version: version,
                    pushedBy: userID.flatMap { id in email.map { AccountReference(id: id, email: $0) } },
                    createdAt: createdAt,
                    manifest: try secrets.openManifest(sealed, serviceID: serviceID, version: version)
                )
            )
        }
        return found ? versions : nil
    }

    /// The public catalog, by slug: `beta` and `ga` services, plus the viewer's own, plus all for admins.
    public func catalog(viewer: Account?, range: ListRange, logger: Logger) async throws -> Page<AddonService> {
        let viewerID = viewer?.id
        let isAdmin = viewer?.isAdmin ?? false
        let inclusive = !range.startIsExclusive
        // The sort key is computed here and sent back with each row, so `Next-Range` resumes exactly where
        // the database left off; timestamps are followed by the id, so equal times still page in order.
        let query: PostgresQuery =
            range.isDescending
            ? """
            SELECT \(unescaped: ServiceRow.columns), k.key
            FROM addon_services s JOIN accounts p ON p.id = s.provider_id
            CROSS JOIN LATERAL (SELECT CASE \(range.field)
                WHEN 'id' THEN s.id::text
                WHEN 'created_at' THEN to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || s.id
                WHEN 'updated_at' THEN to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || s.id
                ELSE s.slug END AS key) k
            WHERE (s.state IN ('beta', 'ga') OR s.provider_id = \(viewerID) OR \(isAdmin))
              AND (\(range.start)::text IS NULL OR k.key < \(range.start) OR (\(inclusive) AND k.key = \(range.start)))
              AND (\(range.end)::text IS NULL OR k.key >= \(range.end))
            ORDER BY k.key DESC LIMIT \(range.max + 1)
            """
            : """
            SELECT \(unescaped: ServiceRow.columns), k.key
            FROM addon_services s JOIN accounts p ON p.id = s.provider_id
            CROSS JOIN LATERAL (SELECT CASE \(range.field)
                WHEN 'id' THEN s.id::text
                WHEN 'created_at' THEN to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || s.id
                WHEN 'updated_at' THEN to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z/"')
                    || s.id
                ELSE s.slug END AS key) k
            WHERE (s.state IN ('beta', 'ga') OR s.provider_id = \(viewerID) OR \(isAdmin))
              AND (\(range.start)::text IS NULL OR k.key > \(range.start) OR (\(inclusive) AND k.key = \(range.start)))
              AND (\(range.end)::text IS NULL OR k.key <= \(range.end))
            ORDER BY k.key ASC LIMIT \(range.max + 1)
            """
        var keyed: [(service: AddonService, key: String)] = []
        for try await row in try await database.query(query, logger: logger) {
            let columns = row.makeRandomAccess()
            keyed.append((try ServiceRow.service(columns), try columns["key"].decode(String.self)))
        }
        let page = Page(fetched: keyed, range: range) { $0.key }
        return Page(items: page.items.map(\.service), nextRange: page.nextRange)
    }

    /// One service by id or slug, if the viewer may see it (`shutdown` ones stay readable by name).
    public func catalogService(_ idOrName: String, viewer: Account?, logger: Logger) async throws -> AddonService? {
        let id = UUID(uuidString: idOrName)
        let rows = try await database.query(
            """
            SELECT \(unescaped: ServiceRow.columns)
            FROM addon_services s JOIN accounts p ON p.id = s.provider_id
            WHERE (s.id = \(id) OR s.slug = \(idOrName))
              AND (s.state <> 'alpha' OR s.provider_id = \(viewer?.id) OR \(viewer?.isAdmin ?? false))
            """,
            logger: logger
        )
        for try await row in rows { return try ServiceRow.service(row.makeRandomAccess()) }
        return nil
    }

    /// Moves a service between states; `nil` when there is no such service.
    public func setState(_ state: ServiceState, slug: String, logger: Logger) async throws -> ProviderAddonService? {
        let rows = try await database.query(
            """
            WITH updated AS (
                UPDATE addon_services SET state = \(state.rawValue), updated_at = now() WHERE slug = \(slug) RETURNING *
            )
            SELECT \(unescaped: ServiceRow.columns) FROM updated s JOIN accounts p ON p.id = s.provider_id
            """,
            logger: logger
        )
        for try await row in rows { return try ServiceRow.providerService(row.makeRandomAccess()) }
        return nil
    }
}
