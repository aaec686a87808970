import Foundation
import Logging
import SoukCore
import SoukProviders
import SoukStore

/// The customer's side of add-ons: install, change plan, remove, read. Each change is recorded (add-on
/// and job) before the provider is called, then the recorded job runs inline through the `JobExecutor`;
/// whatever it leaves unfinished, the `JobRunner` finishes.
struct Provisioner: Sendable {
    let database: Database
    let registry: AppRegistry
    let addons: AddonRepository
    let services: AddonServiceRepository
    let plans: PlanRepository
    let jobs: JobRepository
    let executor: JobExecutor
    let settings: JobSettings

    func create(_ request: CreateAddonRequest, app: String, viewer: Account, logger: Logger) async throws -> Addon {
        // Everything up to the provider call is a run of statements one after another: one lease holds
        // them all on one event loop (the call itself holds none).
        let (record, job, grant) = try await database.holding {
            try await self.record(request, app: app, viewer: viewer, logger: logger)
        }
        logger.info("Provisioning add-on", metadata: ["addon": .string(record.addon.name)])
        return try await finish(
            runInline(job, recorded: record, grant: grant, logger: logger), record: record, logger: logger)
    }

    /// Checks an install against the app, the plan and the service, and records the add-on with its claimed
    /// provision job and the grant its call will carry.
    private func record(
        _ request: CreateAddonRequest, app: String, viewer: Account, logger: Logger
    ) async throws -> (AddonRecord, Job, OAuthGrant?) {
        // The app's answer comes first, so that whoever may not see it learns nothing of the plan.
        let access = try await registry.access(app, viewer: viewer, logger: logger)
        if let confirm = request.confirm, confirm != access.app.name {
            throw SoukError.invalidParams("Confirmation did not match the app name \(access.app.name).")
        }
        let options = try Self.options(request.config ?? [:])
        let plan = try await resolvePlan(request.plan, viewer: viewer, logger: logger)
        guard let service = try await services.service(id: plan.addonService.id, logger: logger) else {
            throw SoukError.invalidParams("Couldn't find the add-on service of \(plan.name).")
        }
        guard service.service.state != .shutdown else {
            throw SoukError.invalidParams("\(service.service.name) is shut down and accepts no new add-ons.")
        }
        let attachmentName = try AttachmentName.normalise(request.attachment?.name ?? service.configVarsPrefix)
        let chosenName = try request.name.map(AddonName.validate)
        var attempt = 0
        while true {
            attempt += 1
            var new = NewAddon(
                id: UUID(), name: chosenName ?? AddonName.generate(service: service.service.name),
                serviceID: service.service.id, serviceSlug: service.service.name, planID: plan.id,
                app: access.app.reference, createdBy: viewer.id, options: options, attachmentName: attachmentName,
                confirmed: request.confirm == access.app.name,
                supportsMultipleInstallations: service.service.supportsMultipleInstallations,
                mapping: ConfigVarMapping(prefix: service.configVarsPrefix, declared: service.configVars)
            )
            // The grant the provision call carries is recorded with the add-on: one commit before the call.
            let grant = service.flavour == .heroku ? OAuthGrant.issue(lifetime: settings.grantLifetime) : nil
            new.grant = grant.map { (SecretHash.sha256($0.code), $0.expiresAt) }
            do {
                let (record, job) = try await addons.create(new, jobLease: settings.lease, logger: logger)
                return (record, job, grant)
            } catch SoukError.addonNameTaken(let name) {
                // A generated name taken in the meantime: draw another.
                guard chosenName == nil, attempt < 5 else { throw SoukError.addonNameTaken(name) }
            }
        }
    }

    func changePlan(
        _ addon: String, app: String, plan rawPlan: String, viewer: Account, logger: Logger
    ) async throws -> Addon {
        // The checks and the job's record, one after another on one connection; the provider call holds none.
        let recorded = try await database.holding { () async throws -> (AppAccess, Addon, Plan, Job?) in
            let (access, addon) = try await billedAddon(addon, app: app, viewer: viewer, logger: logger)
            guard addon.state == .provisioned else {
                throw SoukError.conflict("\(addon.name) is \(addon.state.rawValue); its plan can't change now.")
            }
            let plan = try await resolvePlan(rawPlan, viewer: viewer, logger: logger)
            guard plan.addonService.id == addon.addonService.id else {
                throw SoukError.invalidParams("\(plan.name) is not a plan of \(addon.addonService.name).")
            }
            guard plan.id != addon.plan.id else { return (access, addon, plan, nil) }
            let change = JobWork.PlanChange(planID: plan.id, plan: plan.slug, actor: viewer.id)
            let job = try await jobs.start(
                .changePlan(change), addonID: addon.id, lease: settings.lease, logger: logger)
            return (access, addon, plan, job)
        }
        let (access, addon, plan, started) = recorded
        guard let job = started else { return addon }
        logger.info(
            "Changing plan",
            metadata: ["addon": .string(addon.name), "plan": .string(plan.name), "app": .string(access.app.name)])
        switch try await runInline(job, logger: logger) {
        case .done(let record), .accepted(let record):
            return record?.addon ?? addon
        case .refused(let message):
            throw SoukError.invalidParams(message)
        case .failed(let failure):
            throw failure.soukError(note: "The plan is unchanged.")
        case .unknown(let failure):
            throw failure.soukError(note: "The plan is unchanged for now; Souk will retry the change.")
        case nil:
            // The runner took the job over; the add-on shows whichever plan it settled on.
            return try await addons.record(addon.id, logger: logger)?.addon ?? addon
        }
    }

    func remove(_ addon: String, app: String, viewer: Account, logger: Logger) async throws -> Addon {
        // The checks and the removal, one after another on one connection; the provider call holds none.
        let removed = try await database.holding {
            let (_, addon) = try await billedAddon(addon, app: app, viewer: viewer, logger: logger)
            return try await addons.remove(addon.id, actor: viewer.id, jobLease: settings.lease, logger: logger)
        }
        guard let (record, job) = removed else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        if let job {
            // The config is already gone and the job is recorded; the provider's answer only decides
            // whether the job is done now or retried later, so it does not change the response.
            do {
                _ = try await executor.run(job, logger: logger)
            } catch {
                logger.error(
                    "Deprovision job failed to run; it will be retried", metadata: ["error": .string("\(error)")])
            }
        }
        return record.addon
    }

    func addon(_ addon: String, viewer: Account, logger: Logger) async throws -> Addon {
        guard let found = try await addons.addon(addon, viewer: viewer.id, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        return found
    }

    func addon(_ addon: String, app: String, viewer: Account, logger: Logger) async throws -> Addon {
        let access = try await registry.access(app, viewer: viewer, logger: logger)
        return try await find(addon, in: access, logger: logger)
    }

    func addons(app: String, viewer: Account, logger: Logger) async throws -> [Addon] {
        let access = try await registry.access(app, viewer: viewer, logger: logger)
        return try await addons.addons(attachedTo: access.app.id, logger: logger)
    }

    func addons(viewer: Account, logger: Logger) async throws -> [Addon] {
        try await addons.addons(visibleTo: viewer.id, logger: logger)
    }

    private func billedAddon(
        _ addon: String, app: String, viewer: Account, logger: Logger
    ) async throws -> (AppAccess, Addon) {
        let access = try await registry.access(app, viewer: viewer, logger: logger)
        let found = try await find(addon, in: access, logger: logger)
        guard found.app.id == access.app.id else {
            throw SoukError.invalidParams("\(found.name) is billed to \(found.app.name); change it from there.")
        }
        return (access, found)
    }

    private func find(_ addon: String, in access: AppAccess, logger: Logger) async throws -> Addon {
        let id = UUID(uuidString: addon)
        guard
            let found = try await addons.addons(attachedTo: access.app.id, logger: logger)
                .first(where: { $0.id == id || $0.name == addon })
        else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        return found
    }

    /// `service:plan`, a plan id, or a bare service name for its default plan.
    private func resolvePlan(_ raw: String, viewer: Account, logger: Logger) async throws -> Plan {
        let plan: Plan?
        if UUID(uuidString: raw) != nil || raw.contains(":") {
            plan = try await plans.plan(raw, ofService: nil, viewer: viewer, logger: logger)
        } else {
            plan = try await plans.plans(ofService: raw, viewer: viewer, logger: logger)?
                .first { $0.isDefault && $0.state == .public }
        }
        guard let plan else {
            throw SoukError.invalidParams("Couldn't find the add-on plan \(raw.prefix(100)).")
        }
        return plan
    }

    /// Runs a job the request recorded. `nil` when the request overran the job's lease and a runner took the
    /// job over: what the runner decides stands, and the request reports the add-on as it then is.
    private func runInline(
        _ job: Job, recorded: AddonRecord? = nil, grant: OAuthGrant? = nil, logger: Logger
    ) async throws -> JobOutcome? {
        do {
            return try await executor.run(job, recorded: recorded, grant: grant, logger: logger)
        } catch is JobLeaseLost {
            logger.notice("A job runner took over the request's job", metadata: ["job_id": .string("\(job.id)")])
            return nil
        }
    }

    private func finish(_ outcome: JobOutcome?, record: AddonRecord, logger: Logger) async throws -> Addon {
        switch outcome {
        case .done(let done), .accepted(let done):
            return done?.addon ?? record.addon
        case .refused(let message):
            throw SoukError.invalidParams(message)
        case .failed(let failure):
            throw failure.soukError(note: "No add-on was created.")
        case .unknown(let failure):
            throw failure.soukError(
                note: "No add-on was created; Souk is making sure nothing is left behind at the provider."
            )
        case nil:
            let current = try await addons.record(record.addon.id, logger: logger)?.addon ?? record.addon
            guard current.state != .deprovisioned else {
                throw SoukError.providerError(
                    status: nil, message: "The add-on provider did not complete the request; no add-on was created."
                )
            }
            return current
        }
    }

    /// Provider options: `^\w+$` keys and string values, within bounds.
    static func options(_ options: [String: String]) throws -> [String: String] {
        guard options.count <= 50 else { throw SoukError.invalidParams("At most 50 add-on options may be given.") }
        for (key, value) in options {
            let valid =
                !key.isEmpty && key.count <= 64
                && key.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
                }
            guard valid else { throw SoukError.invalidParams("Option name \(key.prefix(64)) must match ^\\w+$.") }
            guard value.utf8.count <= 4096 else { throw SoukError.invalidParams("Option \(key) is too long.") }
        }
        return options
    }
}
