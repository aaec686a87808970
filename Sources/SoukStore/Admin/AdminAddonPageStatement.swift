import Foundation
import PostgresNIO

/// An unfiltered page of `GET /admin/addons` (`AdminPageStatement`).
struct AdminAddonPageStatement: AdminPageStatement {
    static let name = "souk_admin_addon_page"
    static let sql = pageSQL(
        columns: AddonRow.summaryColumns, table: "addons", alias: "a", joins: AddonRow.summaryJoins)

    var after: UUID?
}
