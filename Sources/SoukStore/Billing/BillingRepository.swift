import Foundation
import Logging
import PostgresNIO
import SoukCore

/// The books (issue #14): the charges of a running month, read from the billing periods and usage as they
/// are; the invoices of closed months, written once by `close` and never changed.
public struct BillingRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Taken shared by usage reports and exclusive by a month's close, so that no usage lands in a month
    /// while it closes: a report waits, then finds the month closed and goes to the next.
    public static let closeLock: Int64 = 0x736F_756B_6269_6C6C

    // MARK: Charges as they run

    /// `account`'s lines for `month` up to `until`: its add-ons' confirmed periods and its usage.
    public func lines(account: UUID, month: BillingMonth, until: Date, logger: Logger) async throws -> [ChargeLine] {
        try await database.withConnection { connection in
            let periods = try await Self.periods(
                in: month, accounts: [account], on: connection, logger: logger
            ).values.flatMap { $0 }
            let usage = try await Self.usage(billedIn: month, accounts: [account], on: connection, logger: logger)
                .values.flatMap { $0 }
            return
                (MonthCharges.lines(for: periods, in: month, until: until)
                + MonthCharges.lines(forUsage: usage, until: until)).sorted(by: ChargeLine.isOrderedBefore)
        }
    }

    static let closeBatch = 2000

    /// Every account with a charge in `month`, in id order.
    static func accounts(billedIn month: BillingMonth, on connection: DatabaseConnection, logger: Logger)
        async throws -> [UUID]
    {
        let rows = try await connection.query(
            """
            SELECT account_id FROM billing_periods
            WHERE confirmed AND account_id IS NOT NULL
              AND started_at < \(month.end) AND (ended_at IS NULL OR ended_at > \(month.start))
            UNION
            SELECT account_id FROM usage_records
            WHERE billing_month = \(month.firstDay)::date AND account_id IS NOT NULL
            ORDER BY 1
            """,
            logger: logger)
        var accounts: [UUID] = []
        for try await account in rows.decode(UUID.self) { accounts.append(account) }
        return accounts
    }

    /// Confirmed periods overlapping `month`, by account; an add-on still provisioning is not charged (yet).
    static func periods(
        in month: BillingMonth, accounts: [UUID], on connection: DatabaseConnection, logger: Logger
    ) async throws -> [UUID: [PlanPeriod]] {
        let rows = try await connection.query(
            """
            SELECT account_id, addon_id, addon_name, app_name, service_id, service_slug, plan_name, price_cents,
                   started_at, ended_at
            FROM billing_periods
            WHERE confirmed AND account_id = ANY(\(accounts))
              AND started_at < \(month.end) AND (ended_at IS NULL OR ended_at > \(month.start))
            """,
            logger: logger)
        var periods: [UUID: [PlanPeriod]] = [:]
        for try await (account, addon, addonName, app, service, slug, plan, price, start, end) in rows.decode(
            (UUID, UUID, String, String, UUID, String, String, Int64, Date, Date?).self)
        {
            periods[account, default: []].append(
                PlanPeriod(
                    addonID: addon, addonName: addonName, appName: app, serviceID: service, serviceName: slug,
                    planName: plan, priceCents: price, start: start, end: end))
        }
        return periods
    }

    /// The usage a month's invoices carry, by account.
    static func usage(
        billedIn month: BillingMonth, accounts: [UUID], on connection: DatabaseConnection, logger: Logger
    ) async throws -> [UUID: [UsageCharge]] {
        let rows = try await connection.query(
            """
            SELECT account_id, addon_id, addon_name, app_name, service_id, service_slug, plan_name, unit, quantity,
                   unit_price_cents, hour
            FROM usage_records
            WHERE billing_month = \(month.firstDay)::date AND account_id = ANY(\(accounts))
            """,
            logger: logger)
        var usage: [UUID: [UsageCharge]] = [:]
        for try await (account, addon, addonName, app, service, slug, plan, unit, quantity, price, hour) in rows.decode(
            (UUID, UUID, String, String, UUID, String, String, String, Int64, Int64, Date).self)
        {
            usage[account, default: []].append(
                UsageCharge(
                    addonID: addon, addonName: addonName, appName: app, serviceID: service, serviceName: slug,
                    planName: plan, unit: unit, quantity: quantity, unitPriceCents: price, hour: hour))
        }
        return usage
    }

    // MARK: Closing a month

    /// Writes every account's invoice for `month`, all in one transaction with the month's close record:
    /// closing twice, or from two processes at once, writes them once. How many invoices the month has, and
    /// whether this call wrote them.
    public func close(_ month: BillingMonth, logger: Logger) async throws -> (invoices: Int, closedNow: Bool) {
        try await database.transaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.closeLock))", logger: logger)
            let claimed = try await connection.query(
                """
                INSERT INTO billing_closes (month, invoices) VALUES (\(month.firstDay)::date, 0)
                ON CONFLICT (month) DO NOTHING RETURNING true
                """,
                logger: logger)
            var fresh = false
            for try await _ in claimed.decode(Bool.self) { fresh = true }
            guard fresh else {
                let rows = try await connection.query(
                    "SELECT invoices FROM billing_closes WHERE month = \(month.firstDay)::date", logger: logger)
                for try await count in rows.decode(Int32.self) { return (Int(count), false) }
                return (0, false)
            }
            // A few thousand accounts at a time: memory stays flat however large the month.
            let accounts = try await Self.accounts(billedIn: month, on: connection, logger: logger)
            for batch in stride(from: 0, to: accounts.count, by: Self.closeBatch) {
                let chunk = Array(accounts[batch..<min(batch + Self.closeBatch, accounts.count)])
                let periods = try await Self.periods(in: month, accounts: chunk, on: connection, logger: logger)
                let usage = try await Self.usage(billedIn: month, accounts: chunk, on: connection, logger: logger)
                let invoices = chunk.map { account in
                    let lines =
                        (MonthCharges.lines(for: periods[account] ?? [], in: month)
                        + MonthCharges.lines(forUsage: usage[account] ?? [])).sorted(by: ChargeLine.isOrderedBefore)
                    return (id: UUID(), account: account, lines: lines)
                }
                try await Self.write(invoices, month: month, on: connection, logger: logger)
            }
            try await connection.query(
                "UPDATE billing_closes SET invoices = \(accounts.count) WHERE month = \(month.firstDay)::date",
                logger: logger)
            return (accounts.count, true)
        }
    }

    /// Invoices and their lines, a few statements per batch whatever its size.
    private static func write(
        _ invoices: [(id: UUID, account: UUID, lines: [ChargeLine])], month: BillingMonth,
        on connection: DatabaseConnection, logger: Logger
    ) async throws {
        let totals = invoices.map { InvoiceTotals(lines: $0.lines) }
        try await connection.query(
            """
            INSERT INTO invoices (id, account_id, month, charges_total, credits_total, total)
            SELECT t.id, t.account, \(month.firstDay)::date, t.charges, t.credits, t.total
            FROM unnest(\(invoices.map(\.id))::uuid[], \(invoices.map(\.account))::uuid[],
                        \(totals.map(\.chargesTotal))::int8[], \(totals.map(\.creditsTotal))::int8[],
                        \(totals.map(\.total))::int8[]) WITH ORDINALITY AS t (id, account, charges, credits, total, n)
            ORDER BY t.n
            """,
            logger: logger)
        var columns = InvoiceLineColumns()
        for invoice in invoices {
            for (position, line) in invoice.lines.enumerated() { columns.append(line, invoice: invoice.id, position) }
        }
        try await connection.query(
            """
            INSERT INTO invoice_lines (
                invoice_id, position, month, addon_id, addon_name, app_name, service_id, service_slug, plan_name,
                kind, price_cents, starts_at, ends_at, seconds, quantity, unit, usage_hour, amount_cents
            )
            SELECT t.invoice, t.position, \(month.firstDay)::date, t.addon, t.addon_name, t.app, t.service, t.slug, t.plan,
                   t.kind, t.price, t.starts, t.ends, t.seconds,
                   CASE WHEN t.kind = 'usage' THEN t.quantity END, CASE WHEN t.kind = 'usage' THEN t.unit END,
                   CASE WHEN t.kind = 'usage' THEN t.hour END, t.amount
            FROM unnest(\(columns.invoices)::uuid[], \(columns.positions)::int4[], \(columns.addons)::uuid[],
                        \(columns.addonNames)::text[], \(columns.apps)::text[], \(columns.services)::uuid[],
                        \(columns.slugs)::text[], \(columns.plans)::text[], \(columns.kinds)::text[],
                        \(columns.prices)::int8[], \(columns.starts)::timestamptz[], \(columns.ends)::timestamptz[],
                        \(columns.seconds)::int8[], \(columns.quantities)::int8[], \(columns.units)::text[],
                        \(columns.hours)::timestamptz[], \(columns.amounts)::int8[])
                 AS t (invoice, position, addon, addon_name, app, service, slug, plan, kind, price, starts, ends,
                       seconds, quantity, unit, hour, amount)
            """,
            logger: logger)
    }

    /// Whether `month`'s invoices are written.
    public func isClosed(_ month: BillingMonth, logger: Logger) async throws -> Bool {
        let rows = try await database.query(
            "SELECT true FROM billing_closes WHERE month = \(month.firstDay)::date", logger: logger)
        for try await _ in rows.decode(Bool.self) { return true }
        return false
    }

    // MARK: Closed invoices

    /// Invoices, newest first, keyset-paged by number: an account's, or any (admins), in one month or all.
    public func invoices(
        account: UUID?, month: BillingMonth?, before: Int64?, limit: Int, logger: Logger
    ) async throws -> [Invoice] {
        let rows = try await database.query(
            """
            SELECT id, number, account_id, to_char(month, 'YYYY-MM'), charges_total, credits_total, total, created_at
            FROM invoices
            WHERE (\(account)::uuid IS NULL OR account_id = \(account))
              AND (\(month?.firstDay)::date IS NULL OR month = \(month?.firstDay)::date)
              AND (\(before)::int8 IS NULL OR number < \(before))
            ORDER BY number DESC LIMIT \(max(0, limit))
            """,
            logger: logger)
        var invoices: [Invoice] = []
        for try await (id, number, account, month, charges, credits, total, created) in rows.decode(
            (UUID, Int64, UUID, String, Int64, Int64, Int64, Date).self)
        {
            guard let month = BillingMonth(month) else { continue }
            invoices.append(
                Invoice(
                    id: id, number: number, accountID: account, month: month,
                    state: .closed, lines: nil,
                    totals: InvoiceTotals(chargesTotal: charges, creditsTotal: credits, total: total),
                    createdAt: created, updatedAt: created))
        }
        return invoices
    }

    /// One closed invoice with its lines; `account` limits it to that account's.
    public func invoice(number: Int64, account: UUID?, logger: Logger) async throws -> Invoice? {
        let rows = try await database.query(
            """
            SELECT i.id, i.account_id, to_char(i.month, 'YYYY-MM'), i.created_at, l.addon_id, l.addon_name, l.app_name, l.service_id,
                   l.service_slug, l.plan_name, l.price_cents, l.starts_at, l.ends_at, l.seconds, l.quantity, l.unit,
                   l.usage_hour, l.amount_cents
            FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id
            WHERE i.number = \(number) AND (\(account)::uuid IS NULL OR i.account_id = \(account))
            ORDER BY l.position
            """,
            logger: logger)
        var found: (id: UUID, account: UUID, month: String, created: Date)?
        var lines: [ChargeLine] = []
        for try await row in rows {
            let head = try row.decode((UUID, UUID, String, Date).self, context: .default)
            found = (head.0, head.1, head.2, head.3)
            let columns = row.makeRandomAccess()
            guard let addon = try columns["addon_id"].decode(UUID?.self) else { continue }
            lines.append(try InvoiceLineColumns.line(columns, addon: addon))
        }
        guard let found, let month = BillingMonth(found.month) else { return nil }
        return Invoice(
            id: found.id, number: number, accountID: found.account, month: month,
            state: .closed, lines: lines, createdAt: found.created, updatedAt: found.created)
    }

    // MARK: Payouts and revenue

    /// Each of a provider's services' gross per closed month (or in `month`), newest first.
    public func payouts(
        provider: UUID?, month: BillingMonth?, share: ProviderShare, logger: Logger
    ) async throws -> [Payout] {
        let rows = try await database.query(
            """
            SELECT to_char(l.month, 'YYYY-MM'), l.service_id, l.service_slug, sum(l.amount_cents)::int8
            FROM invoice_lines l JOIN addon_services s ON s.id = l.service_id
            WHERE (\(provider)::uuid IS NULL OR s.provider_id = \(provider))
              AND (\(month?.firstDay)::date IS NULL OR l.month = \(month?.firstDay)::date)
            GROUP BY l.month, l.service_id, l.service_slug
            ORDER BY l.month DESC, l.service_slug
            """,
            logger: logger)
        var payouts: [Payout] = []
        for try await (text, service, slug, gross) in rows.decode((String, UUID, String, Int64).self) {
            guard let month = BillingMonth(text) else { continue }
            payouts.append(
                Payout(
                    month: month, addonService: NamedReference(id: service, name: slug),
                    grossCents: gross, share: share))
        }
        return payouts
    }

    /// The add-ons behind each of a provider's payouts for `month`, by service.
    public func payoutAddons(provider: UUID, month: BillingMonth, logger: Logger) async throws -> [UUID: [Payout
        .AddonShare]]
    {
        let rows = try await database.query(
            """
            SELECT l.service_id, l.addon_id, min(l.addon_name), sum(l.amount_cents)::int8
            FROM invoice_lines l JOIN addon_services s ON s.id = l.service_id
            WHERE s.provider_id = \(provider) AND l.month = \(month.firstDay)::date
            GROUP BY l.service_id, l.addon_id ORDER BY min(l.addon_name), l.addon_id
            """,
            logger: logger)
        var addons: [UUID: [Payout.AddonShare]] = [:]
        for try await (service, addon, name, gross) in rows.decode((UUID, UUID, String, Int64).self) {
            addons[service, default: []].append(Payout.AddonShare(id: addon, name: name, grossCents: gross))
        }
        return addons
    }
}
