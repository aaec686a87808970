import Foundation
import Logging

/// One provider protocol flavour. The implementations never throw: every outcome, failures included, comes
/// back with the record of the call.
public protocol ProviderClient: Sendable {
    func provision(
        _ request: ProvisionRequest,
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<ProvisionResult>

    func changePlan(
        providerID: String,
        uuid: UUID,
        plan: String,
        options: [String: String],
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<PlanChangeResult>

    func deprovision(
        providerID: String,
        uuid: UUID,
        at endpoint: ProviderEndpoint,
        logger: Logger
    ) async -> ProviderExchange<DeprovisionResult>
}
