import Foundation
import Logging
import NIOHTTP1
import SoukCore

/// Scalingo's add-on provider API. `app_id` is the add-on's uuid, so two installs in one app stay apart.
struct ScalingoProviderClient: ProviderClient {
    static let accept = "application/json"

    let transport: ProviderTransport

    struct ProvisionBody: Encodable {
        var plan: String
        var appID: String
        var options: [String: String]
        var uuid: String

        enum CodingKeys: String, CodingKey {
            case plan, options, uuid
            case appID = "app_id"
        }
    }

    struct PlanChangeBody: Encodable {
        var plan: String
        var options: [String: String]
    }

    func provision(
        _ request: ProvisionRequest,
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<ProvisionResult> {
        let uuid = request.uuid.lowercasedString
        let body = ProvisionBody(plan: request.plan, appID: uuid, options: request.options, uuid: uuid)
        return await transport.provision(body, accept: Self.accept, at: endpoint, logger: logger)
    }

    func changePlan(
        providerID: String,
        uuid: UUID,
        plan: String,
        options: [String: String],
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<PlanChangeResult> {
        await transport.changePlan(
            PlanChangeBody(plan: plan, options: options), providerID: providerID, accept: Self.accept, at: endpoint,
            logger: logger
        )
    }

    func deprovision(
        providerID: String,
        uuid: UUID,
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<DeprovisionResult> {
        await transport.deprovision(providerID: providerID, accept: Self.accept, at: endpoint, logger: logger)
    }
}
