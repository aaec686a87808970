import Foundation
import PostgresNIO

/// An unfiltered page of `GET /admin/addon-attachments` (`AdminPageStatement`).
struct AdminAttachmentPageStatement: AdminPageStatement {
    static let name = "souk_admin_attachment_page"
    static let sql = pageSQL(
        columns: AttachmentRow.columns, table: "addon_attachments", alias: "at", joins: AttachmentRow.joins)

    var after: UUID?
}
