import Foundation
import PostgresNIO
import SoukCore

/// One batch of hand-off records (`SSOIssuanceLog`), one row per element of the arrays. Prepared: every hand-off
/// waits for the batch its row is in, and parsing and planning the statement afresh cost PostgreSQL as much as a
/// fifth of running it. Each array is read through a sub-select so that PostgreSQL keeps the plan it made once
/// (see `ConfigWriteStatement`).
struct SSOIssuanceStatement: PostgresPreparedStatement {
    static let name = "souk_sso_issuances"
    static let sql = """
        INSERT INTO sso_issuances (id, addon_id, account_id, context_app_id, method)
        SELECT * FROM unnest(
            (SELECT $1::uuid[]), (SELECT $2::uuid[]), (SELECT $3::uuid[]), (SELECT $4::uuid[]), (SELECT $5::text[])
        )
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuidArray, .uuidArray, .uuidArray, .uuidArray, .textArray]
    typealias Row = PostgresRow

    var issuances: [SSOIssuanceLog.Issuance]
    /// When the batch is written: the rows' ids begin with it.
    var now: Date

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 5)
        bindings.append(issuances.map { _ in UUID.timeOrdered(at: now) })
        bindings.append(issuances.map(\.addonID))
        bindings.append(issuances.map(\.accountID))
        bindings.append(issuances.map(\.contextAppID))
        bindings.append(issuances.map(\.method.rawValue))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        row
    }
}
