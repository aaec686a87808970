import Foundation
import Logging
import PostgresNIO
import SoukCore

/// The billing periods of add-ons, written inside the transaction of the state change that causes each
/// (issue #14): a crash, a retry or a second Souk process can neither charge twice nor forget a charge.
/// An add-on's first period is opened with it, by `InstallAddonStatement`, and confirmed when it becomes
/// provisioned, by `MarkProvisionedStatement`: its time since provisioning started is then charged.
enum BillingLedger {
    /// The add-on's period ends at `instant` (its removal); a period never confirmed goes: an add-on that never
    /// became provisioned is not charged at all.
    static func close(_ addon: UUID, at instant: Date, on connection: DatabaseConnection, logger: Logger) async throws {
        try await connection.query(
            "DELETE FROM billing_periods WHERE addon_id = \(addon) AND NOT confirmed", logger: logger)
        try await connection.query(
            """
            UPDATE billing_periods SET ended_at = GREATEST(\(instant), started_at)
            WHERE addon_id = \(addon) AND ended_at IS NULL
            """,
            logger: logger)
    }

    /// The add-on moved to its current plan at `instant`: the old period ends and a new one opens, each
    /// prorated on its own.
    static func changePlan(_ addon: UUID, at instant: Date, on connection: DatabaseConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            WITH ended AS (
                UPDATE billing_periods SET ended_at = GREATEST(\(instant), started_at)
                WHERE addon_id = \(addon) AND ended_at IS NULL
                RETURNING confirmed, ended_at
            )
            INSERT INTO billing_periods (
                id, addon_id, account_id, addon_name, app_name, service_id, service_slug, plan_id, plan_name,
                price_cents, started_at, confirmed
            )
            SELECT \(UUID()), a.id, a.owner_id, a.name, a.app_name, s.id, s.slug, pl.id, pl.name,
                   CASE WHEN pl.metered THEN 0 ELSE pl.price_cents END, ended.ended_at, ended.confirmed
            FROM addons a JOIN addon_services s ON s.id = a.service_id JOIN plans pl ON pl.id = a.plan_id, ended
            WHERE a.id = \(addon)
            """,
            logger: logger)
    }
}
