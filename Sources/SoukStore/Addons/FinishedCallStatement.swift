import Foundation
import PostgresNIO

/// What follows a provider's answer to a job, in one statement: the job done (fenced by its claim, `held` says
/// whether it still was), the call logged, and the add-on's row locked and read (`AddonRow.columns`, null when
/// the add-on is gone). Prepared: every install runs it after its provision call. Its first two parts are
/// `JobRepository.complete` and `ProviderCallRepository.record`, which the other state changes use: a change
/// to the job's fence or the call's columns goes to both.
struct FinishedCallStatement: PostgresPreparedStatement {
    static let name = "souk_finished_call"
    static let sql = """
        WITH job AS (
            UPDATE jobs SET state = 'done', lease_until = NULL, updated_at = now()
            WHERE id = $2 AND attempts = $3 AND state = 'running' RETURNING id
        ), call AS (
            INSERT INTO provider_calls
                (id, service_id, addon_id, job_id, method, url, status, duration_ms, error, warnings)
            SELECT $4, $5, $1, $2, $6, $7, $8, $9, $10, $11 WHERE $4::uuid IS NOT NULL
        )
        SELECT r.*, $2::uuid IS NULL OR EXISTS (SELECT FROM job) AS held
        FROM (SELECT) AS one LEFT JOIN LATERAL (
            SELECT \(AddonRow.columns) FROM addons a \(AddonRow.joins) WHERE a.id = $1 FOR UPDATE OF a
        ) r ON true
        """
    static let bindingDataTypes: [PostgresDataType] = [
        .uuid, .uuid, .int8, .uuid, .uuid, .text, .text, .int8, .float8, .text, .textArray,
    ]
    typealias Row = PostgresRow

    var addon: UUID
    var job: Job?
    var call: ProviderCallRepository.Entry?
    /// The service the call went to; no call is logged without it.
    var serviceID: UUID?

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(addon)
        bindings.append(job?.id)
        bindings.append(job?.attempts)
        let logged = serviceID == nil ? nil : call
        bindings.append(logged.map { _ in UUID() })
        bindings.append(serviceID)
        bindings.append(logged?.method)
        bindings.append(logged.map { String($0.url.prefix(2000)) })
        bindings.append(logged?.status)
        bindings.append(logged?.durationMilliseconds)
        bindings.append(logged?.error.map { String($0.prefix(1000)) })
        bindings.append(logged?.warnings)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
