import Foundation
import Logging
import NIOHTTP1
import SoukCore

/// Heroku's Add-on Partner API v3, with the `heroku_id` v1-era providers still require.
struct HerokuProviderClient: ProviderClient {
    static let accept = "application/vnd.heroku-addons+json; version=3"

    let transport: ProviderTransport

    func provision(
        _ request: ProvisionRequest,
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<ProvisionResult> {
        let body = ProvisionBody(
            uuid: request.uuid.lowercasedString,
            name: request.name,
            plan: request.plan,
            region: request.region,
            options: request.options,
            callbackURL: request.callbackURL,
            herokuID: request.herokuID,
            oauthGrant: request.oauthGrant.map { Grant(code: $0.code, expiresAt: $0.expiresAt) },
            logInputURL: request.logInputURL,
            logDrainToken: request.logDrainToken
        )
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
        // Heroku's plan change carries no options
        let body = PlanChangeBody(
            plan: plan,
            uuid: uuid.lowercasedString,
            herokuID: transport.settings.herokuIDHost.map { "\(uuid.lowercasedString)@\($0)" }
        )
        return await transport.changePlan(
            body, providerID: providerID, accept: Self.accept, at: endpoint, logger: logger
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
