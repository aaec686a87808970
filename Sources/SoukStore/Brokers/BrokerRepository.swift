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
        let sealed = ByteBuffer(bytes: try secrets.seal(endpoint.password, context: Self.passwordContext(id)))
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
                    let link = BrokerLink(
                        brokerID: id, serviceID: service.brokerServiceID, bindable: service.bindable,
                        planUpdateable: service.planUpdateable)
                    _ = try await services.push(
                        service.manifest, document: service.document, by: provider, broker: link, on: connection,
                        logger: logger)
                }
                guard let broker = try await broker(id, provider: provider.id, on: connection, logger: logger) else {
                    throw SoukError.notFound("Couldn't find that broker.")
                }
                return broker
            }
        } catch let error as PSQLError where error.isUniqueViolation(of: "brokers_provider_id_name_key") {
            throw SoukError.conflict("You already registered a broker named \(name).")
        } catch let error as PSQLError where error.isUniqueViolation(of: "addon_services_slug_key") {
            throw SoukError.conflict("An add-on service of this catalog was registered at the same moment; try again.")
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
            WHERE b.provider_id = \(provider) AND (\(id)::uuid IS NULL OR b.id = \(id))
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

    static func passwordContext(_ id: UUID) -> String { "broker:\(id.lowercasedString):password" }
}
