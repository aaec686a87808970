import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

extension WebhookRepository {
    /// Claims up to `limit` due deliveries for one attempt each, with `FOR UPDATE SKIP LOCKED` so that several
    /// Souk processes share the work. A delivery is due when it is new, or its retry time has come; and only
    /// once every earlier delivery to the same webhook is done, so that a webhook gets its events in order. A
    /// claim is held for `lease`: one whose dispatcher died is claimed again after it.
    public func claim(now: Date, lease: Duration, limit: Int, logger: Logger) async throws -> [WebhookDispatch] {
        let rows = try await database.query(
            """
            WITH heads AS (
                -- Each webhook's oldest delivery still to go: only it may be sent (one index scan, in order).
                SELECT DISTINCT ON (webhook_id) id, sequence, status, next_attempt_at, lease_until
                FROM webhook_deliveries WHERE status IN ('pending', 'scheduled', 'retrying')
                ORDER BY webhook_id, sequence
            ), due AS (
                SELECT d.id FROM webhook_deliveries d
                WHERE d.id IN (
                    SELECT id FROM heads
                    WHERE (status = 'pending' OR next_attempt_at <= \(now))
                      AND (lease_until IS NULL OR lease_until < \(now))
                    ORDER BY sequence LIMIT \(limit))
                FOR UPDATE SKIP LOCKED
            )
            UPDATE webhook_deliveries d
            SET lease_until = \(now.addingTimeInterval(lease.inSeconds)), num_attempts = d.num_attempts + 1,
                updated_at = now()
            FROM due, webhooks w, webhook_events e
            WHERE d.id = due.id AND w.id = d.webhook_id AND e.id = d.event_id
            RETURNING d.id, d.num_attempts, d.created_at, w.id, w.url, w.sealed_secret, w.sealed_authorization,
                      w.level, e.id, e.sequence, e.resource, e.action, e.actor_id, e.actor_email, e.data::text,
                      e.previous_data::text, e.created_at
            """,
            logger: logger)
        var claimed: [WebhookDispatch] = []
        for try await row in rows {
            let columns = row.makeRandomAccess()
            let webhook = try columns[3].decode(UUID.self)
            let secret = try secrets.open(
                Array(buffer: try columns[5].decode(ByteBuffer.self)), context: Self.context(webhook))
            let authorization = try columns[6].decode(ByteBuffer?.self).map {
                try secrets.open(Array(buffer: $0), context: Self.context(webhook))
            }
            let actorID = try columns[12].decode(UUID?.self)
            claimed.append(
                WebhookDispatch(
                    deliveryID: try columns[0].decode(UUID.self), attempt: Int(try columns[1].decode(Int32.self)),
                    deliveryCreatedAt: try columns[2].decode(Date.self), webhookID: webhook,
                    url: try columns[4].decode(String.self), secret: secret, authorization: authorization,
                    level: Webhook.Level(rawValue: try columns[7].decode(String.self)) ?? .notify,
                    event: WebhookEvent(
                        id: try columns[8].decode(UUID.self), sequence: try columns[9].decode(Int64.self),
                        resource: try columns[10].decode(String.self), action: try columns[11].decode(String.self),
                        actor: actorID.map {
                            AccountReference(id: $0, email: (try? columns[13].decode(String?.self)) ?? "")
                        },
                        data: try columns[14].decode(String.self), previousData: try columns[15].decode(String.self),
                        createdAt: try columns[16].decode(Date.self))))
        }
        return claimed
    }

    /// Writes an attempt's outcome: `succeeded`, `failed`, or `retrying` until `retryAt`.
    public func record(
        _ dispatch: WebhookDispatch, attemptID: UUID, code: Int?, errorClass: String?, status: WebhookDelivery.Status,
        retryAt: Date?, at now: Date, logger: Logger
    ) async throws {
        try await database.query(
            """
            UPDATE webhook_deliveries SET status = \(status.rawValue),
                next_attempt_at = COALESCE(\(retryAt), next_attempt_at), lease_until = NULL,
                last_attempt_id = \(attemptID), last_code = \(code.map(Int32.init)), last_error_class = \(errorClass),
                last_attempt_at = \(now), updated_at = now()
            WHERE id = \(dispatch.deliveryID) AND num_attempts = \(Int32(dispatch.attempt))
            """,
            logger: logger)
    }
}
