import Foundation
import PostgresNIO
import SoukCore

/// The columns attachment queries select (`addon_attachments at`, `apps ap`, `addons a`) and the wire type
/// they make.
enum AttachmentRow {
    static let columns = """
        at.id, at.name, at.created_at, at.updated_at, at.app_id, ap.name AS app_name, a.id AS addon_id,
        a.name AS addon_name, a.app_id AS billing_app_id, a.app_name AS billing_app_name
        """

    static let joins = """
        JOIN apps ap ON ap.id = at.app_id
        JOIN addons a ON a.id = at.addon_id
        """

    static func attachment(_ row: PostgresRandomAccessRow, webURLBase: String?) throws -> Attachment {
        let appID = try row["app_id"].decode(UUID.self)
        let addonID = try row["addon_id"].decode(UUID.self)
        return Attachment(
            id: try row["id"].decode(UUID.self),
            name: try row["name"].decode(String.self),
            addon: Attachment.AddonReference(
                id: addonID,
                name: try row["addon_name"].decode(String.self),
                app: AppReference(
                    id: try row["billing_app_id"].decode(UUID?.self) ?? AddonRow.appGone,
                    name: try row["billing_app_name"].decode(String.self)
                )
            ),
            app: AppReference(id: appID, name: try row["app_name"].decode(String.self)),
            webURL: webURLBase.map {
                "\($0)/apps/\(appID.lowercasedString)/addons/\(addonID.lowercasedString)/sso/open"
            },
            createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self)
        )
    }
}
