import Foundation
import Hummingbird
import SoukCore

/// `/addon-attachments`, `/apps/{app}/addon-attachments`, `/addons/{addon}/addon-attachments`, in the
/// Heroku Platform API v3 shapes.
struct AttachmentController: Sendable {
    let attacher: Attacher

    struct CreateBody: Decodable {
        var addon: String
        var app: String
        var name: String?
        var confirm: String?
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .post("addon-attachments", use: create)
            .get("addon-attachments", use: list)
            .get("addon-attachments/:attachment", use: show)
            .delete("addon-attachments/:attachment", use: destroy)
            .get("apps/:app/addon-attachments", use: listForApp)
            .get("apps/:app/addon-attachments/:attachment", use: showForApp)
            .get("addons/:addon/addon-attachments", use: listForAddon)
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Attachment> {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: CreateBody.self, context: context)
        let (attachment, pending) = try await attacher.attach(
            addon: body.addon, to: body.app, name: body.name, confirm: body.confirm, viewer: viewer,
            logger: context.logger
        )
        return JSONResponse(attachment, status: pending ? .accepted : .created)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Attachment]> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            page: try Self.page(try await attacher.attachments(viewer: viewer, logger: context.logger), request))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Attachment> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await attacher.attachment(
                context.parameters.require("attachment"), viewer: viewer, logger: context.logger))
    }

    @Sendable func destroy(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Attachment> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await attacher.detach(context.parameters.require("attachment"), viewer: viewer, logger: context.logger))
    }

    @Sendable func listForApp(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Attachment]>
    {
        let viewer = try context.requireAccount()
        let found = try await attacher.attachments(
            app: context.parameters.require("app"), viewer: viewer, logger: context.logger)
        return JSONResponse(page: try Self.page(found, request))
    }

    @Sendable func showForApp(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Attachment> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await attacher.attachment(
                context.parameters.require("attachment"), app: context.parameters.require("app"), viewer: viewer,
                logger: context.logger
            )
        )
    }

    @Sendable func listForAddon(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [Attachment]
    > {
        let viewer = try context.requireAccount()
        let found = try await attacher.attachments(
            addon: context.parameters.require("addon"), viewer: viewer, logger: context.logger)
        return JSONResponse(page: try Self.page(found, request))
    }

    /// A caller's attachments are bounded by their apps; they page in memory by id (names repeat across apps).
    static func page(_ attachments: [Attachment], _ request: Request) throws -> Page<Attachment> {
        let range = try ListRange(header: request.headers[.range], fields: ListRange.timestampedFields + ["name"])
        return Page(all: attachments, range: range, own: { $0.name })
    }
}
