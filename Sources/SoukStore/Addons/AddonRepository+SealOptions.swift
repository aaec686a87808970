import Foundation
import Logging
import NIOCore
import PostgresNIO
import SoukCore

extension AddonRepository {
    /// Seals the provisioning options that rows from before migration 0007 hold in clear, and empties
    /// the clear column. Start-up calls it; several processes may at once (a row is sealed once).
    /// Returns how many rows it sealed.
    @discardableResult
    public func sealClearOptions(logger: Logger) async throws -> Int {
        var sealed = 0
        while true {
            let rows = try await database.query(
                """
                SELECT id, options::text FROM addons
                WHERE sealed_options IS NULL AND options <> '{}'::jsonb
                ORDER BY id LIMIT 500
                """,
                logger: logger
            )
            var ids: [UUID] = []
            var boxes: [ByteBuffer] = []
            for try await (id, json) in rows.decode((UUID, String).self) {
                ids.append(id)
                boxes.append(try secrets.sealAddonOptions(AddonRow.stringMap(json), addonID: id))
            }
            guard !ids.isEmpty else { return sealed }
            try await database.query(
                """
                UPDATE addons a SET sealed_options = t.sealed, options = '{}'::jsonb
                FROM unnest(\(ids)::uuid[], \(boxes)::bytea[]) AS t (id, sealed)
                WHERE a.id = t.id AND a.sealed_options IS NULL
                """,
                logger: logger
            )
            sealed += ids.count
        }
    }
}
