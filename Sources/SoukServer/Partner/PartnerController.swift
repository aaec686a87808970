import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// The Heroku-flavour partner API (`GET /addons/{uuid}` is `AddonController`'s, which tells providers
/// apart by their credentials): `GET|PATCH /addons/{uuid}/config`, `POST /addons/{uuid}/actions/provision|deprovision`.
/// Heroku-flavour credentials only: Basic `slug:password` (every add-on of the service) or an add-on's OAuth
/// token (that add-on alone); see `PartnerDesk.admit`.
struct PartnerController: Sendable {
    let desk: PartnerDesk

    struct ConfigBody: Decodable {
        var config: [ConfigEntry]
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("config", use: config)
            .patch("config", use: updateConfig)
            .post("actions/provision", use: provisioned)
            .post("actions/deprovision", use: deprovisioned)
    }

    @Sendable func config(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[ConfigEntry]> {
        let provider = try context.requireProvider()
        let record = try await desk.record(
            context.parameters.require("addon"), provider: provider, on: .heroku, logger: context.logger
        )
        return JSONResponse(ConfigEntry.list(record.providerConfig))
    }

    @Sendable func updateConfig(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [ConfigEntry]
    > {
        let provider = try context.requireProvider()
        let record = try await desk.record(
            context.parameters.require("addon"), provider: provider, on: .heroku, logger: context.logger
        )
        let body = try await request.decodeJSON(as: ConfigBody.self, context: context)
        guard body.config.count <= 100 else { throw SoukError.invalidParams("At most 100 config vars at once.") }
        var changes: [String: String?] = [:]
        for entry in body.config { changes[entry.name] = .some(entry.value) }
        let updated = try await desk.updateConfig(record, changes: changes, logger: context.logger)
        return JSONResponse(ConfigEntry.list(updated.providerConfig))
    }

    @Sendable func provisioned(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        let provider = try context.requireProvider()
        let record = try await desk.record(
            context.parameters.require("addon"), provider: provider, on: .heroku, logger: context.logger
        )
        return JSONResponse(try await desk.markProvisioned(record, logger: context.logger).addon)
    }

    @Sendable func deprovisioned(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Addon> {
        let provider = try context.requireProvider()
        let record = try await desk.record(
            context.parameters.require("addon"), provider: provider, on: .heroku, logger: context.logger
        )
        return JSONResponse(try await desk.markDeprovisioned(record, logger: context.logger).addon)
    }
}
