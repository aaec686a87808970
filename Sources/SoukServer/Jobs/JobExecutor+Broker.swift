import Foundation
import Logging
import SoukCore
import SoukProviders
import SoukStore

/// What only Open Service Brokers need: asynchronous operations finished by polling, and the bindings that
/// share an add-on with further apps.
extension JobExecutor {
    /// A broker's asynchronous operation on the instance. `in progress` is asked again (after its
    /// `Retry-After`) until the poll's deadline; what its end means depends on what started it.
    func pollBroker(_ record: AddonRecord, poll: BrokerPoll, job: Job, logger: Logger) async throws -> JobOutcome {
        let provisioning = poll.purpose == .provision || poll.purpose == .bind(nil)
        if provisioning, record.addon.state != .provisioning {
            try await jobs.complete(job, logger: logger)
            return .done(record)
        }
        var binding: UUID?
        if case .bind(let extra) = poll.purpose { binding = extra?.id ?? record.addon.id }
        let exchange = await clients.brokerLastOperation(
            record.addon.id, binding: binding, operation: poll.operation, at: endpoint(record), logger: logger)
        try await log(exchange.call, record: record, job: job, logger: logger)
        switch exchange.result {
        case .success(let operation) where operation.state == .inProgress:
            if let deadline = poll.deadline, deadline <= Date.now {
                return try await givenUp(record, poll: poll, job: job, logger: logger)
            }
            let delay = operation.retryAfter ?? settings.delay(afterAttempt: job.attempts)
            try await jobs.retry(job, after: delay, error: operation.description ?? "in progress", logger: logger)
            return .accepted(record)
        case .success(let operation) where operation.state == .succeeded:
            return try await succeeded(record, poll: poll, message: operation.description, job: job, logger: logger)
        case .success(let operation):
            return try await failed(
                record, poll: poll, reason: operation.description ?? "The broker could not do it.", job: job,
                logger: logger)
        case .failure(.gone) where poll.purpose == .deprovision:
            try await jobs.complete(job, logger: logger)
            return .done(record)
        case .failure(.gone):
            return try await failed(
                record, poll: poll, reason: "The broker no longer has it.", job: job, logger: logger)
        case .failure(let error):
            return try await retry(
                job, failure: ProviderFailure(error: error, status: exchange.call.status), logger: logger)
        }
    }

    private func succeeded(
        _ record: AddonRecord, poll: BrokerPoll, message: String?, job: Job, logger: Logger
    ) async throws -> JobOutcome {
        switch poll.purpose {
        case .provision:
            return try await finishBrokerProvisioning(record, message: message, job: job, logger: logger)
        case .changePlan(let planID, let actor):
            let changed = try await addons.applyConfig(
                record.addon.id, config: nil, plan: planID, job: job, actor: actor, logger: logger)
            return .done(changed)
        case .deprovision:
            try await jobs.complete(job, logger: logger)
            return .done(record)
        case .bind(let extra):
            let bindingID = extra?.id ?? record.addon.id
            let fetched = await clients.brokerFetchBinding(
                record.addon.id, binding: bindingID, at: endpoint(record), logger: logger)
            guard case .success(let credentials) = fetched.result else {
                try await log(fetched.call, record: record, job: job, logger: logger)
                if case .failure(let error) = fetched.result {
                    return try await retry(
                        job, failure: ProviderFailure(error: error, status: fetched.call.status), logger: logger)
                }
                return .accepted(record)
            }
            guard let extra else {
                count(fetched.call, record: record)
                let done = try await addons.completeProvisioning(
                    record.addon.id, providerID: record.addon.id.lowercasedString, message: message,
                    config: BrokerCredentials.config(credentials, prefix: record.mapping.prefix), job: job,
                    call: Self.entry(fetched.call, warnings: []), serviceID: record.serviceID, logger: logger)
                return .done(done)
            }
            return try await attach(
                record, binding: extra, credentials: credentials, call: fetched.call, job: job,
                logger: logger)
        }
    }

    /// The operation failed: a provisioning ends with orphan mitigation, a plan change leaves the plan as it
    /// was, and a removal is asked for again (the instance must not outlive its add-on).
    private func failed(
        _ record: AddonRecord, poll: BrokerPoll, reason: String, job: Job, logger: Logger
    ) async throws -> JobOutcome {
        switch poll.purpose {
        case .provision:
            try await addons.abandon(record.addon.id, job: job, reason: reason, mitigate: true, logger: logger)
            return .refused(reason)
        case .changePlan:
            try await jobs.fail(job, error: reason, logger: logger)
            return .refused(reason)
        case .bind(nil):
            try await addons.abandon(record.addon.id, job: job, reason: reason, mitigate: true, logger: logger)
            return .refused(reason)
        case .bind(let extra?):
            try await attachments.failBinding(extra, job: job, reason: reason, mitigate: true, logger: logger)
            return .refused(reason)
        case .deprovision:
            try await jobs.convert(
                job, to: .deprovision(mitigate: false), after: settings.delay(afterAttempt: job.attempts),
                reason: reason, logger: logger)
            return .unknown(ProviderFailure(error: .failed(status: 200, message: reason), status: 200))
        }
    }

    /// Past `maximum_polling_duration`: the operation counts as failed (OSB §"Polling Last Operation").
    private func givenUp(_ record: AddonRecord, poll: BrokerPoll, job: Job, logger: Logger) async throws
        -> JobOutcome
    {
        logger.warning("Broker operation still in progress at its polling deadline")
        return try await failed(
            record, poll: poll, reason: "The broker did not finish within its maximum polling duration.", job: job,
            logger: logger)
    }

    /// How long Souk polls a broker's operation on `record`'s instance: the catalog's
    /// `maximum_polling_duration`, capped by the provisioning timeout.
    func pollingDeadline(_ record: AddonRecord) -> Date {
        let timeout = settings.provisioningTimeout.inSeconds
        let limit = record.brokerMaximumPollingDuration.map { min(Double($0), timeout) } ?? timeout
        return Date.now.addingTimeInterval(limit)
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
        case .success(.inProgress(let operation)):
            try await log(binding.call, record: record, job: job, logger: logger)
            try await follow(record, operation: operation, purpose: .bind(nil), job: job, logger: logger)
            return .accepted(record)
        case .success(.bound(let credentials)):
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

    /// Binds the add-on for one more app and attaches it there. A refusal leaves nothing; a failure that may
    /// have made the binding turns into its unbind (orphan mitigation).
    func bind(_ record: AddonRecord, binding: BrokerBinding, job: Job, logger: Logger) async throws -> JobOutcome {
        var endpoint = endpoint(record, actor: binding.actor)
        endpoint.broker?.bindingID = binding.id
        endpoint.broker?.appID = binding.appID
        endpoint.broker?.appName = binding.appName
        let exchange = await clients.brokerBind(record.addon.id, at: endpoint, logger: logger)
        switch exchange.result {
        case .success(.inProgress(let operation)):
            try await log(exchange.call, record: record, job: job, logger: logger)
            try await follow(record, operation: operation, purpose: .bind(binding), job: job, logger: logger)
            return .accepted(record)
        case .success(.bound(let credentials)):
            return try await attach(
                record, binding: binding, credentials: credentials, call: exchange.call, job: job, logger: logger)
        case .failure(let error):
            try await log(exchange.call, record: record, job: job, logger: logger)
            try await attachments.failBinding(
                binding, job: job, reason: error.customerMessage, mitigate: !error.isDefinitive, logger: logger)
            let failure = ProviderFailure(error: error, status: exchange.call.status)
            return error.isDefinitive ? .ended(with: failure) : .unknown(failure)
        }
    }

    /// The broker made the binding: it becomes the attachment.
    private func attach(
        _ record: AddonRecord, binding: BrokerBinding, credentials: [String: JSONValue], call: ProviderCall, job: Job,
        logger: Logger
    ) async throws -> JobOutcome {
        count(call, record: record)
        let attached = try await attachments.completeBinding(
            binding, config: BrokerCredentials.config(credentials, prefix: binding.name), job: job,
            call: Self.entry(call, warnings: []), serviceID: record.serviceID, logger: logger)
        guard attached != nil else {
            return .refused("\(record.addon.name) could not be attached: it or the app changed meanwhile.")
        }
        return .done(record)
    }

    /// Turns `job` into the poll of the broker's `operation`, due after the first retry delay.
    func follow(
        _ record: AddonRecord, operation: String?, purpose: BrokerPoll.Purpose, job: Job, logger: Logger
    ) async throws {
        let poll = BrokerPoll(operation: operation, purpose: purpose, deadline: pollingDeadline(record))
        try await jobs.convert(
            job, to: .pollBroker(poll), after: settings.delay(afterAttempt: 1), reason: "in progress", logger: logger)
    }

    /// Removes a binding at the broker, retried until it acknowledges (410 included).
    func unbind(_ record: AddonRecord, bindingID: UUID, job: Job, logger: Logger) async throws -> JobOutcome {
        let exchange = await clients.brokerUnbind(
            record.addon.id, binding: bindingID, at: endpoint(record), logger: logger)
        try await log(exchange.call, record: record, job: job, logger: logger)
        switch exchange.result {
        case .success:
            try await attachments.finishUnbinding(bindingID, job: job, logger: logger)
            return .done(record)
        case .failure(let error):
            return try await retry(
                job, failure: ProviderFailure(error: error, status: exchange.call.status), logger: logger)
        }
    }

    /// Before a broker instance goes, every binding that may exist beyond the billing one: nil when all are
    /// gone, else the outcome of the job (retried).
    func unbindAll(_ record: AddonRecord, job: Job, logger: Logger) async throws -> JobOutcome? {
        for binding in try await attachments.bindings(of: record.addon.id, logger: logger) {
            let exchange = await clients.brokerUnbind(
                record.addon.id, binding: binding, at: endpoint(record), logger: logger)
            try await log(exchange.call, record: record, job: job, logger: logger)
            guard case .failure(let error) = exchange.result else {
                try await attachments.forgetBinding(binding, logger: logger)
                continue
            }
            return try await retry(
                job, failure: ProviderFailure(error: error, status: exchange.call.status), logger: logger)
        }
        return nil
    }
}
