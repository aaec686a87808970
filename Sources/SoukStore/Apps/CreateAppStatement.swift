import Foundation
import NIOCore
import PostgresNIO

/// A new app with its owner and its first release, in one statement (`AppRepository.create`). Prepared: parsing
/// and planning the three inserts cost a third of the statement.
struct CreateAppStatement: PostgresPreparedStatement {
    static let name = "souk_create_app"
    static let sql = """
        WITH app AS (
            INSERT INTO apps (id, name, region, release_version, released_at)
            VALUES ($1, $2, $3, 1, now())
            RETURNING id, name, region, released_at, created_at, updated_at
        ), owner AS (
            INSERT INTO app_members (id, app_id, account_id, role)
            SELECT $4, id, $5, 'owner' FROM app
        ), release AS (
            INSERT INTO releases (id, app_id, version, description, account_id, sealed_config)
            SELECT $6, id, 1, 'Initial release', $5, $7 FROM app
        )
        SELECT id, name, region, released_at, created_at, updated_at FROM app
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .uuid, .uuid, .uuid, .bytea]
    typealias Row = (UUID, String, String, Date?, Date, Date)

    var appID: UUID
    var name: String
    var region: String
    var owner: UUID
    var emptyConfig: ByteBuffer

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(appID)
        bindings.append(name)
        bindings.append(region)
        bindings.append(UUID())
        bindings.append(owner)
        bindings.append(UUID())
        bindings.append(emptyConfig)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
