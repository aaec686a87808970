import Foundation
import Logging
import SoukCore
import SoukProviders
import SoukStore

/// What only Open Service Brokers need: finishing an asynchronous provisioning by polling.
extension JobExecutor {
    /// A broker's asynchronous provisioning: `in progress` is asked again (after its `Retry-After`),
    /// `succeeded` binds the billing app and completes the add-on, `failed` removes what may exist. The
    /// provisioning deadline's own job ends a broker that never finishes (`maximum_polling_duration`).
    func pollBroker(
        _ record: AddonRecord, poll: JobWork.BrokerPoll, job: Job, logger: Logger
    ) async throws -> JobOutcome {
        guard record.addon.state == .provisioning else {
            try await jobs.complete(job, logger: logger)
            return .done(record)
        }
        let exchange = await clients.brokerLastOperation(
            record.addon.id, operation: poll.operation, at: endpoint(record), logger: logger)
        try await log(exchange.call, record: record, job: job, logger: logger)
        switch exchange.result {
        case .success(let operation) where operation.state == .inProgress:
            let delay = operation.retryAfter ?? settings.delay(afterAttempt: job.attempts)
            try await jobs.retry(job, after: delay, error: operation.description ?? "in progress", logger: logger)
            return .accepted(record)
        case .success(let operation) where operation.state == .succeeded:
            return try await finishBrokerProvisioning(record, message: operation.description, job: job, logger: logger)
        case .success(let operation):
            let reason = operation.description ?? "The broker could not provision it."
            try await addons.abandon(record.addon.id, job: job, reason: reason, mitigate: true, logger: logger)
            return .refused(reason)
        case .failure(.gone):
            try await addons.abandon(
                record.addon.id, job: job, reason: "The broker no longer has it.", mitigate: false, logger: logger)
            return .refused("The broker no longer has it.")
        case .failure(let error):
            return try await retry(
                job, failure: ProviderFailure(error: error, status: exchange.call.status), logger: logger)
        }
    }

    /// The instance exists: bind the billing app when the service binds, and complete the add-on.
    private func finishBrokerProvisioning(
        _ record: AddonRecord, message: String?, job: Job, logger: Logger
    ) async throws -> JobOutcome {
        let id = record.addon.id
        guard record.brokerBindable else {
            let done = try await addons.completeProvisioning(
                id, providerID: id.lowercasedString, message: message, config: [:], job: job, call: nil,
                serviceID: record.serviceID, logger: logger)
            return .done(done)
        }
        let binding = await clients.brokerBind(id, at: endpoint(record), logger: logger)
        switch binding.result {
        case .success(let credentials):
            count(binding.call, record: record)
            let done = try await addons.completeProvisioning(
                id, providerID: id.lowercasedString, message: message,
                config: BrokerCredentials.config(credentials, prefix: record.mapping.prefix), job: job,
                call: Self.entry(binding.call, warnings: []), serviceID: record.serviceID, logger: logger)
            return .done(done)
        case .failure(let error):
            try await log(binding.call, record: record, job: job, logger: logger)
            try await addons.abandon(id, job: job, reason: error.customerMessage, mitigate: true, logger: logger)
            return .unknown(ProviderFailure(error: error, status: binding.call.status))
        }
    }
}
