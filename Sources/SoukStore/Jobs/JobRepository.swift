import Foundation
import Logging
import PostgresNIO
import SoukCore

/// The job queue: several Souk processes share it, each claiming due jobs with `FOR UPDATE SKIP LOCKED`,
/// so no job runs twice at once; a job whose worker died is claimed again when its lease runs out.
public struct JobRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Records a job in the caller's transaction. `claimedFor` starts it claimed by the caller (who runs
    /// it straight away) with that lease.
    static func enqueue(
        _ work: JobWork, addonID: UUID, runAt: Date? = nil,
        claimedFor lease: Duration? = nil, on connection: DatabaseConnection, logger: Logger
    ) async throws -> Job {
        let id = UUID()
        let leaseSeconds = lease?.inSeconds
        try await connection.query(
            """
            INSERT INTO jobs (id, kind, addon_id, payload, state, attempts, run_at, lease_until)
            VALUES (
                \(id), \(work.kind.rawValue), \(addonID), \(work.payload)::jsonb,
                CASE WHEN \(leaseSeconds)::float8 IS NULL THEN 'pending' ELSE 'running' END,
                CASE WHEN \(leaseSeconds)::float8 IS NULL THEN 0 ELSE 1 END,
                COALESCE(\(runAt), now()),
                now() + make_interval(secs => \(leaseSeconds)::float8)
            )
            """,
            logger: logger
        )
        return Job(id: id, work: work, addonID: addonID, attempts: lease == nil ? 0 : 1)
    }

    /// Records a job claimed by the caller, who runs it at once.
    public func start(_ work: JobWork, addonID: UUID, lease: Duration, logger: Logger) async throws -> Job {
        try await database.withConnection { connection in
            try await Self.enqueue(work, addonID: addonID, claimedFor: lease, on: connection, logger: logger)
        }
    }

    /// Claims the next due job, if any: pending and due, or running with an expired lease. A job this
    /// Souk can't read (a kind from a newer version) fails rather than blocking the queue.
    public func claim(lease: Duration, logger: Logger) async throws -> Job? {
        while let (row, work) = try await claimRow(lease: lease, logger: logger) {
            if let work { return Job(id: row.id, work: work, addonID: row.addonID, attempts: row.attempts) }
            try await database.query(
                """
                UPDATE jobs SET state = 'failed', lease_until = NULL, last_error = 'this Souk cannot read the job',
                    updated_at = now()
                WHERE id = \(row.id) AND attempts = \(row.attempts) AND state = 'running'
                """,
                logger: logger
            )
        }
        return nil
    }

    private func claimRow(
        lease: Duration, logger: Logger
    ) async throws -> (row: (id: UUID, addonID: UUID, attempts: Int), work: JobWork?)? {
        let seconds = lease.inSeconds
        let rows = try await database.query(
            """
            UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = now(),
                lease_until = now() + make_interval(secs => \(seconds))
            WHERE id = (
                SELECT id FROM jobs
                WHERE state IN ('pending', 'running') AND run_at <= now()
                  AND (state = 'pending' OR lease_until < now())
                ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED
            )
            RETURNING id, kind, addon_id, payload::text, attempts
            """,
            logger: logger
        )
        for try await (id, kind, addonID, payload, attempts) in rows.decode((UUID, String, UUID, String, Int).self) {
            return ((id, addonID, attempts), JobWork(kind: kind, payload: payload))
        }
        return nil
    }

    /// Each write below is fenced by the claim it was started with: `attempts` counts claims, and a running
    /// job's count changes only when another worker claims it. So a write lands only while the caller still
    /// holds the job; otherwise it throws `JobLeaseLost` and its transaction rolls back.
    public func complete(_ job: Job, logger: Logger) async throws {
        try await database.withConnection { connection in
            try await Self.complete(job, on: connection, logger: logger)
        }
    }

    static func complete(_ job: Job, on connection: DatabaseConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            UPDATE jobs SET state = 'done', lease_until = NULL, updated_at = now()
            WHERE id = \(job.id) AND attempts = \(job.attempts) AND state = 'running' RETURNING id
            """,
            logger: logger
        )
        try await Self.requireHeld(job, rows)
    }

    /// Gives up on a job whose outcome is known to be final.
    public func fail(_ job: Job, error: String, logger: Logger) async throws {
        try await database.withConnection { connection in
            try await Self.fail(job, error: error, on: connection, logger: logger)
        }
    }

    static func fail(_ job: Job, error: String, on connection: DatabaseConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            UPDATE jobs SET state = 'failed', lease_until = NULL, last_error = \(String(error.prefix(1000))),
                updated_at = now()
            WHERE id = \(job.id) AND attempts = \(job.attempts) AND state = 'running' RETURNING id
            """,
            logger: logger
        )
        try await Self.requireHeld(job, rows)
    }

    /// Puts a job back in the queue, to run again after `delay`.
    public func retry(_ job: Job, after delay: Duration, error: String, logger: Logger) async throws {
        let rows = try await database.query(
            """
            UPDATE jobs SET state = 'pending', lease_until = NULL, last_error = \(String(error.prefix(1000))),
                run_at = now() + make_interval(secs => \(delay.inSeconds)), updated_at = now()
            WHERE id = \(job.id) AND attempts = \(job.attempts) AND state = 'running' RETURNING id
            """,
            logger: logger
        )
        try await Self.requireHeld(job, rows)
    }

    /// The queue per kind, every kind included (at 0 when none waits): one scan of the due index.
    public func queueLengths(logger: Logger) async throws -> [JobQueueLength] {
        let rows = try await database.query(
            """
            SELECT kind, count(*)::int,
                coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE run_at <= now())), 0)::float8
            FROM jobs WHERE state IN ('pending', 'running') GROUP BY kind
            """,
            logger: logger
        )
        var lengths = Dictionary(
            uniqueKeysWithValues: Job.Kind.allCases.map {
                ($0, JobQueueLength(kind: $0, queued: 0, oldestDueSeconds: 0))
            }
        )
        for try await (kind, queued, oldestDue) in rows.decode((String, Int, Double).self) {
            guard let kind = Job.Kind(rawValue: kind) else { continue }
            lengths[kind] = JobQueueLength(kind: kind, queued: queued, oldestDueSeconds: oldestDue)
        }
        return Job.Kind.allCases.compactMap { lengths[$0] }
    }

    /// Turns a provision whose outcome is unknown into a deprovision, due at once, that first asks the
    /// provider with the same uuid what it made (orphan mitigation).
    static func convertToMitigation(
        _ job: Job, reason: String, on connection: DatabaseConnection, logger: Logger
    ) async throws {
        try await convert(job, to: .deprovision(mitigate: true), reason: reason, on: connection, logger: logger)
    }

    /// Turns a running job into other work, due after `delay`: what must follow a call whose outcome is
    /// unknown, or an operation the provider finishes later.
    public func convert(_ job: Job, to work: JobWork, after delay: Duration, reason: String, logger: Logger)
        async throws
    {
        try await database.withConnection { connection in
            try await Self.convert(job, to: work, after: delay, reason: reason, on: connection, logger: logger)
        }
    }

    static func convert(
        _ job: Job, to work: JobWork, after delay: Duration = .zero, reason: String, on connection: DatabaseConnection,
        logger: Logger
    ) async throws {
        let rows = try await connection.query(
            """
            UPDATE jobs SET kind = \(work.kind.rawValue), state = 'pending', lease_until = NULL,
                run_at = now() + make_interval(secs => \(delay.inSeconds)),
                payload = \(work.payload)::jsonb, last_error = \(String(reason.prefix(1000))), updated_at = now()
            WHERE id = \(job.id) AND attempts = \(job.attempts) AND state = 'running' RETURNING id
            """,
            logger: logger
        )
        try await Self.requireHeld(job, rows)
    }

    private static func requireHeld(_ job: Job, _ rows: some AsyncSequence<PostgresRow, any Error>) async throws {
        for try await _ in rows.decode(UUID.self) { return }
        throw JobLeaseLost(jobID: job.id)
    }
}
