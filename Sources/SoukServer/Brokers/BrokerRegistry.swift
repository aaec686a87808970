import Foundation
import Logging
import SoukCore
import SoukProviders
import SoukStore

/// Providers' Open Service Brokers: registering one reads its catalog, and each catalog service becomes an
/// add-on service in `alpha`, as a pushed manifest does.
struct BrokerRegistry: Sendable {
    let brokers: BrokerRepository
    let clients: ProviderClients
    let rules: ManifestRules

    func register(_ document: JSONValue, by provider: Account, logger: Logger) async throws -> Broker {
        let (registration, errors) = BrokerRegistration.read(document, rules: rules)
        guard let registration else {
            throw SoukError.invalidParams(errors.map(\.description).joined(separator: "; ") + ".")
        }
        let broker = BrokerCatalog.Broker(
            url: registration.url, username: registration.username, password: registration.password)
        let catalog = try await catalog(of: broker, logger: logger)
        let registered = try await brokers.register(
            name: registration.name, endpoint: broker, catalog: catalog,
            by: AccountReference(id: provider.id, email: provider.email), logger: logger)
        logger.info(
            "Broker registered",
            metadata: ["broker": .string(registered.name), "services": .stringConvertible(registered.services.count)])
        return registered
    }

    /// Reads the catalog again, with new URL or credentials when `changes` has them (`PATCH`): the catalog must
    /// read with them before anything is kept.
    func refresh(_ id: String, changes: JSONValue? = nil, by provider: Account, logger: Logger) async throws
        -> Broker
    {
        guard let uuid = UUID(uuidString: id),
            var endpoint = try await brokers.endpoint(uuid, provider: provider.id, logger: logger)
        else { throw SoukError.notFound("Couldn't find that broker.") }
        if let changes {
            guard let fields = changes.objectValue else { throw SoukError.invalidParams("The body must be an object.") }
            let unknown = Set(fields.keys).subtracting(["url", "username", "password"])
            guard unknown.isEmpty else {
                throw SoukError.invalidParams(
                    "Only url, username and password change; not \(unknown.sorted().joined(separator: ", ")).")
            }
            var merged = [
                "name": JSONValue.string("kept"), "url": .string(endpoint.url),
                "username": .string(endpoint.username), "password": .string(endpoint.password),
            ]
            merged.merge(fields) { $1 }
            let (registration, errors) = BrokerRegistration.read(.object(merged), rules: rules)
            guard let registration else {
                throw SoukError.invalidParams(errors.map(\.description).joined(separator: "; ") + ".")
            }
            endpoint = BrokerCatalog.Broker(
                url: registration.url, username: registration.username, password: registration.password)
        }
        let catalog = try await catalog(of: endpoint, logger: logger)
        return try await brokers.refresh(
            uuid, catalog: catalog, endpoint: endpoint, by: AccountReference(id: provider.id, email: provider.email),
            logger: logger)
    }

    /// The broker's catalog, read and validated; any failure is the customer's error and keeps nothing.
    private func catalog(of broker: BrokerCatalog.Broker, logger: Logger) async throws -> BrokerCatalog {
        let endpoint = ProviderEndpoint(
            flavour: .osb, baseURL: broker.url, username: broker.username, password: broker.password)
        let exchange = await clients.brokerCatalog(at: endpoint, logger: logger)
        let document: JSONValue
        switch exchange.result {
        case .success(let fetched):
            document = fetched
        case .failure(let error):
            throw ProviderFailure(error: error, status: exchange.call.status)
                .soukError(note: "Souk could not read the broker's catalog (GET /v2/catalog); nothing changed.")
        }
        let (catalog, errors) = BrokerCatalog.read(document, broker: broker)
        guard let catalog else { throw SoukError.invalidCatalog(errors) }
        return catalog
    }

    func brokers(of provider: Account, logger: Logger) async throws -> [Broker] {
        try await brokers.brokers(provider: provider.id, logger: logger)
    }

    func broker(_ id: String, of provider: Account, logger: Logger) async throws -> Broker {
        guard let id = UUID(uuidString: id),
            let broker = try await brokers.broker(id, provider: provider.id, logger: logger)
        else { throw SoukError.notFound("Couldn't find that broker.") }
        return broker
    }
}
