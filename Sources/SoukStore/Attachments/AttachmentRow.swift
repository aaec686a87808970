import Foundation
import PostgresNIO
import SoukCore

/// The columns attachment queries select (`addon_attachments at`, `apps ap`, `addons a`), first, and the wire
/// type they make.
enum AttachmentRow {
    static let columns = """
        at.id, at.name, at.created_at, at.updated_at, at.app_id, ap.name AS app_name, a.id AS addon_id,
        a.name AS addon_name, a.app_id AS billing_app_id, a.app_name AS billing_app_name
        """

    static let joins = """
        JOIN apps ap ON ap.id = at.app_id
        JOIN addons a ON a.id = at.addon_id
        """

    /// `columns`' types, in order: rows are read by position, as listings read a hundred at a time.
    typealias Columns = (UUID, String, Date, Date, UUID, String, UUID, String, UUID?, String)

    /// The attachment of a row that begins with `columns`.
    static func attachment(_ row: PostgresRow, webURLBase: String?) throws -> Attachment {
        let (id, name, createdAt, updatedAt, appID, appName, addonID, addonName, billingAppID, billingAppName) =
            try row.decode(Columns.self)
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
