import Foundation
import PostgresNIO

/// `AddonRecordStatement` with the add-on's row locked for a state change.
struct LockedAddonRecordStatement: PostgresPreparedStatement {
    static let name = "souk_locked_addon_record"
    static let sql = "SELECT \(AddonRow.columns) FROM addons a \(AddonRow.joins) WHERE a.id = $1 FOR UPDATE OF a"
    static let bindingDataTypes: [PostgresDataType] = [.uuid]
    typealias Row = PostgresRow

    var id: UUID

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
