import Foundation
import PostgresNIO

/// An add-on's first billing period, unconfirmed, priced from its plan (`BillingLedger.open`). Prepared: every
/// install runs it, and its three-table insert cost more to plan than to run.
struct OpenBillingPeriodStatement: PostgresPreparedStatement {
    static let name = "souk_open_billing_period"
    static let sql = """
        INSERT INTO billing_periods (
            id, addon_id, account_id, addon_name, app_name, service_id, service_slug, plan_id, plan_name,
            price_cents, started_at
        )
        SELECT $1, a.id, a.owner_id, a.name, a.app_name, s.id, s.slug, pl.id, pl.name,
               CASE WHEN pl.metered THEN 0 ELSE pl.price_cents END, $2
        FROM addons a JOIN addon_services s ON s.id = a.service_id JOIN plans pl ON pl.id = a.plan_id
        WHERE a.id = $3
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .timestamptz, .uuid]
    typealias Row = Void

    var addon: UUID
    var startedAt: Date

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(UUID())
        bindings.append(startedAt)
        bindings.append(addon)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws {}
}
