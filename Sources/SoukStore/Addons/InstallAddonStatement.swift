import Foundation
import NIOCore
import PostgresNIO
import SoukCore

/// An install's record in one statement (`AddonRepository.create`), run under the app row's lock: the rules
/// it must pass, and when it passes them the add-on (`provisioning`, owned by the app's owner), its billing
/// attachment, its unconfirmed billing period priced from its plan, the OAuth grant its provision call
/// carries, and the provision job, claimed by the caller. It answers the rules' findings and the add-on's
/// record (`AddonRow.columns`, null when refused). Prepared: every install runs it, and each of its six
/// parts was once a round trip of its own.
struct InstallAddonStatement: PostgresPreparedStatement {
    static let name = "souk_install_addon"
    static let sql = """
        WITH rules AS (
            SELECT EXISTS (
                       SELECT 1 FROM addons WHERE app_id = $1 AND service_id = $4 AND state <> 'deprovisioned'
                   ) AS installed,
                   EXISTS (SELECT 1 FROM addon_attachments WHERE app_id = $1 AND name = $10) AS name_taken,
                   ARRAY(SELECT name FROM config_vars WHERE app_id = $1 AND name = ANY($11) ORDER BY name)
                       AS collisions
        ), admitted AS (
            SELECT FROM rules WHERE (NOT installed OR $12) AND NOT name_taken AND (cardinality(collisions) = 0 OR $13)
        ), addon AS (
            INSERT INTO addons (
                id, name, service_id, plan_id, app_id, app_name, created_by, owner_id, state, sealed_options
            )
            SELECT $2, $3, $4, $5, $1, $6, $7,
                   (SELECT account_id FROM app_members WHERE app_id = $1 AND role = 'owner'), 'provisioning', $8
            FROM admitted
            RETURNING *
        ), ba AS (
            INSERT INTO addon_attachments (id, addon_id, app_id, name, service_id, owner_id)
            SELECT $9, id, $1, $10, $4, owner_id FROM addon
            RETURNING name
        ), period AS (
            INSERT INTO billing_periods (
                id, addon_id, account_id, addon_name, app_name, service_id, service_slug, plan_id, plan_name,
                price_cents, started_at
            )
            SELECT $14, a.id, a.owner_id, a.name, a.app_name, s.id, s.slug, pl.id, pl.name,
                   CASE WHEN pl.metered THEN 0 ELSE pl.price_cents END, $15
            FROM addon a JOIN addon_services s ON s.id = a.service_id JOIN plans pl ON pl.id = a.plan_id
        ), granted AS (
            INSERT INTO oauth_grants (code_hash, addon_id, expires_at)
            SELECT $16, id, $17 FROM addon WHERE $16::bytea IS NOT NULL
        ), job AS (
            INSERT INTO jobs (id, kind, addon_id, payload, state, attempts, run_at, lease_until)
            SELECT $18, $19, id, $20::jsonb, 'running', 1, now(), now() + make_interval(secs => $21) FROM addon
        )
        SELECT \(AddonRow.columns), r.installed, r.name_taken, r.collisions
        FROM rules r LEFT JOIN (
            addon a JOIN addon_services s ON s.id = a.service_id JOIN plans pl ON pl.id = a.plan_id CROSS JOIN ba
            LEFT JOIN apps ap ON ap.id = a.app_id
        ) ON true
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .uuid, .text, .uuid, .uuid, .text, .uuid, .bytea, .uuid, .text, .textArray, .bool, .bool, .uuid,
        .timestamptz, .bytea, .timestamptz, .uuid, .text, .text, .float8,
    ]
    typealias Row = PostgresRow

    var new: NewAddon
    var sealedOptions: ByteBuffer
    var startedAt: Date
    var job: Job
    var jobLease: Duration

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 21)
        bindings.append(new.app.id)
        bindings.append(new.id)
        bindings.append(new.name)
        bindings.append(new.serviceID)
        bindings.append(new.planID)
        bindings.append(new.app.name)
        bindings.append(new.createdBy)
        bindings.append(sealedOptions)
        bindings.append(UUID())
        bindings.append(new.attachmentName)
        bindings.append(Array(new.mapping.exposedNames(attachment: new.attachmentName)))
        bindings.append(new.supportsMultipleInstallations)
        bindings.append(new.confirmed)
        bindings.append(UUID())
        bindings.append(startedAt)
        bindings.append(new.grant.map { ByteBuffer(bytes: $0.digest) })
        bindings.append(new.grant?.expiresAt)
        bindings.append(job.id)
        bindings.append(job.work.kind.rawValue)
        bindings.append(job.work.payload)
        bindings.append(jobLease.inSeconds)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
