import Foundation
import PostgresNIO

/// The app by id or name as `viewer` may see it, with its owner and the viewer's role (`AppRepository.access`).
/// Prepared: nearly every app route starts with it.
struct AppAccessStatement: PostgresPreparedStatement {
    static let name = "souk_app_access"
    static let sql = """
        SELECT a.id, a.name, a.region, a.released_at, a.created_at, a.updated_at, o.id, o.email, me.role
        FROM apps a
        JOIN app_members me ON me.app_id = a.id AND me.account_id = $1
        JOIN app_members om ON om.app_id = a.id AND om.role = 'owner'
        JOIN accounts o ON o.id = om.account_id
        WHERE a.id = $2 OR a.name = $3
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text]
    typealias Row = AppRepository.AppRow

    var viewer: UUID
    var id: UUID?
    var name: String?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(viewer)
        bindings.append(id)
        bindings.append(name)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
