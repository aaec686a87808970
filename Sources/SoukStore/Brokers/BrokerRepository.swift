import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Registered Open Service Brokers and the add-on services their catalogs became. A provider sees only its own.
public struct BrokerRepository: Sendable {
    let database: Database
    let secrets: SecretBox
    let services: AddonServiceRepository

    public init(database: Database, secrets: SecretBox, services: AddonServiceRepository) {
        self.database = database
        self.secrets = secrets
        self.services = services
    }

    /// Records the broker and creates one add-on service per catalog service, all in one transaction: a
    /// catalog that can't be taken whole leaves nothing behind.
    public func register(
        name: String, endpoint: BrokerCatalog.Broker, catalog: BrokerCatalog, by provider: AccountReference,
        logger: Logger
    ) async throws -> Broker {
        let id = UUID()
        let sealed = ByteBuffer(
            bytes: try secrets.seal(endpoint.password, context: SealContext.brokerPassword(brokerID: id)))
        do {
            return try await database.transaction(logger: logger) { connection in
                try await connection.query(
                    """
                    INSERT INTO brokers (id, provider_id, name, url, username, sealed_password)
                    VALUES (\(id), \(provider.id), \(name), \(endpoint.url), \(endpoint.username), \(sealed))
                    """,
                    logger: logger
                )
                for service in catalog.services {
                    let link = BrokerLink(brokerID: id, service: service)
                    _ = try await services.push(
                        service.manifest, document: service.document, by: provider, broker: link, on: connection,
                        logger: logger)
                }
                guard let broker = try await broker(id, provider: provider.id, on: connection, logger: logger) else {
                    throw SoukError.notFound("Couldn't find that broker.")
                }
                return broker
            }
        } catch let error as PSQLError where error.isUniqueViolation(of: "brokers_live_name_key") {
            throw SoukError.conflict("You already registered a broker named \(name).")
        } catch let error as PSQLError where error.isUniqueViolation(of: "addon_services_slug_key") {
            throw SoukError.conflict("An add-on service of this catalog was registered at the same moment; try again.")
        }
    }

    /// Where and as whom a provider's broker is called, its password opened; nil when it is not theirs.
    public func endpoint(_ id: UUID, provider: UUID, logger: Logger) async throws -> BrokerCatalog.Broker? {
        let rows = try await database.query(
            """
            SELECT url, username, sealed_password FROM brokers
            WHERE id = \(id) AND provider_id = \(provider) AND deleted_at IS NULL
            """,
            logger: logger)
        for try await (url, username, sealed) in rows.decode((String, String, ByteBuffer).self) {
            let password = try secrets.open(Array(buffer: sealed), context: SealContext.brokerPassword(brokerID: id))
            return BrokerCatalog.Broker(url: url, username: username, password: password)
        }
        return nil
    }

    /// Takes the broker's catalog as it is now, in one transaction. A service or plan keeps the slug it was
    /// registered with, whatever the broker renamed (apps hold vars named after it): they are matched on the
    /// broker's ids. New services and plans are added; plans gone from the catalog are deprecated, never
    /// deleted, so add-ons on them keep working. With `endpoint`, the broker moved or changed credentials:
    /// every service of it calls the new ones.
    public func refresh(
        _ id: UUID, catalog: BrokerCatalog, endpoint: BrokerCatalog.Broker, by provider: AccountReference,
        logger: Logger
    ) async throws -> Broker {
        try await database.transaction(logger: logger) { connection in
            let sealed = ByteBuffer(
                bytes: try secrets.seal(endpoint.password, context: SealContext.brokerPassword(brokerID: id)))
            let updated = try await connection.query(
                """
                UPDATE brokers SET url = \(endpoint.url), username = \(endpoint.username), sealed_password = \(sealed),
                    updated_at = now()
                WHERE id = \(id) AND provider_id = \(provider.id) AND deleted_at IS NULL RETURNING id
                """,
                logger: logger)
            var found = false
            for try await _ in updated.decode(UUID.self) { found = true }
            guard found else { throw SoukError.notFound("Couldn't find that broker.") }
            let known = try await knownNames(broker: id, on: connection, logger: logger)
            for service in catalog.services {
                var manifest = service.manifest
                if let names = known[service.brokerServiceID] {
                    manifest.slug = names.slug
                    manifest.configVarsPrefix = names.prefix
                    for index in manifest.plans.indices {
                        if let plan = manifest.plans[index].brokerPlanID.flatMap({ names.plans[$0] }) {
                            manifest.plans[index].name = plan
                        }
                    }
                }
                let link = BrokerLink(brokerID: id, service: service)
                _ = try await services.push(
                    manifest, document: service.document, by: provider, broker: link, on: connection, logger: logger)
            }
            try await services.moveBroker(id, to: endpoint, on: connection, logger: logger)
            let offered = catalog.services.flatMap { service in
                service.manifest.plans.compactMap { plan in plan.brokerPlanID.map { (service.brokerServiceID, $0) } }
            }
            try await connection.query(
                """
                UPDATE plans pl SET state = 'deprecated', is_default = false, updated_at = now()
                FROM addon_services s
                WHERE pl.service_id = s.id AND s.broker_id = \(id) AND pl.state <> 'deprecated'
                  AND NOT EXISTS (
                      SELECT 1 FROM unnest(\(offered.map(\.0))::text[], \(offered.map(\.1))::text[]) AS o (service, plan)
                      WHERE o.service = s.broker_service_id AND o.plan = pl.broker_plan_id)
                """,
                logger: logger)
            guard let broker = try await broker(id, provider: provider.id, on: connection, logger: logger) else {
                throw SoukError.notFound("Couldn't find that broker.")
            }
            return broker
        }
    }

    /// The slug, prefix and plan slugs each of a broker's services has, by the broker's ids.
    private func knownNames(broker: UUID, on connection: DatabaseConnection, logger: Logger) async throws
        -> [String: (slug: String, prefix: String, plans: [String: String])]
    {
        var known: [String: (slug: String, prefix: String, plans: [String: String])] = [:]
        let rows = try await connection.query(
            """
            SELECT s.broker_service_id, s.slug, s.config_vars_prefix, pl.broker_plan_id, pl.name
            FROM addon_services s LEFT JOIN plans pl ON pl.service_id = s.id
            WHERE s.broker_id = \(broker)
            """,
            logger: logger)
        for try await (serviceID, slug, prefix, planID, plan) in rows.decode(
            (String, String, String, String?, String?).self)
        {
            var names = known[serviceID] ?? (slug, prefix, [:])
            if let planID, let plan { names.plans[planID] = plan }
            known[serviceID] = names
        }
        return known
    }

    /// Deletes a broker that no live add-on uses. Softly: its services stay (in `shutdown`, taking no new
    /// add-ons) with their plans, for the add-ons, calls and charges that name them; registering the broker
    /// again takes them back.
    public func delete(_ id: UUID, provider: UUID, logger: Logger) async throws -> Broker {
        try await database.transaction(logger: logger) { connection in
            guard let broker = try await broker(id, provider: provider, on: connection, logger: logger) else {
                throw SoukError.notFound("Couldn't find that broker.")
            }
            let rows = try await connection.query(
                """
                SELECT b.id, (
                    SELECT count(*) FROM addons a JOIN addon_services s ON s.id = a.service_id
                    WHERE s.broker_id = b.id AND a.state <> 'deprovisioned'
                )
                FROM brokers b WHERE b.id = \(id) FOR UPDATE
                """,
                logger: logger)
            for try await (_, live) in rows.decode((UUID, Int64).self) where live > 0 {
                throw SoukError.conflict(
                    "\(broker.name) still has \(live) live add-on\(live == 1 ? "" : "s"); remove them first.")
            }
            try await connection.query(
                "UPDATE brokers SET deleted_at = now(), updated_at = now() WHERE id = \(id)", logger: logger)
            try await connection.query(
                "UPDATE addon_services SET state = 'shutdown', updated_at = now() WHERE broker_id = \(id)",
                logger: logger)
            return broker
        }
    }

    public func brokers(provider: UUID, logger: Logger) async throws -> [Broker] {
        try await database.withConnection { connection in
            try await brokers(provider: provider, id: nil, on: connection, logger: logger)
        }
    }

    public func broker(_ id: UUID, provider: UUID, logger: Logger) async throws -> Broker? {
        try await database.withConnection { connection in
            try await broker(id, provider: provider, on: connection, logger: logger)
        }
    }

    private func broker(_ id: UUID, provider: UUID, on connection: DatabaseConnection, logger: Logger) async throws
        -> Broker?
    {
        try await brokers(provider: provider, id: id, on: connection, logger: logger).first
    }

    /// A provider's brokers (or the one with `id`) with their services, in one query.
    private func brokers(provider: UUID, id: UUID?, on connection: DatabaseConnection, logger: Logger) async throws
        -> [Broker]
    {
        let query: PostgresQuery = """
            SELECT b.id, b.name, b.url, b.username, b.created_at, b.updated_at,
                   coalesce(array_agg(s.id ORDER BY s.slug) FILTER (WHERE s.id IS NOT NULL), '{}') AS service_ids,
                   coalesce(array_agg(s.slug ORDER BY s.slug) FILTER (WHERE s.id IS NOT NULL), '{}') AS slugs
            FROM brokers b LEFT JOIN addon_services s ON s.broker_id = b.id
            WHERE b.provider_id = \(provider) AND b.deleted_at IS NULL AND (\(id)::uuid IS NULL OR b.id = \(id))
            GROUP BY b.id ORDER BY b.name
            """
        var brokers: [Broker] = []
        for try await (id, name, url, username, created, updated, serviceIDs, slugs) in try await connection.query(
            query, logger: logger
        ).decode((UUID, String, String, String, Date, Date, [UUID], [String]).self) {
            brokers.append(
                Broker(
                    id: id, name: name, url: url, username: username,
                    services: zip(serviceIDs, slugs).map { AddonService.Reference(id: $0, name: $1) },
                    createdAt: created, updatedAt: updated))
        }
        return brokers
    }
}
