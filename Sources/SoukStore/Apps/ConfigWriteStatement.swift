import Foundation
import NIOCore
import PostgresNIO

/// The write of one `ConfigRepository.edit`, for however many apps (`ConfigWrite`'s arrays, unnested): each
/// app's version bumped, its vars removed and assigned, and its release inserted, answering each app's new
/// version. Prepared: every config write and install runs it, and planning it cost about as much as running it.
/// Each array is read through a sub-select so that PostgreSQL keeps one plan: a plan made for the values sees
/// how long each array is, a plan made once can't, so the first always looked cheaper and PostgreSQL made a
/// new one for every write. Behind a sub-select neither sees the length, both cost the same, and the plan
/// made once is kept (nested loops over the apps' and vars' keys, which suit one app and ten thousand alike).
struct ConfigWriteStatement: PostgresPreparedStatement {
    static let name = "souk_config_write"
    static let sql = """
        WITH input AS (
            SELECT * FROM unnest((SELECT $1::uuid[]), (SELECT $2::uuid[]), (SELECT $3::text[]), (SELECT $4::bytea[]))
                AS t (app_id, release_id, description, sealed_config)
        ), bump AS (
            UPDATE apps a SET release_version = a.release_version + 1, released_at = now(), updated_at = now()
            FROM input WHERE a.id = input.app_id
            RETURNING a.id, a.release_version
        ), removed AS (
            DELETE FROM config_vars c
            USING unnest((SELECT $5::uuid[]), (SELECT $6::text[])) AS r (app_id, name)
            WHERE c.app_id = r.app_id AND c.name = r.name
        ), assigned AS (
            INSERT INTO config_vars (app_id, name, sealed_value, attachment_id)
            SELECT a, n, v, NULLIF(o, '')::uuid
            FROM unnest((SELECT $7::uuid[]), (SELECT $8::text[]), (SELECT $9::bytea[]), (SELECT $10::text[]))
                AS t (a, n, v, o)
            ON CONFLICT (app_id, name) DO UPDATE
            SET sealed_value = EXCLUDED.sealed_value, attachment_id = EXCLUDED.attachment_id
        )
        INSERT INTO releases (id, app_id, version, description, account_id, sealed_config)
        SELECT input.release_id, input.app_id, bump.release_version, input.description, $11, input.sealed_config
        FROM input JOIN bump ON bump.id = input.app_id
        RETURNING app_id, version
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuidArray, .uuidArray, .textArray, .byteaArray, .uuidArray, .textArray, .uuidArray, .textArray,
        .byteaArray, .textArray, .uuid,
    ]
    typealias Row = (UUID, Int)

    var write: ConfigWrite
    /// Who made the change; `nil` for Souk's own (a provider's config, say).
    var actor: UUID?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(write.appIDs)
        bindings.append(write.releaseIDs)
        bindings.append(write.descriptions)
        bindings.append(write.sealedConfigs)
        bindings.append(write.removedApps)
        bindings.append(write.removedNames)
        bindings.append(write.assignedApps)
        bindings.append(write.assignedNames)
        bindings.append(write.assignedValues)
        bindings.append(write.assignedOwners)
        bindings.append(actor)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
