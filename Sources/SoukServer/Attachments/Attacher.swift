import Foundation
import Logging
import SoukCore
import SoukStore

/// Sharing add-ons across apps. Attaching needs access to the add-on's billing app and to the target
/// app; detaching, access to the attachment's app. A broker add-on is shared through a binding of its own
/// per attachment, made (and removed) by a job the request runs inline.
struct Attacher: Sendable {
    let registry: AppRegistry
    let addons: AddonRepository
    let attachments: AttachmentRepository
    let executor: JobExecutor
    let settings: JobSettings

    /// The attachment, and whether it is still pending: a broker binding asynchronously attaches it once
    /// done, and until then the answer describes the attachment to come.
    func attach(
        addon: String, to app: String, name: String?, confirm: String?, viewer: Account, logger: Logger
    ) async throws -> (attachment: Attachment, pending: Bool) {
        let target = try await registry.access(app, viewer: viewer, logger: logger)
        if let confirm, confirm != target.app.name {
            throw SoukError.invalidParams("Confirmation did not match the app name \(target.app.name).")
        }
        guard let visible = try await addons.addon(addon, viewer: viewer.id, logger: logger),
            let record = try await addons.record(visible.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        _ = try await registry.access(record.addon.app.id.uuidString, viewer: viewer, logger: logger)
        let attachmentName = try AttachmentName.normalise(name ?? record.mapping.prefix)
        if record.flavour == .osb {
            return try await bind(
                record, to: target.app.reference, name: attachmentName, confirmed: confirm == target.app.name,
                viewer: viewer, logger: logger)
        }
        let attachment = try await attachments.attach(
            record.addon.id, to: target.app.reference, name: attachmentName, confirmed: confirm == target.app.name,
            actor: viewer.id, logger: logger
        )
        return (attachment, false)
    }

    private func bind(
        _ record: AddonRecord, to app: AppReference, name: String, confirmed: Bool, viewer: Account, logger: Logger
    ) async throws -> (attachment: Attachment, pending: Bool) {
        let (_, job) = try await attachments.beginBinding(
            record.addon.id, to: app, name: name, confirmed: confirmed, actor: viewer.id, jobLease: settings.lease,
            logger: logger)
        guard case .bind(let binding) = job.work else { throw SoukError.notFound("Couldn't find that add-on.") }
        let outcome: JobOutcome
        do {
            outcome = try await executor.run(job, logger: logger)
        } catch is JobLeaseLost {
            throw SoukError.providerTimeout(
                "The broker took too long to bind \(record.addon.name); Souk finishes the attachment in the background."
            )
        }
        switch outcome {
        case .accepted:
            let now = Date.now
            let pending = Attachment(
                id: binding.id, name: binding.name,
                addon: .init(id: record.addon.id, name: record.addon.name, app: record.addon.app), app: app,
                webURL: record.addon.webURL, createdAt: now, updatedAt: now)
            return (pending, true)
        case .done:
            let all = try await attachments.attachments(app: app.id, addon: record.addon.id, logger: logger)
            guard let attachment = all.first(where: { $0.id == binding.id }) else {
                throw SoukError.notFound("Couldn't find that attachment.")
            }
            return (attachment, false)
        case .refused(let message):
            throw SoukError.invalidParams(message)
        case .failed(let failure):
            throw failure.soukError(note: "Nothing was attached.")
        case .unknown(let failure):
            throw failure.soukError(
                note: "Nothing was attached; Souk is making sure the broker keeps no binding for it.")
        }
    }

    func detach(_ id: String, viewer: Account, logger: Logger) async throws -> Attachment {
        let attachment = try await attachment(id, viewer: viewer, logger: logger)
        if let unbind = try await attachments.detach(attachment, actor: viewer.id, logger: logger) {
            // The vars are gone and the unbind is recorded: the broker's answer only decides whether the job is
            // done now or retried later.
            do {
                _ = try await executor.run(unbind, logger: logger)
            } catch {
                logger.error("Unbind job failed to run; it will be retried", metadata: ["error": .string("\(error)")])
            }
        }
        return attachment
    }

    func attachment(_ id: String, viewer: Account, logger: Logger) async throws -> Attachment {
        guard let uuid = UUID(uuidString: id),
            let attachment = try await attachments.attachment(uuid, viewer: viewer.id, logger: logger)
        else {
            throw SoukError.notFound("Couldn't find that attachment.")
        }
        return attachment
    }

    func attachments(viewer: Account, logger: Logger) async throws -> [Attachment] {
        try await attachments.attachments(visibleTo: viewer.id, logger: logger)
    }

    func attachments(app: String, viewer: Account, logger: Logger) async throws -> [Attachment] {
        let access = try await registry.access(app, viewer: viewer, logger: logger)
        return try await attachments.attachments(app: access.app.id, addon: nil, logger: logger)
    }

    /// One attachment of an app, by id or by its name there.
    func attachment(_ id: String, app: String, viewer: Account, logger: Logger) async throws -> Attachment {
        let all = try await attachments(app: app, viewer: viewer, logger: logger)
        guard let found = all.first(where: { $0.id.lowercasedString == id.lowercased() || $0.name == id }) else {
            throw SoukError.notFound("Couldn't find that attachment.")
        }
        return found
    }

    func attachments(addon: String, viewer: Account, logger: Logger) async throws -> [Attachment] {
        guard let visible = try await addons.addon(addon, viewer: viewer.id, logger: logger) else {
            throw SoukError.notFound("Couldn't find that add-on.")
        }
        // Only the attachments in apps the viewer may see.
        let mine = Set(try await attachments.attachments(visibleTo: viewer.id, logger: logger).map(\.id))
        return try await attachments.attachments(app: nil, addon: visible.id, logger: logger).filter {
            mine.contains($0.id)
        }
    }
}
