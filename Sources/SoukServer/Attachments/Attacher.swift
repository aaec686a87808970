import Foundation
import Logging
import SoukCore
import SoukStore

/// Sharing add-ons across apps. Attaching needs access to the add-on's billing app and to the target
/// app; detaching, access to the attachment's app.
struct Attacher: Sendable {
    let registry: AppRegistry
    let addons: AddonRepository
    let attachments: AttachmentRepository

    func attach(
        addon: String, to app: String, name: String?, confirm: String?, viewer: Account, logger: Logger
    ) async throws -> Attachment {
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
        return try await attachments.attach(
            record.addon.id, to: target.app.reference, name: attachmentName, confirmed: confirm == target.app.name,
            actor: viewer.id, logger: logger
        )
    }

    func detach(_ id: String, viewer: Account, logger: Logger) async throws -> Attachment {
        let attachment = try await attachment(id, viewer: viewer, logger: logger)
        try await attachments.detach(attachment, actor: viewer.id, logger: logger)
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
