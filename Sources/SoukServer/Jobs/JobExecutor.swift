import CoreMetrics
import Foundation
import Logging
import SoukCore
import SoukProviders
import SoukStore

/// Runs jobs: the one place that calls providers. A request runs the job it recorded inline; the
/// `JobRunner` runs whatever is due, including jobs a crashed process left behind. Every call is
/// logged (and counted for `/metrics`), and every outcome is written back in one transaction with its job.
struct JobExecutor: Sendable {
    let addons: AddonRepository
    /// A broker add-on's bindings beyond the billing app's.
    let attachments: AttachmentRepository
    let jobs: JobRepository
    let calls: ProviderCallRepository
    let plans: PlanRepository
    let oauth: OAuthRepository
    let clients: ProviderClients
    let settings: JobSettings
    /// `SOUK_PUBLIC_URL`: callbacks and `heroku_id` are built from it.
    let publicURL: String
    let metrics: any MetricsFactory

    /// Runs `job`. A request that has just recorded the job passes the add-on as it recorded it, and the OAuth
    /// grant it recorded with it, rather than have them read or written again.
    func run(_ job: Job, recorded: AddonRecord? = nil, grant: OAuthGrant? = nil, logger: Logger) async throws
        -> JobOutcome
    {
        var logger = logger
        logger[metadataKey: "job_id"] = .string(job.id.lowercasedString)
        logger[metadataKey: "addon_id"] = .string(job.addonID.lowercasedString)
        let found: AddonRecord? =
            if let recorded { recorded } else { try await addons.record(job.addonID, logger: logger) }
        guard let record = found else {
            try await jobs.fail(job, error: "the add-on no longer exists", logger: logger)
            return .refused("The add-on no longer exists.")
        }
        switch job.work {
        case .provision: return try await provision(record, job: job, grant: grant, logger: logger)
        case .changePlan(let change): return try await changePlan(record, to: change, job: job, logger: logger)
        case .deprovision(let mitigate):
            return try await deprovision(record, mitigate: mitigate, job: job, logger: logger)
        case .expireProvisioning: return try await expire(record, job: job, logger: logger)
        case .pollBroker(let poll): return try await pollBroker(record, poll: poll, job: job, logger: logger)
        case .bind(let binding): return try await bind(record, binding: binding, job: job, logger: logger)
        case .unbind(let id): return try await unbind(record, bindingID: id, job: job, logger: logger)
        }
    }

    private func provision(_ record: AddonRecord, job: Job, grant: OAuthGrant?, logger: Logger) async throws
        -> JobOutcome
    {
        guard record.addon.state == .provisioning else {
            try await jobs.complete(job, logger: logger)
            return .done(record)
        }
        let exchange = await callProvision(record, job: job, grant: grant, logger: logger)
        // From here the provider has acted: what it did is recorded through database outages (`persisting`).
        try await persisting { try await log(exchange.preceding, record: record, job: job, logger: logger) }
        if case .success(let result) = exchange.result, let dashboard = result.dashboardURL {
            try await persisting { try await addons.storeDashboardURL(record.addon.id, url: dashboard, logger: logger) }
        }
        switch exchange.result {
        case .success(let result) where result.outcome == .provisioned:
            let accepted = result.config.map { Self.accept($0, for: record) }
            count(exchange.call, record: record)
            let done = try await persisting {
                try await addons.completeProvisioning(
                    record.addon.id, providerID: result.providerID, message: result.message,
                    config: accepted?.config, job: job,
                    call: Self.entry(exchange.call, warnings: accepted?.warnings ?? []), serviceID: record.serviceID,
                    logger: logger)
            }
            return .done(done)
        case .success(let result):
            let accepted = result.config.map { Self.accept($0, for: record) }
            try await persisting {
                try await log(
                    exchange.call, record: record, job: job, warnings: accepted?.warnings ?? [], logger: logger)
            }
            if let config = accepted?.config, !config.isEmpty {
                try await persisting {
                    try await addons.storeProvisioningConfig(record.addon.id, config: config, logger: logger)
                }
            }
            // A broker is polled by a job of Souk's own; the other flavours' providers call back.
            let deadline =
                record.flavour == .osb
                ? pollingDeadline(record) : Date.now.addingTimeInterval(settings.provisioningTimeout.inSeconds)
            try await persisting {
                try await addons.awaitProvisioning(
                    record.addon.id, providerID: result.providerID, message: result.message, deadline: deadline,
                    job: job,
                    follow: record.flavour == .osb
                        ? .pollBroker(
                            BrokerPoll(
                                operation: result.operation, purpose: result.bindingPending ? .bind(nil) : .provision,
                                deadline: deadline)) : nil,
                    followAfter: settings.delay(afterAttempt: 1), logger: logger)
            }
            return .accepted(try await addons.record(record.addon.id, logger: logger))
        case .failure(let error):
            try await persisting { try await log(exchange.call, record: record, job: job, logger: logger) }
            // A refusal leaves nothing behind; an unknown outcome may have, so the job turns into a
            // deprovision that first asks again with the same uuid to learn what exists.
            try await persisting {
                try await addons.abandon(
                    record.addon.id, job: job, reason: error.customerMessage, mitigate: !error.isDefinitive,
                    logger: logger)
            }
            logger.warning("Provisioning failed", metadata: ["error": .string(exchange.call.error ?? "\(error)")])
            let failure = ProviderFailure(error: error, status: exchange.call.status)
            return error.isDefinitive ? .ended(with: failure) : .unknown(failure)
        }
    }

    private func changePlan(
        _ record: AddonRecord, to change: JobWork.PlanChange, job: Job, logger: Logger
    ) async throws -> JobOutcome {
        guard record.addon.state == .provisioned, let providerID = record.addon.providerID else {
            try await jobs.fail(job, error: "the add-on is not provisioned", logger: logger)
            return .refused("The add-on is not provisioned.")
        }
        var plan = change.plan
        if record.flavour == .osb {
            // Refused before any call: a broker whose service is not `plan_updateable` would answer 422 anyway.
            guard record.brokerPlanUpdateable else {
                try await jobs.fail(job, error: "the broker's service does not change plans", logger: logger)
                return .refused("\(record.addon.addonService.name) does not allow plan changes: its broker says so.")
            }
            guard let brokerPlan = try await plans.brokerPlanID(change.planID, logger: logger) else {
                try await jobs.fail(job, error: "the plan has no id at the broker", logger: logger)
                return .refused("That plan is not one of the broker's.")
            }
            plan = brokerPlan
        }
        let exchange = await clients.client(for: record.flavour).changePlan(
            providerID: providerID, uuid: record.addon.id, plan: plan,
            options: record.flavour == .scalingo ? record.options : [:], at: endpoint(record, actor: change.actor),
            logger: logger
        )
        switch exchange.result {
        case .success(let result) where result.pending:
            try await log(exchange.call, record: record, job: job, logger: logger)
            try await follow(
                record, operation: result.operation, purpose: .changePlan(planID: change.planID, actor: change.actor),
                job: job, logger: logger)
            return .accepted(record)
        case .success where record.flavour == .osb:
            try await persisting { try await log(exchange.call, record: record, job: job, logger: logger) }
            // A broker's apps keep their bindings' credentials: only the plan changes.
            let changed = try await persisting {
                try await addons.applyConfig(
                    record.addon.id, config: nil, plan: change.planID, job: job, actor: change.actor, logger: logger)
            }
            return .done(changed)
        case .success(let result):
            let accepted = result.config.map { record.mapping.accept($0) }
            try await persisting {
                try await log(
                    exchange.call, record: record, job: job, warnings: accepted?.warnings ?? [], logger: logger)
            }
            // Returned vars replace their old values; vars it leaves out stay as they were.
            let config = record.providerConfig.merging(accepted?.config ?? [:]) { $1 }
            let changed = try await persisting {
                try await addons.applyConfig(
                    record.addon.id, config: config, plan: change.planID, job: job, actor: change.actor,
                    logger: logger)
            }
            return .done(changed)
        case .failure(let error) where error.isDefinitive || job.attempts >= settings.planChangeAttempts:
            try await log(exchange.call, record: record, job: job, logger: logger)
            try await jobs.fail(job, error: error.customerMessage, logger: logger)
            return .ended(with: ProviderFailure(error: error, status: exchange.call.status))
        case .failure(let error):
            try await log(exchange.call, record: record, job: job, logger: logger)
            // Providers answer a repeated change to the current plan with a no-op, so the PUT is retried.
            try await jobs.retry(
                job, after: settings.delay(afterAttempt: job.attempts), error: error.customerMessage, logger: logger
            )
            return .unknown(ProviderFailure(error: error, status: exchange.call.status))
        }
    }

    private func deprovision(
        _ record: AddonRecord, mitigate: Bool, job: Job, logger: Logger
    ) async throws -> JobOutcome {
        var providerID = record.addon.providerID
        if providerID == nil, record.flavour == .osb {
            // A broker's instance has Souk's own id: there is nothing to learn before removing it.
            providerID = record.addon.id.lowercasedString
        }
        if providerID == nil, mitigate {
            // Orphan mitigation: the same uuid again makes an idempotent provider tell us what it has.
            let exchange = await callProvision(record, job: job, logger: logger)
            try await log(exchange.call, record: record, job: job, logger: logger)
            switch exchange.result {
            case .success(let result):
                providerID = result.providerID
            case .failure(.gone):
                try await jobs.complete(job, logger: logger)
                return .done(record)
            case .failure(let error) where error.isDefinitive:
                // A refusal now does not prove that nothing exists; an operator has to look.
                try await jobs.fail(
                    job, error: "could not learn the resource id to remove it: \(error.customerMessage)",
                    logger: logger
                )
                return .ended(with: ProviderFailure(error: error, status: exchange.call.status))
            case .failure(let error):
                return try await retry(
                    job, failure: ProviderFailure(error: error, status: exchange.call.status), logger: logger)
            }
        }
        guard let providerID else {
            try await jobs.complete(job, logger: logger)
            return .done(record)
        }
        if record.flavour == .osb, let pending = try await unbindAll(record, job: job, logger: logger) {
            return pending
        }
        let exchange = await clients.client(for: record.flavour).deprovision(
            providerID: providerID, uuid: record.addon.id, at: endpoint(record), logger: logger
        )
        try await persisting { try await log(exchange.preceding, record: record, job: job, logger: logger) }
        try await persisting { try await log(exchange.call, record: record, job: job, logger: logger) }
        switch exchange.result {
        case .success(.inProgress(let operation)):
            try await persisting {
                try await follow(record, operation: operation, purpose: .deprovision, job: job, logger: logger)
            }
            return .accepted(record)
        case .success:
            try await persisting { try await jobs.complete(job, logger: logger) }
            return .done(record)
        case .failure(let error):
            // Removal is retried until it lands, refusals included: the resource must not outlive the add-on.
            return try await retry(
                job, failure: ProviderFailure(error: error, status: exchange.call.status), logger: logger)
        }
    }

    private func expire(_ record: AddonRecord, job: Job, logger: Logger) async throws -> JobOutcome {
        if record.addon.state == .provisioning {
            logger.warning("Add-on still provisioning at its deadline; removing it")
            _ = try await addons.remove(record.addon.id, actor: nil, logger: logger)
        }
        try await jobs.complete(job, logger: logger)
        return .done(record)
    }

    func retry(_ job: Job, failure: ProviderFailure, logger: Logger) async throws -> JobOutcome {
        let delay = settings.delay(afterAttempt: job.attempts)
        try await jobs.retry(job, after: delay, error: failure.error.customerMessage, logger: logger)
        logger.info("Provider call will be retried", metadata: ["delay_s": .stringConvertible(delay.inSeconds)])
        return .unknown(failure)
    }

    private func callProvision(
        _ record: AddonRecord, job: Job, grant recorded: OAuthGrant? = nil, logger: Logger
    ) async -> ProviderExchange<ProvisionResult> {
        var grant = recorded
        if grant == nil, record.flavour == .heroku {
            let issued = OAuthGrant.issue(lifetime: settings.grantLifetime)
            do {
                try await oauth.issueGrant(
                    digest: SecretHash.sha256(issued.code), addon: record.addon.id, expiresAt: issued.expiresAt,
                    logger: logger
                )
                grant = issued
            } catch {
                logger.warning("Could not issue an OAuth grant; provisioning without one")
            }
        }
        let id = record.addon.id.lowercasedString
        let request = ProvisionRequest(
            uuid: record.addon.id,
            name: record.addon.name,
            plan: record.planSlug,
            region: record.region.providerRegion,
            options: record.flavour == .scalingo ? record.planOptions.merging(record.options) { $1 } : record.options,
            callbackURL: "\(publicURL)/addons/\(id)",
            herokuID: "\(id)@\(URL(string: publicURL)?.host ?? "souk")",
            oauthGrant: grant,
            logDrainToken: record.requires.contains("syslog_drain") ? "d.\(id)" : nil
        )
        // An orphan mitigation asks again on nobody's behalf.
        let actor = job.work == .provision ? record.createdBy : nil
        return await clients.client(for: record.flavour).provision(
            request, at: endpoint(record, actor: actor), logger: logger)
    }

    /// Where and as whom to call, and for a broker which catalog entry, on behalf of `actor` (the
    /// `X-Broker-API-Originating-Identity` of a call a customer caused).
    func endpoint(_ record: AddonRecord, actor: UUID? = nil) -> ProviderEndpoint {
        var endpoint = ProviderEndpoint(
            flavour: record.flavour, baseURL: record.baseURL, username: record.apiUsername, password: record.password
        )
        if record.flavour == .osb, let serviceID = record.brokerServiceID, let planID = record.brokerPlanID {
            endpoint.broker = BrokerInstance(
                serviceID: serviceID, planID: planID, bindable: record.brokerBindable, bindingID: record.addon.id,
                appID: record.addon.app.id, appName: record.addon.app.name,
                ownerID: record.createdBy ?? record.addon.app.id, actor: actor)
        }
        return endpoint
    }

    /// The provider's config as the app gets it: a manifest's declared names, or a binding's credentials named
    /// under the service's prefix (a broker declares nothing in advance).
    private static func accept(_ config: [String: JSONValue], for record: AddonRecord) -> (
        config: [String: String], warnings: [String]
    ) {
        guard record.flavour == .osb else { return record.mapping.accept(config) }
        let named = BrokerCredentials.config(config, prefix: record.mapping.prefix)
        return (named, [])
    }

    func log(_ calls: [ProviderCall], record: AddonRecord, job: Job, logger: Logger) async throws {
        for call in calls { try await log(call, record: record, job: job, logger: logger) }
    }

    func log(
        _ call: ProviderCall, record: AddonRecord, job: Job, warnings: [String] = [], logger: Logger
    ) async throws {
        count(call, record: record)
        try await calls.record(
            Self.entry(call, warnings: warnings), serviceID: record.serviceID, addonID: record.addon.id,
            jobID: job.id, logger: logger
        )
    }

    /// Counts the call for `/metrics`.
    func count(_ call: ProviderCall, record: AddonRecord) {
        let service = record.addon.addonService.name
        Counter(
            label: "souk_provider_calls_total",
            dimensions: [("service", service), ("outcome", Self.outcome(of: call))],
            factory: metrics
        ).increment()
        Timer(label: "souk_provider_call_duration_seconds", dimensions: [("service", service)], factory: metrics)
            .recordNanoseconds(call.duration.nanoseconds)
    }

    static func entry(_ call: ProviderCall, warnings: [String]) -> ProviderCallRepository.Entry {
        ProviderCallRepository.Entry(
            method: call.method, url: call.url, status: call.status,
            durationMilliseconds: call.duration.inSeconds * 1000, error: call.error, warnings: warnings
        )
    }

    /// `2xx` … `5xx` by the provider's status, `invalid_response` for a success Souk couldn't read, and
    /// `no_response` when none came (refused, unreachable, timed out).
    static func outcome(of call: ProviderCall) -> String {
        guard let status = call.status else { return "no_response" }
        if (200..<300).contains(status), call.error != nil { return "invalid_response" }
        return "\(status / 100)xx"
    }
}
