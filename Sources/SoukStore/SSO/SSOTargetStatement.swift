import Foundation
import NIOCore
import PostgresNIO

/// What a hand-off needs with no context app named, the access check folded in: the add-on as the viewer may
/// open it from an app they share with it, its billing app first (`SSORepository.target`). Prepared, and with
/// no optional filter, so that PostgreSQL keeps its generic plan: one statement for both cases was estimated
/// dearer generic than planned for its values, so it was planned afresh on every hand-off (1.3 ms of
/// PostgreSQL's time at bind, against 0.1 ms to run).
struct SSOTargetStatement: PostgresPreparedStatement {
    static let name = "souk_sso_target"
    static let sql = """
        SELECT \(SSOTargetRow.columns)
        FROM addons a
        JOIN addon_services s ON s.id = a.service_id
        JOIN LATERAL (
            SELECT ap.id, ap.name FROM addon_attachments at
            JOIN app_members m ON m.app_id = at.app_id AND m.account_id = $1
            JOIN apps ap ON ap.id = at.app_id
            WHERE at.addon_id = a.id
            ORDER BY ap.id IS NOT DISTINCT FROM a.app_id DESC, at.created_at, at.id
            LIMIT 1
        ) ctx ON true
        WHERE (a.id = $2 OR a.name = $3) AND a.state <> 'deprovisioned'
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text]
    typealias Row = SSOTargetRow.Row

    var viewer: UUID
    var addonID: UUID?
    var addonName: String

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(viewer)
        bindings.append(addonID)
        bindings.append(addonName)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
