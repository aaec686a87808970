import Foundation
import Hummingbird
import SoukCore

/// `/provider/brokers`: a provider's Open Service Brokers. Any account may register one; it sees only its own.
struct BrokerController: Sendable {
    let registry: BrokerRegistry

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .post(use: register)
            .get(use: list)
            .get(":broker", use: show)
            .patch(":broker", use: update)
            .delete(":broker", use: delete)
            .post(":broker/refresh", use: refresh)
    }

    @Sendable func register(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Broker> {
        let provider = try context.requireAccount()
        let document = try await request.decodeJSON(as: JSONValue.self, context: context)
        return JSONResponse(
            try await registry.register(document, by: provider, logger: context.logger), status: .created)
    }

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Broker> {
        let provider = try context.requireAccount()
        let changes = try await request.decodeJSON(as: JSONValue.self, context: context)
        return JSONResponse(
            try await registry.refresh(
                context.parameters.require("broker"), changes: changes, by: provider, logger: context.logger))
    }

    @Sendable func delete(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Broker> {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await registry.delete(context.parameters.require("broker"), by: provider, logger: context.logger))
    }

    @Sendable func refresh(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Broker> {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await registry.refresh(context.parameters.require("broker"), by: provider, logger: context.logger))
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Broker]> {
        let provider = try context.requireAccount()
        return JSONResponse(try await registry.brokers(of: provider, logger: context.logger))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Broker> {
        let provider = try context.requireAccount()
        return JSONResponse(
            try await registry.broker(context.parameters.require("broker"), of: provider, logger: context.logger))
    }
}
