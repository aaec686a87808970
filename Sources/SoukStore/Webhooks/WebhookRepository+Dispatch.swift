import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

extension WebhookRepository {
    /// Claims the due deliveries of up to `webhooks` webhooks, at most `perWebhook` of each in their order, for
    /// one attempt each, with `FOR UPDATE SKIP LOCKED` so that several Souk processes share the work. A webhook
    /// is due when its oldest delivery still to go is new or its retry time has come: a webhook gets its events
    /// in order, so nothing behind a delivery being retried goes first. A claim is held for `lease`: one whose
    /// dispatcher died is claimed again after it.
    public func claim(
        now: Date, lease: Duration, webhooks: Int, perWebhook: Int, logger: Logger
    ) async throws -> [WebhookDispatch] {
        let rows = try await database.query(
            """
            WITH RECURSIVE active (webhook_id) AS (
                -- The webhooks with deliveries to go, one index probe each (a skip scan), whatever the backlog.
                (SELECT webhook_id FROM webhook_deliveries WHERE status IN ('pending', 'scheduled', 'retrying')
                 ORDER BY webhook_id LIMIT 1)
                UNION ALL
                SELECT (SELECT n.webhook_id FROM webhook_deliveries n
                        WHERE n.status IN ('pending', 'scheduled', 'retrying') AND n.webhook_id > a.webhook_id
                        ORDER BY n.webhook_id LIMIT 1)
                FROM active a WHERE a.webhook_id IS NOT NULL
            ), heads AS (
                SELECT h.webhook_id, h.sequence FROM active a CROSS JOIN LATERAL (
                    SELECT webhook_id, sequence, status, next_attempt_at, lease_until FROM webhook_deliveries
                    WHERE webhook_id = a.webhook_id AND status IN ('pending', 'scheduled', 'retrying')
                    ORDER BY sequence LIMIT 1) h
                WHERE (h.status = 'pending' OR h.next_attempt_at <= \(now))
                  AND (h.lease_until IS NULL OR h.lease_until < \(now))
                ORDER BY h.sequence LIMIT \(webhooks)
            ), due AS (
                SELECT d.id FROM heads h CROSS JOIN LATERAL (
                    SELECT id FROM webhook_deliveries
                    WHERE webhook_id = h.webhook_id AND status IN ('pending', 'scheduled', 'retrying')
                      AND sequence >= h.sequence
                    ORDER BY sequence LIMIT \(perWebhook)) n
                JOIN webhook_deliveries d ON d.id = n.id
                -- Checked again on the locked row: another process may have claimed it since this snapshot.
                WHERE d.status IN ('pending', 'scheduled', 'retrying')
                  AND (d.lease_until IS NULL OR d.lease_until < \(now))
                FOR UPDATE OF d SKIP LOCKED
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
                Array(buffer: try columns[5].decode(ByteBuffer.self)), context: SealContext.webhook(webhook))
            let authorization = try columns[6].decode(ByteBuffer?.self).map {
                try secrets.open(Array(buffer: $0), context: SealContext.webhook(webhook))
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

    /// Writes a batch's outcomes in one statement: `succeeded`, `failed`, or `retrying` until its retry time;
    /// a released delivery gets its attempt back and is due again at once. An outcome whose claim was lost
    /// (its lease ran out and another process claimed it again) is not written.
    public func record(_ attempts: [WebhookAttempt], at now: Date, logger: Logger) async throws {
        guard !attempts.isEmpty else { return }
        var ids: [UUID] = []
        var claimedAttempts: [Int32] = []
        var statuses: [String] = []  // "" releases
        var attemptIDs: [UUID] = []
        var codes: [Int32] = []  // 0: no answer
        var errorClasses: [String] = []  // "": none
        var retryAts: [Date] = []
        for attempt in attempts {
            ids.append(attempt.dispatch.deliveryID)
            claimedAttempts.append(Int32(attempt.dispatch.attempt))
            switch attempt.outcome {
            case .sent(let attemptID, let code, let errorClass, let status, let retryAt):
                statuses.append(status.rawValue)
                attemptIDs.append(attemptID)
                codes.append(Int32(code ?? 0))
                errorClasses.append(errorClass ?? "")
                retryAts.append(retryAt ?? now)
            case .released:
                statuses.append("")
                attemptIDs.append(attempt.dispatch.deliveryID)
                codes.append(0)
                errorClasses.append("")
                retryAts.append(now)
            }
        }
        try await database.query(
            """
            UPDATE webhook_deliveries d SET
                status = COALESCE(NULLIF(u.status, ''), d.status),
                num_attempts = CASE WHEN u.status = '' THEN d.num_attempts - 1 ELSE d.num_attempts END,
                next_attempt_at = CASE WHEN u.status = 'retrying' THEN u.retry_at ELSE d.next_attempt_at END,
                lease_until = NULL,
                last_attempt_id = CASE WHEN u.status = '' THEN d.last_attempt_id ELSE u.attempt_id END,
                last_code = CASE WHEN u.status = '' THEN d.last_code ELSE NULLIF(u.code, 0) END,
                last_error_class = CASE WHEN u.status = '' THEN d.last_error_class ELSE NULLIF(u.error_class, '') END,
                last_attempt_at = CASE WHEN u.status = '' THEN d.last_attempt_at ELSE \(now) END,
                updated_at = now()
            FROM unnest(\(ids)::uuid[], \(claimedAttempts)::int4[], \(statuses)::text[], \(attemptIDs)::uuid[],
                        \(codes)::int4[], \(errorClasses)::text[], \(retryAts)::timestamptz[])
                AS u (id, attempt, status, attempt_id, code, error_class, retry_at)
            WHERE d.id = u.id AND d.num_attempts = u.attempt
            """,
            logger: logger)
    }

    /// Deletes up to `limit` events created before `cutoff`, oldest first, with their deliveries; an event with a
    /// delivery still to go stays. How many went.
    public func prune(before cutoff: Date, limit: Int, logger: Logger) async throws -> Int {
        let rows = try await database.query(
            """
            WITH gone AS (
                DELETE FROM webhook_events WHERE id IN (
                    SELECT e.id FROM webhook_events e
                    WHERE e.created_at < \(cutoff) AND NOT EXISTS (
                        SELECT 1 FROM webhook_deliveries d
                        WHERE d.event_id = e.id AND d.status IN ('pending', 'scheduled', 'retrying'))
                    ORDER BY e.created_at LIMIT \(limit))
                RETURNING 1)
            SELECT count(*) FROM gone
            """,
            logger: logger)
        for try await count in rows.decode(Int64.self) { return Int(count) }
        return 0
    }
}
