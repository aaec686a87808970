import Foundation
import HTTPTypes
import Hummingbird
import SoukCore
import SoukStore

/// `/apps/{app}/webhooks[/{id}]`, `/apps/{app}/webhook-events[/{id}]`, `/apps/{app}/webhook-deliveries[/{id}]`
/// for an app's members, and their `/addons/{addon}/…` twins for the add-on's provider (partner credentials).
struct WebhookController: Sendable {
    let desk: WebhookDesk
    let webhooks: WebhookRepository

    static let secretHeader = HTTPField.Name("Heroku-Webhook-Secret")!

    var routes: RouteCollection<SoukRequestContext> {
        var routes = RouteCollection(context: SoukRequestContext.self)
        for prefix in ["apps/:app", "addons/:addon"] {
            routes =
                routes
                .post("\(prefix)/webhooks", use: create)
                .get("\(prefix)/webhooks", use: list)
                .get("\(prefix)/webhooks/:webhook", use: show)
                .patch("\(prefix)/webhooks/:webhook", use: update)
                .delete("\(prefix)/webhooks/:webhook", use: delete)
                .get("\(prefix)/webhook-events", use: events)
                .get("\(prefix)/webhook-events/:event", use: event)
                .get("\(prefix)/webhook-deliveries", use: deliveries)
                .get("\(prefix)/webhook-deliveries/:delivery", use: delivery)
        }
        return routes
    }

    /// Whose webhooks the route names, once the caller may manage them.
    private func scope(_ context: SoukRequestContext) async throws -> WebhookRepository.Scope {
        if let app = context.parameters.get("app") {
            return try await desk.scope(app: app, viewer: try context.requireAccount(), logger: context.logger)
        }
        return try await desk.scope(
            addon: try context.parameters.require("addon"), provider: try context.requireProvider(),
            logger: context.logger)
    }

    @Sendable func create(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Webhook> {
        let scope = try await scope(context)
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        let (webhook, secret) = try await desk.create(body, in: scope, logger: context.logger)
        var headers = HTTPFields()
        // Shown this once: Souk keeps it sealed.
        if let secret { headers[Self.secretHeader] = secret }
        return JSONResponse(webhook, status: .created, headers: headers)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Webhook]> {
        JSONResponse(try await webhooks.webhooks(try await scope(context), logger: context.logger))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Webhook> {
        let scope = try await scope(context)
        return JSONResponse(
            try await desk.webhook(context.parameters.require("webhook"), in: scope, logger: context.logger))
    }

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Webhook> {
        let scope = try await scope(context)
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        return JSONResponse(
            try await desk.update(context.parameters.require("webhook"), body, in: scope, logger: context.logger))
    }

    @Sendable func delete(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Webhook> {
        let scope = try await scope(context)
        return JSONResponse(
            try await desk.delete(context.parameters.require("webhook"), in: scope, logger: context.logger))
    }

    @Sendable func events(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [WebhookEventView]
    > {
        let scope = try await scope(context)
        return JSONResponse(
            try await webhooks.events(scope, limit: 1000, logger: context.logger).map(WebhookEventView.init))
    }

    @Sendable func event(request: Request, context: SoukRequestContext) async throws -> JSONResponse<WebhookEventView> {
        let scope = try await scope(context)
        guard let id = UUID(uuidString: try context.parameters.require("event")),
            let event = try await webhooks.events(scope, id: id, limit: 1, logger: context.logger).first
        else { throw SoukError.notFound("Couldn't find that webhook event.") }
        return JSONResponse(WebhookEventView(event))
    }

    @Sendable func deliveries(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [WebhookDelivery]
    > {
        let scope = try await scope(context)
        return JSONResponse(try await webhooks.deliveries(scope, limit: 1000, logger: context.logger))
    }

    @Sendable func delivery(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        WebhookDelivery
    > {
        let scope = try await scope(context)
        guard let id = UUID(uuidString: try context.parameters.require("delivery")),
            let delivery = try await webhooks.deliveries(scope, id: id, limit: 1, logger: context.logger).first
        else { throw SoukError.notFound("Couldn't find that webhook delivery.") }
        return JSONResponse(delivery)
    }
}
