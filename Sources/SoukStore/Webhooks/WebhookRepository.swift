import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

/// Webhooks, their events and deliveries. Events and deliveries are written by triggers in the transaction
/// of each change (migration 0016); this reads them, manages webhooks, and serves the dispatcher.
public struct WebhookRepository: Sendable {
    let database: Database
    let secrets: SecretBox

    public init(database: Database, secrets: SecretBox) {
        self.database = database
        self.secrets = secrets
    }

    /// Whose webhooks: an app's (its members manage them) or an add-on's (its provider does).
    public enum Scope: Sendable, Equatable {
        case app(UUID)
        case addon(UUID)

        var appID: UUID? { if case .app(let id) = self { id } else { nil } }
        var addonID: UUID? { if case .addon(let id) = self { id } else { nil } }
    }

    static let columns = "id, app_id, addon_id, include, level, url, created_at, updated_at"

    public func create(
        _ scope: Scope, include: [String], level: Webhook.Level, url: String, secret: String, authorization: String?,
        logger: Logger
    ) async throws -> Webhook {
        let id = UUID()
        let sealedSecret = try seal(secret, webhook: id)
        let sealedAuthorization = try authorization.map { try seal($0, webhook: id) }
        let rows = try await database.query(
            """
            INSERT INTO webhooks (id, app_id, addon_id, include, level, url, sealed_secret, sealed_authorization)
            VALUES (\(id), \(scope.appID), \(scope.addonID), \(include), \(level.rawValue), \(url), \(sealedSecret),
                    \(sealedAuthorization))
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger)
        for try await row in rows { return try Self.webhook(row) }
        throw SoukError.notFound("Couldn't find that webhook.")
    }

    public func webhooks(_ scope: Scope, logger: Logger) async throws -> [Webhook] {
        try await list(
            """
            SELECT \(unescaped: Self.columns) FROM webhooks
            WHERE app_id = \(scope.appID) OR addon_id = \(scope.addonID) ORDER BY created_at, id
            """,
            logger: logger)
    }

    public func webhook(_ id: UUID, _ scope: Scope, logger: Logger) async throws -> Webhook? {
        try await list(
            """
            SELECT \(unescaped: Self.columns) FROM webhooks
            WHERE id = \(id) AND (app_id = \(scope.appID) OR addon_id = \(scope.addonID))
            """,
            logger: logger
        ).first
    }

    /// Changes what is given; `nil` leaves a field as it is.
    public func update(
        _ id: UUID, _ scope: Scope, include: [String]?, level: Webhook.Level?, url: String?, secret: String?,
        authorization: String?, logger: Logger
    ) async throws -> Webhook? {
        let sealedSecret = try secret.map { try seal($0, webhook: id) }
        let sealedAuthorization = try authorization.map { try seal($0, webhook: id) }
        return try await list(
            """
            UPDATE webhooks SET include = COALESCE(\(include), include), level = COALESCE(\(level?.rawValue), level),
                url = COALESCE(\(url), url), sealed_secret = COALESCE(\(sealedSecret), sealed_secret),
                sealed_authorization = COALESCE(\(sealedAuthorization), sealed_authorization), updated_at = now()
            WHERE id = \(id) AND (app_id = \(scope.appID) OR addon_id = \(scope.addonID))
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        ).first
    }

    public func delete(_ id: UUID, _ scope: Scope, logger: Logger) async throws -> Webhook? {
        try await list(
            """
            DELETE FROM webhooks WHERE id = \(id) AND (app_id = \(scope.appID) OR addon_id = \(scope.addonID))
            RETURNING \(unescaped: Self.columns)
            """,
            logger: logger
        ).first
    }

    private func list(_ query: PostgresQuery, logger: Logger) async throws -> [Webhook] {
        var webhooks: [Webhook] = []
        for try await row in try await database.query(query, logger: logger) { webhooks.append(try Self.webhook(row)) }
        return webhooks
    }

    static func webhook(_ row: PostgresRow) throws -> Webhook {
        let (id, app, addon, include, level, url, created, updated) = try row.decode(
            (UUID, UUID?, UUID?, [String], String, String, Date, Date).self)
        return Webhook(
            id: id, appID: app, addonID: addon, include: include, level: Webhook.Level(rawValue: level) ?? .notify,
            url: url, createdAt: created, updatedAt: updated)
    }

    func seal(_ text: String, webhook: UUID) throws -> ByteBuffer {
        ByteBuffer(bytes: try secrets.seal(text, context: SealContext.webhook(webhook)))
    }

    // MARK: Events and deliveries

    /// The scope's events, newest first: an app's own; for an add-on, those sent to its webhooks.
    public func events(_ scope: Scope, id: UUID? = nil, limit: Int, logger: Logger) async throws -> [WebhookEvent] {
        let rows = try await database.query(
            """
            SELECT e.id, e.sequence, e.resource, e.action, e.actor_id, e.actor_email, e.data::text,
                   e.previous_data::text, e.created_at
            FROM webhook_events e
            WHERE (\(id)::uuid IS NULL OR e.id = \(id))
              AND (e.app_id = \(scope.appID) OR e.id IN (
                  SELECT d.event_id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                  WHERE w.addon_id = \(scope.addonID)))
            ORDER BY e.sequence DESC LIMIT \(max(0, limit))
            """,
            logger: logger)
        var events: [WebhookEvent] = []
        for try await row in rows { events.append(try Self.event(row)) }
        return events
    }

    static func event(_ row: PostgresRow) throws -> WebhookEvent {
        let (id, sequence, resource, action, actorID, actorEmail, data, previous, created) = try row.decode(
            (UUID, Int64, String, String, UUID?, String?, String, String, Date).self)
        return WebhookEvent(
            id: id, sequence: sequence, resource: resource, action: action,
            actor: actorID.map { AccountReference(id: $0, email: actorEmail ?? "") }, data: data,
            previousData: previous, createdAt: created)
    }

    /// The scope's deliveries, newest first.
    public func deliveries(_ scope: Scope, id: UUID? = nil, limit: Int, logger: Logger) async throws
        -> [WebhookDelivery]
    {
        let rows = try await database.query(
            """
            SELECT d.id, d.event_id, e.resource, d.webhook_id, w.level,
                   CASE WHEN head.status = 'retrying' THEN 'scheduled' ELSE d.status END, d.num_attempts,
                   CASE WHEN head.status = 'retrying' THEN head.next_attempt_at
                        WHEN d.status IN ('pending', 'scheduled', 'retrying') THEN d.next_attempt_at END,
                   d.last_attempt_id, d.last_code, d.last_error_class, d.last_attempt_at, d.created_at, d.updated_at
            FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN webhook_events e ON e.id = d.event_id
            -- A pending delivery behind one being retried is `scheduled`: it goes after that one, at the earliest
            -- at its next attempt.
            LEFT JOIN LATERAL (
                SELECT h.status, h.next_attempt_at FROM webhook_deliveries h
                WHERE h.webhook_id = d.webhook_id AND h.status IN ('pending', 'scheduled', 'retrying')
                  AND h.sequence < d.sequence
                ORDER BY h.sequence LIMIT 1) head ON d.status = 'pending'
            WHERE (\(id)::uuid IS NULL OR d.id = \(id)) AND (w.app_id = \(scope.appID) OR w.addon_id = \(scope.addonID))
            ORDER BY d.sequence DESC, d.id LIMIT \(max(0, limit))
            """,
            logger: logger)
        var deliveries: [WebhookDelivery] = []
        for try await row in rows {
            let (
                id, event, resource, webhook, level, status, attempts, next, attemptID, code, errorClass, attemptAt,
                created, updated
            ) = try row.decode(
                (UUID, UUID, String, UUID, String, String, Int32, Date?, UUID?, Int32?, String?, Date?, Date, Date)
                    .self)
            let delivery = WebhookDelivery.Status(rawValue: status) ?? .pending
            deliveries.append(
                WebhookDelivery(
                    id: id, eventID: event, include: "api:\(resource)", webhookID: webhook,
                    level: Webhook.Level(rawValue: level) ?? .notify, status: delivery, attempts: Int(attempts),
                    nextAttemptAt: next,
                    lastAttempt: attemptID.map {
                        WebhookDelivery.Attempt(
                            id: $0, code: code.map(Int.init), errorClass: errorClass,
                            status: code.map { (200..<300).contains($0) } == true ? "succeeded" : "failed",
                            createdAt: attemptAt ?? updated)
                    },
                    createdAt: created, updatedAt: updated))
        }
        return deliveries
    }
}
