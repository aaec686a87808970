import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// `POST /actions/addons/resolve` and `POST /actions/addon-attachments/resolve`, as in the Heroku
/// Platform API v3: 200 with every match the caller may see (the exact one first), or 404 naming what
/// was missing.
struct ResolveController: Sendable {
    let resolver: AddonResolver

    struct AddonBody: Decodable {
        var addon: String
        var app: String?
        var addonService: String?

        enum CodingKeys: String, CodingKey {
            case addon, app
            case addonService = "addon_service"
        }
    }

    struct AttachmentBody: Decodable {
        var addonAttachment: String
        var app: String?
        var addonService: String?

        enum CodingKeys: String, CodingKey {
            case app
            case addonAttachment = "addon_attachment"
            case addonService = "addon_service"
        }
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .post("addons/resolve", use: addons)
            .post("addon-attachments/resolve", use: attachments)
    }

    @Sendable func addons(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: AddonBody.self, context: context)
        let found = try await resolver.addons(
            body.addon, app: body.app, service: body.addonService, viewer: viewer, logger: context.logger
        )
        return try Self.response(found, missing: .addon, request: request, context: context)
    }

    @Sendable func attachments(request: Request, context: SoukRequestContext) async throws -> Response {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: AttachmentBody.self, context: context)
        let found = try await resolver.attachments(
            body.addonAttachment, app: body.app, service: body.addonService, viewer: viewer, logger: context.logger
        )
        return try Self.response(found, missing: .attachment, request: request, context: context)
    }

    static func response<Match: Encodable & Sendable>(
        _ resolution: Resolution<Match>, missing: ResolutionNotFound, request: Request, context: SoukRequestContext
    ) throws -> Response {
        switch resolution {
        case .appNotFound:
            return try JSONResponse(ResolutionNotFound.app, status: .notFound).response(from: request, context: context)
        case .matches(let matches) where matches.isEmpty:
            return try JSONResponse(missing, status: .notFound).response(from: request, context: context)
        case .matches(let matches):
            return try JSONResponse(matches).response(from: request, context: context)
        }
    }
}
