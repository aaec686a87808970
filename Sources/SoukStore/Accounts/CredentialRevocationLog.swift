import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The log of keys that stopped working (`credential_revocations`), which every Souk process polls so that
/// its authentication cache never serves a revoked key for long. Statements that end a key append to it
/// in their own transaction (`appendSQL`), so a row exists exactly when the revocation committed.
public struct CredentialRevocationLog: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// One poll's answer: revocations from transactions at or after `since`, and the position to ask
    /// from next time (the snapshot's xmin: every transaction before it had finished).
    public struct Poll: Sendable {
        public var position: Int64
        public var revocations: [(seq: Int64, keyDigest: [UInt8]?)]
    }

    /// `since: nil` only learns the position: a process that has just started has nothing cached.
    public func poll(since position: Int64?, logger: Logger) async throws -> Poll {
        let rows = try await database.query(
            """
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, r.seq, r.key_hash
            FROM (SELECT 1) AS now
            LEFT JOIN credential_revocations r ON r.xid >= \(position ?? Int64.max)
            ORDER BY r.seq
            """,
            logger: logger
        )
        var poll = Poll(position: position ?? 0, revocations: [])
        for try await (xmin, seq, digest) in rows.decode((Int64, Int64?, ByteBuffer?).self) {
            poll.position = xmin
            if let seq { poll.revocations.append((seq, digest.map { Array(buffer: $0) })) }
        }
        return poll
    }

    /// Forgets revocations older than any cache entry could be.
    public func prune(olderThan age: Duration, logger: Logger) async throws {
        try await database.query(
            """
            DELETE FROM credential_revocations
            WHERE revoked_at < now() - make_interval(secs => \(age.components.seconds))
            """,
            logger: logger
        )
    }
}
