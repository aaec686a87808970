import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SoukCore

/// The one HTTP client every provider call goes through, and the flavour clients that share it.
public final class ProviderClients: Sendable {
    let transport: ProviderTransport

    public init(settings: ProviderClientSettings = ProviderClientSettings()) {
        let http = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: ProviderTransport.configuration(settings)  // pinned calls build theirs from it too
        )
        transport = ProviderTransport(http: http, settings: settings)
    }

    public func client(for flavour: ManifestFlavour) -> any ProviderClient {
        switch flavour {
        case .heroku: HerokuProviderClient(transport: transport)
        case .scalingo: ScalingoProviderClient(transport: transport)
        case .osb: OpenServiceBrokerClient(transport: transport)
        }
    }

    /// A broker's `GET /v2/catalog`, as sent.
    public func brokerCatalog(at endpoint: ProviderEndpoint, logger: Logger) async -> ProviderExchange<JSONValue> {
        await OpenServiceBrokerClient(transport: transport).catalog(at: endpoint, logger: logger)
    }

    /// Raw Open Service Broker calls, for the conformance tester.
    public func brokerProbe(at endpoint: ProviderEndpoint) -> BrokerProbe {
        BrokerProbe(transport: transport, endpoint: endpoint)
    }

    /// A binding of a broker instance: the billing one once an asynchronous provisioning succeeded, or another
    /// app's.
    public func brokerBind(_ uuid: UUID, at endpoint: ProviderEndpoint, logger: Logger) async -> ProviderExchange<
        BrokerBindingAnswer
    > {
        await OpenServiceBrokerClient(transport: transport).bind(uuid, at: endpoint, logger: logger)
    }

    /// The credentials of a binding a broker made asynchronously.
    public func brokerFetchBinding(
        _ uuid: UUID, binding: UUID, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<[String: JSONValue]> {
        await OpenServiceBrokerClient(transport: transport).fetchBinding(
            uuid, binding: binding, at: endpoint, logger: logger)
    }

    /// Removes a binding of a broker instance.
    public func brokerUnbind(
        _ uuid: UUID, binding: UUID, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<DeprovisionResult> {
        await OpenServiceBrokerClient(transport: transport).unbind(uuid, binding: binding, at: endpoint, logger: logger)
    }

    /// How a broker's asynchronous operation on an instance goes.
    public func brokerLastOperation(
        _ uuid: UUID, binding: UUID? = nil, operation: String?, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<BrokerOperation> {
        await OpenServiceBrokerClient(transport: transport).lastOperation(
            uuid, binding: binding, operation: operation, at: endpoint, logger: logger)
    }

    /// A webhook delivery's POST, through the provider calls' address guard: outside development and tests no
    /// private or loopback address, checked on the address it resolves to and pinned. The HTTP status.
    public func deliver(
        to url: String, body: ByteBuffer, headers: [(String, String)], timeout: Duration, logger: Logger
    ) async -> Result<Int, ProviderError> {
        await transport.post(url, body: body, headers: headers, timeout: timeout, logger: logger)
    }

    /// Call once, after the last provider call.
    public func shutdown() async throws {
        try await transport.shutdown()
    }
}
