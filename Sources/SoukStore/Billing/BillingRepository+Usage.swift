import Foundation
import Logging
import PostgresNIO
import SoukCore

extension BillingRepository {
    /// Records a batch of one hour's usage for add-ons of `service`, in one transaction. Each usage is
    /// accepted (`nil`) or refused with its reason: the add-on is not the service's, was not live on a plan
    /// metered in that unit during the hour, or the hour was reported already (never counted twice). Usage of
    /// a month already closed goes on the first invoice still open, keeping its hour.
    public func record(
        _ usages: [UsageReport], hour: Date, service: UUID, logger: Logger
    ) async throws -> [String?] {
        try await database.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock_shared(\(Self.closeLock))", logger: logger)
            let billedIn = try await Self.openMonth(
                from: BillingMonth(containing: hour), on: connection, logger: logger)
            let live = try await Self.meteredPeriods(
                usages.map(\.addonID), hour: hour, service: service, on: connection, logger: logger)
            var outcomes: [String?] = []
            var accepted: [(index: Int, usage: UsageReport, period: MeteredPeriod)] = []
            var seen: Set<String> = []
            for (index, usage) in usages.enumerated() {
                guard let periods = live[usage.addonID] else {
                    outcomes.append("The add-on is not one of this service's, or was not live during that hour.")
                    continue
                }
                guard let period = periods.last(where: { $0.unit == usage.unit }) else {
                    let units = Set(periods.map(\.unit)).sorted().joined(separator: ", ")
                    outcomes.append("The add-on's plan is not metered in \(usage.unit) (it counts \(units)).")
                    continue
                }
                guard seen.insert("\(usage.addonID)/\(usage.unit)").inserted else {
                    outcomes.append("This batch reports that add-on's \(usage.unit) twice.")
                    continue
                }
                outcomes.append(nil)
                accepted.append((index, usage, period))
            }
            guard !accepted.isEmpty else { return outcomes }
            let rows = try await connection.query(
                """
                INSERT INTO usage_records (
                    id, addon_id, account_id, addon_name, app_name, service_id, service_slug, plan_name, hour, unit,
                    quantity, unit_price_cents, billing_month
                )
                SELECT gen_random_uuid(), p.addon_id, p.account_id, p.addon_name, p.app_name, p.service_id,
                       p.service_slug, p.plan_name, \(hour), t.unit, t.quantity, t.price, \(billedIn.firstDay)::date
                FROM unnest(\(accepted.map(\.period.periodID))::uuid[], \(accepted.map(\.usage.unit))::text[],
                            \(accepted.map(\.usage.quantity))::int8[], \(accepted.map(\.period.unitPrice))::int8[])
                     AS t (period, unit, quantity, price)
                JOIN billing_periods p ON p.id = t.period
                ON CONFLICT (addon_id, hour, unit) DO NOTHING
                RETURNING addon_id, unit
                """,
                logger: logger)
            var recorded: Set<String> = []
            for try await (addon, unit) in rows.decode((UUID, String).self) { recorded.insert("\(addon)/\(unit)") }
            for entry in accepted where !recorded.contains("\(entry.usage.addonID)/\(entry.usage.unit)") {
                outcomes[entry.index] = "That hour's \(entry.usage.unit) of the add-on was reported already."
            }
            return outcomes
        }
    }

    /// A period on a metered plan, live during the reported hour.
    struct MeteredPeriod {
        var periodID: UUID
        var unit: String
        var unitPrice: Int64
    }

    /// The confirmed periods of `addons` of `service` overlapping the hour, on metered plans, oldest first.
    private static func meteredPeriods(
        _ addons: [UUID], hour: Date, service: UUID, on connection: DatabaseConnection, logger: Logger
    ) async throws -> [UUID: [MeteredPeriod]] {
        let rows = try await connection.query(
            """
            SELECT p.id, p.addon_id, pl.price_unit, pl.price_cents::int8
            FROM billing_periods p JOIN plans pl ON pl.id = p.plan_id
            WHERE p.addon_id = ANY(\(Array(Set(addons)))) AND p.service_id = \(service) AND p.confirmed
              AND pl.metered AND p.started_at < \(hour.addingTimeInterval(3600))
              AND (p.ended_at IS NULL OR p.ended_at > \(hour))
            ORDER BY p.started_at
            """,
            logger: logger)
        var periods: [UUID: [MeteredPeriod]] = [:]
        for try await (id, addon, unit, price) in rows.decode((UUID, UUID, String, Int64).self) {
            periods[addon, default: []].append(MeteredPeriod(periodID: id, unit: unit, unitPrice: price))
        }
        return periods
    }

    /// `month`, or the first month after it that is not closed.
    private static func openMonth(
        from month: BillingMonth, on connection: DatabaseConnection, logger: Logger
    ) async throws -> BillingMonth {
        let rows = try await connection.query(
            """
            SELECT to_char(month, 'YYYY-MM') FROM billing_closes WHERE month >= \(month.firstDay)::date ORDER BY month
            """,
            logger: logger)
        var closed: Set<BillingMonth> = []
        for try await text in rows.decode(String.self) { BillingMonth(text).map { _ = closed.insert($0) } }
        var open = month
        while closed.contains(open) { open = open.next }
        return open
    }
}
