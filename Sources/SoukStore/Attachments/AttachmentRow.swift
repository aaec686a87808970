import Foundation
import PostgresNIO
import SoukCore

/// The columns attachment queries select (`addon_attachments at`, `apps ap`, `addons a`), first, and the wire
/// type they make, read by position (`ColumnReader`).
enum AttachmentRow {
    static let columns = """
        at.id, at.name, at.created_at, at.updated_at, at.app_id, ap.name AS app_name, a.id AS addon_id,
        a.name AS addon_name, a.app_id AS billing_app_id, a.app_name AS billing_app_name
        """

    static let joins = """
        JOIN apps ap ON ap.id = at.app_id
        JOIN addons a ON a.id = at.addon_id
        """

    /// The attachment of a row that begins with `columns`.
    static func attachment(_ row: PostgresRow, webURLBase: String?) throws -> Attachment {
        var columns = ColumnReader(row)
        let id: UUID = try columns.next()
        let name: String = try columns.next()
        let createdAt: Date = try columns.next()
        let updatedAt: Date = try columns.next()
        let appID: UUID = try columns.next()
        let appName: String = try columns.next()
        let addonID: UUID = try columns.next()
        let addonName: String = try columns.next()
        let billingAppID: UUID? = try columns.next()
        let billingAppName: String = try columns.next()
        return Attachment(
            id: id,
            name: name,
            addon: Attachment.AddonReference(
                id: addonID,
                name: addonName,
                app: AppReference(id: billingAppID ?? AddonRow.appGone, name: billingAppName)
            ),
            app: AppReference(id: appID, name: appName),
            webURL: webURLBase.map {
                "\($0)/apps/\(appID.lowercasedString)/addons/\(addonID.lowercasedString)/sso/open"
            },
            createdAt: createdAt,
            updatedAt: updatedAt
        )
    }
}
