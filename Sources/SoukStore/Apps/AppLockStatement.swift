import Foundation
import PostgresNIO

/// Locks an app's row for the rest of the transaction: what orders installs, attachments and config edits on one
/// app. Prepared, as every install takes it.
struct AppLockStatement: RowByIDStatement {
    static let name = "souk_app_lock"
    static let sql = "SELECT id FROM apps WHERE id = $1 FOR UPDATE"

    var id: UUID
}
