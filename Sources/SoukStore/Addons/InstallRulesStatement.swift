import Foundation
import PostgresNIO

/// What an install's rules look at, in one statement (`AddonRepository.create`): whether the app already has the
/// service, whether the attachment name is taken, and which of the new vars the app already has. Prepared:
/// every install runs it.
struct InstallRulesStatement: PostgresPreparedStatement {
    static let name = "souk_install_rules"
    static let sql = """
        SELECT EXISTS (
                   SELECT 1 FROM addons WHERE app_id = $1 AND service_id = $2 AND state <> 'deprovisioned'
               ),
               EXISTS (SELECT 1 FROM addon_attachments WHERE app_id = $1 AND name = $3),
               ARRAY(SELECT name FROM config_vars WHERE app_id = $1 AND name = ANY($4) ORDER BY name)
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .uuid, .text, .textArray]
    typealias Row = (installed: Bool, nameTaken: Bool, collisions: [String])

    var app: UUID
    var service: UUID
    var attachmentName: String
    var exposed: [String]

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 4)
        bindings.append(app)
        bindings.append(service)
        bindings.append(attachmentName)
        bindings.append(exposed)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode((Bool, Bool, [String]).self)
    }
}
