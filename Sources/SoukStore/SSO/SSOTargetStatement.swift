import Foundation
import NIOCore
import PostgresNIO

/// What a hand-off needs, with the access check folded in (`SSORepository.target`). Prepared: every hand-off
/// runs it.
struct SSOTargetStatement: PostgresPreparedStatement {
    static let name = "souk_sso_target"
    static let sql = """
        SELECT a.id, a.name, a.state, a.provider_id, a.app_name, ctx.id, ctx.name, s.id, s.slug, s.human_name,
               s.flavour, COALESCE(a.provider_dashboard_url, s.production_sso_url), s.sealed_sso_salt
        FROM addons a
        JOIN addon_services s ON s.id = a.service_id
        JOIN LATERAL (
            SELECT ap.id, ap.name FROM addon_attachments at
            JOIN app_members m ON m.app_id = at.app_id AND m.account_id = $1
            JOIN apps ap ON ap.id = at.app_id
            WHERE at.addon_id = a.id AND ($2 = false OR ap.id = $3 OR ap.name = $4)
            ORDER BY ap.id IS NOT DISTINCT FROM a.app_id DESC, at.created_at, at.id
            LIMIT 1
        ) ctx ON true
        WHERE (a.id = $5 OR a.name = $6) AND a.state <> 'deprovisioned'
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .bool, .uuid, .text, .uuid, .text]
    typealias Row = (
        UUID, String, String, String?, String, UUID, String, UUID, String, String, String, String?, ByteBuffer
    )

    var viewer: UUID
    var hasContextApp: Bool
    var contextAppID: UUID?
    var contextAppName: String?
    var addonID: UUID?
    var addonName: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 6)
        bindings.append(viewer)
        bindings.append(hasContextApp)
        bindings.append(contextAppID)
        bindings.append(contextAppName)
        bindings.append(addonID)
        bindings.append(addonName)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
