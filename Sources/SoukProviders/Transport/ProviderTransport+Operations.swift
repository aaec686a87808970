import Logging
import NIOHTTP1

/// The three calls every flavour makes, each to the same place with the same reading of the answer; a
/// flavour brings its own body and media type.
extension ProviderTransport {
    /// `POST base_url`.
    func provision(
        _ body: some Encodable, accept: String, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<ProvisionResult> {
        await send(.POST, endpoint.baseURL, body: Self.json(body), accept: accept, to: endpoint, logger: logger) {
            $0.provisionResult()
        }
    }

    /// `PUT base_url/{id}`.
    func changePlan(
        _ body: some Encodable, providerID: String, accept: String, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<PlanChangeResult> {
        await send(
            .PUT, ResourceURL.joining(endpoint.baseURL, id: providerID), body: Self.json(body), accept: accept,
            to: endpoint, logger: logger
        ) { $0.planChangeResult() }
    }

    /// `DELETE base_url/{id}`.
    func deprovision(
        providerID: String, accept: String, at endpoint: ProviderEndpoint, logger: Logger
    ) async -> ProviderExchange<DeprovisionResult> {
        await send(
            .DELETE, ResourceURL.joining(endpoint.baseURL, id: providerID), body: nil, accept: accept,
            to: endpoint, logger: logger
        ) { $0.deprovisionResult() }
    }
}
