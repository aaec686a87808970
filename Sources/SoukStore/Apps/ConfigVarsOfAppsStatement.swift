import Foundation
import NIOCore
import PostgresNIO

/// Every var of some apps, sealed one by one, with the attachment each belongs to: what a config write reads
/// under the apps' locks. Prepared, as every install and config edit reads it.
struct ConfigVarsOfAppsStatement: PostgresPreparedStatement {
    static let name = "souk_config_vars_of_apps"
    static let sql = "SELECT app_id, name, sealed_value, attachment_id FROM config_vars WHERE app_id = ANY($1)"
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray]
    typealias Row = (UUID, String, ByteBuffer, UUID?)

    var appIDs: [UUID]

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(appIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
