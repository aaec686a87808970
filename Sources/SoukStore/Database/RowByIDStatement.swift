import Foundation
import PostgresNIO

/// A prepared statement that reads one row by a single id, `$1`, and hands the row back as it came: the
/// caller's row type (`AddonRow`, `ServiceRow`) reads its columns.
protocol RowByIDStatement: PostgresPreparedStatement where Row == PostgresRow {
    var id: UUID { get }
}

extension RowByIDStatement {
    static var bindingDataTypes: [PostgresDataType] { [.uuid] }

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
