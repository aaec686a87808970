import Foundation
import NIOCore
import PostgresNIO

/// An app's environment as its current release sealed it (one box to open, not one per var), with every
/// member: what `EnvironmentCache` keeps. Prepared, as it is the hot read.
struct CurrentEnvironmentStatement: PostgresPreparedStatement {
    static let name = "souk_current_environment"
    static let sql = """
        SELECT a.id, a.name, r.sealed_config, ARRAY(SELECT m.account_id FROM app_members m WHERE m.app_id = a.id)
        FROM apps a
        JOIN releases r ON r.app_id = a.id AND r.version = a.release_version
        WHERE a.id = $1 OR a.name = $2
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text]
    typealias Row = (UUID, String, ByteBuffer, [UUID])

    var id: UUID?
    var name: String?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(id)
        bindings.append(name)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
