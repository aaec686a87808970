import Foundation
import PostgresNIO

/// `AddonRecordStatement` with the add-on's row locked for a state change.
struct LockedAddonRecordStatement: RowByIDStatement {
    static let name = "souk_locked_addon_record"
    static let sql = "SELECT \(AddonRow.columns) FROM addons a \(AddonRow.joins) WHERE a.id = $1 FOR UPDATE OF a"

    var id: UUID
}
