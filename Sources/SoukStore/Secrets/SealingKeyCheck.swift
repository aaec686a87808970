import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Start-up's check that the configured keys are the ones the database's secrets were sealed with. Given the
/// wrong `SOUK_ENCRYPTION_KEY`, a process would answer 500 to every read of a secret and seal new ones under a key
/// nothing else opens; it refuses to start instead. One value of each sealed column is looked at, all in one
/// statement: a wrong key is wrong for every row, and a scan of every secret would make start-up as slow as the
/// database is large. A rotation under way passes, with the old key among the previous ones.
public enum SealingKeyCheck {
    /// A sealed value that none of the ring's keys sealed: its column, and its key's id in hex.
    public struct ForeignKey: Sendable, Equatable {
        public let column: String
        public let keyID: String
    }

    /// The first sealed column whose sampled value another key sealed; nil when the ring opens them all.
    public static func foreignKey(in database: Database, secrets: SecretBox, logger: Logger) async throws
        -> ForeignKey?
    {
        let samples = SealedColumn.all.map { column in
            "(SELECT '\(column.name)', substring(\(column.column) FROM 1 FOR \(SecretBox.keyedHeaderLength))"
                + " FROM \(column.table)"
                + " WHERE \(column.column) IS NOT NULL LIMIT 1)"
        }
        let rows = try await database.query(
            PostgresQuery(unsafeSQL: samples.joined(separator: " UNION ALL "), binds: PostgresBindings()),
            logger: logger)
        for try await (column, head) in rows.decode((String, ByteBuffer).self) {
            let bytes = Array(head.readableBytesView)
            guard !secrets.knowsSealingKey(of: bytes), let keyID = SecretBox.sealingKeyID(of: bytes) else { continue }
            return ForeignKey(column: column, keyID: keyID.lowercaseHex)
        }
        return nil
    }
}
