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
        let catalog = try await catalog(of: registration.endpoint, logger: logger)
        let registered = try await brokers.register(
            name: registration.name, endpoint: registration.endpoint, catalog: catalog,
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
            let (changed, errors) = BrokerRegistration.readChanges(changes, over: endpoint, rules: rules)
            guard let changed else {
                throw SoukError.invalidParams(errors.map(\.description).joined(separator: "; ") + ".")
            }
            endpoint = changed
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

    /// Deletes a broker no live add-on uses (409 otherwise); its services stop taking new add-ons.
    func delete(_ id: String, by provider: Account, logger: Logger) async throws -> Broker {
        guard let id = UUID(uuidString: id) else { throw SoukError.notFound("Couldn't find that broker.") }
        let broker = try await brokers.delete(id, provider: provider.id, logger: logger)
        logger.info("Broker deleted", metadata: ["broker_id": .string(id.lowercasedString)])
        return broker
    }
}
