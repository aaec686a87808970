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
        let endpoint = ProviderEndpoint(
            flavour: .osb, baseURL: registration.url, username: registration.username,
            password: registration.password)
        let exchange = await clients.brokerCatalog(at: endpoint, logger: logger)
        let document: JSONValue
        switch exchange.result {
        case .success(let fetched):
            document = fetched
        case .failure(let error):
            throw ProviderFailure(error: error, status: exchange.call.status)
                .soukError(note: "Souk could not read the broker's catalog (GET /v2/catalog); nothing was registered.")
        }
        let broker = BrokerCatalog.Broker(
            url: registration.url, username: registration.username, password: registration.password)
        let (catalog, catalogErrors) = BrokerCatalog.read(document, broker: broker)
        guard let catalog else { throw SoukError.invalidCatalog(catalogErrors) }
        let registered = try await brokers.register(
            name: registration.name, endpoint: broker, catalog: catalog,
            by: AccountReference(id: provider.id, email: provider.email), logger: logger)
        logger.info(
            "Broker registered",
            metadata: ["broker": .string(registered.name), "services": .stringConvertible(registered.services.count)])
        return registered
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
