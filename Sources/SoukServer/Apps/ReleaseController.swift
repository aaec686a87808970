import Foundation
import Hummingbird
import SoukCore

/// `/apps/{app}/releases`: the history of an app's environment, and rollbacks.
struct ReleaseController: Sendable {
    let editor: ConfigEditor

    /// `{"release": ID_OR_VERSION}`; clients send the version as a number or a string.
    struct RollbackBody: Decodable {
        var release: String

        enum CodingKeys: String, CodingKey { case release }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let version = try? container.decode(Int.self, forKey: .release) {
                release = String(version)
            } else {
                release = try container.decode(String.self, forKey: .release)
            }
        }
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: list)
            .post(use: rollback)
            .get(":release", use: show)
            .get(":release/config-vars", use: configVars)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Release]> {
        let viewer = try context.requireAccount()
        let range = try ListRange(header: request.headers[.range], fields: ["version"])
        let page = try await editor.releases(
            of: context.parameters.require("app"), range: range, viewer: viewer, logger: context.logger
        )
        return JSONResponse(page: page)
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Release> {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await editor.release(
                context.parameters.require("release"), of: context.parameters.require("app"), viewer: viewer,
                logger: context.logger
            )
        )
    }

    /// The environment as that release left it; the same access as the app's current config.
    @Sendable func configVars(request: Request, context: SoukRequestContext) async throws
        -> JSONResponse<[String: String]>
    {
        let viewer = try context.requireAccount()
        return JSONResponse(
            try await editor.config(
                ofRelease: context.parameters.require("release"), of: context.parameters.require("app"),
                viewer: viewer, logger: context.logger
            )
        )
    }

    @Sendable func rollback(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Release> {
        let viewer = try context.requireAccount()
        let body = try await request.decodeJSON(as: RollbackBody.self, context: context)
        let release = try await editor.rollback(
            context.parameters.require("app"), to: body.release, viewer: viewer, logger: context.logger
        )
        return JSONResponse(release, status: .created)
    }
}
