import Foundation
import NIOCore
import PostgresNIO

/// `SSOTargetStatement` opened from a named context app (id or name): the add-on only if it is attached to
/// that app and the viewer is a member of it.
struct SSOContextTargetStatement: PostgresPreparedStatement {
    static let name = "souk_sso_context_target"
    static let sql = """
        SELECT \(SSOTargetRow.columns)
        FROM addons a
        JOIN addon_services s ON s.id = a.service_id
        JOIN LATERAL (
            SELECT ap.id, ap.name FROM apps ap
            JOIN addon_attachments at ON at.app_id = ap.id AND at.addon_id = a.id
            JOIN app_members m ON m.app_id = ap.id AND m.account_id = $1
            WHERE ap.id = $2 OR ap.name = $3
            LIMIT 1
        ) ctx ON true
        WHERE (a.id = $4 OR a.name = $5) AND a.state <> 'deprovisioned'
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text, .uuid, .text]
    typealias Row = SSOTargetRow.Row

    var viewer: UUID
    var contextAppID: UUID?
    var contextAppName: String?
    var addonID: UUID?
    var addonName: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(viewer)
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
