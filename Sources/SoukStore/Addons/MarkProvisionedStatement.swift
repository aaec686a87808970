import Foundation
import NIOCore
import PostgresNIO

/// An add-on's provisioning completed, in one statement under its row's lock (`completeProvisioning`): the
/// add-on `provisioned` with the provider's id, message and config, its billing period confirmed, and its
/// attachments, each with whether its app is now locked for the release that follows. The apps are locked in
/// id order, as every multi-app config edit locks them. Prepared: every install runs it.
struct MarkProvisionedStatement: PostgresPreparedStatement {
    static let name = "souk_mark_provisioned"
    static let sql = """
        WITH provisioned AS (
            UPDATE addons SET state = 'provisioned', provider_id = $2, provision_message = $3, sealed_config = $4,
                provisioning_deadline = NULL, updated_at = now()
            WHERE id = $1
        ), confirmed AS (
            UPDATE billing_periods SET confirmed = true WHERE addon_id = $1 AND NOT confirmed
        ), attached AS (
            SELECT id, app_id, name FROM addon_attachments WHERE addon_id = $1
        ), locked AS MATERIALIZED (
            SELECT id FROM apps WHERE id IN (SELECT app_id FROM attached) ORDER BY id FOR UPDATE
        ), all_locked AS (
            -- The array reads every row of `locked`: a CTE is only run as far as it is read.
            SELECT ARRAY(SELECT id FROM locked) AS apps
        )
        SELECT t.id, t.app_id, t.name, t.app_id = ANY(l.apps) AS app_locked
        FROM all_locked l JOIN attached t ON true
        ORDER BY t.app_id, t.id
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .bytea]
    typealias Row = (id: UUID, appID: UUID, name: String, appLocked: Bool)

    var addon: UUID
    var providerID: String
    var message: String?
    var sealedConfig: ByteBuffer

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(addon)
        bindings.append(providerID)
        bindings.append(message)
        bindings.append(sealedConfig)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode((UUID, UUID, String, Bool).self)
    }
}
