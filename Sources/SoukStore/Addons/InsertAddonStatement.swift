import Foundation
import NIOCore
import PostgresNIO
import SoukCore

/// A new add-on, `provisioning`, owned by its app's owner, with its billing attachment (`AddonRepository.create`).
/// Prepared: every install runs it.
struct InsertAddonStatement: PostgresPreparedStatement {
    static let name = "souk_insert_addon"
    static let sql = """
        WITH owner AS (
            SELECT account_id FROM app_members WHERE app_id = $1 AND role = 'owner'
        ), addon AS (
            INSERT INTO addons (
                id, name, service_id, plan_id, app_id, app_name, created_by, owner_id, state, sealed_options
            )
            SELECT $2, $3, $4, $5, $1, $6, $7, (SELECT account_id FROM owner), 'provisioning', $8
            RETURNING id, owner_id
        )
        INSERT INTO addon_attachments (id, addon_id, app_id, name, service_id, owner_id)
        SELECT $9, id, $1, $10, $4, owner_id FROM addon
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .uuid, .text, .uuid, .uuid, .text, .uuid, .bytea, .uuid, .text,
    ]
    typealias Row = Void

    var new: NewAddon
    var sealedOptions: ByteBuffer

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(new.app.id)
        bindings.append(new.id)
        bindings.append(new.name)
        bindings.append(new.serviceID)
        bindings.append(new.planID)
        bindings.append(new.app.name)
        bindings.append(new.createdBy)
        bindings.append(sealedOptions)
        bindings.append(UUID())
        bindings.append(new.attachmentName)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}
