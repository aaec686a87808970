import Foundation
import PostgresNIO

/// An add-on's record by id (`AddonRow`), optionally only within one service. Prepared: planning its joins
/// costs more than running them, and an install reads it several times.
struct AddonRecordStatement: PostgresPreparedStatement {
    static let name = "souk_addon_record"
    static let sql = """
        SELECT \(AddonRow.columns) FROM addons a \(AddonRow.joins)
        WHERE a.id = $1 AND ($2::uuid IS NULL OR a.service_id = $2)
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid]
    typealias Row = PostgresRow

    var id: UUID
    var service: UUID?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(id)
        bindings.append(service)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
