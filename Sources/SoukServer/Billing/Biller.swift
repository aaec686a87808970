import Foundation
import Logging
import SoukCore
import SoukStore

/// What people see of the books: customers their invoices and the running month, providers their payouts,
/// admins every invoice, the revenue, and the close of a month.
struct Biller: Sendable {
    let billing: BillingRepository
    let share: ProviderShare
    let clock: any SoukClock

    /// The running month so far, live add-ons included: it never decreases within the month.
    func current(for account: Account, logger: Logger) async throws -> Invoice {
        let now = clock.now()
        let month = BillingMonth(containing: now)
        let lines = try await billing.lines(account: account.id, month: month, until: now, logger: logger)
        return Invoice(
            id: nil, number: nil, accountID: account.id, month: month, state: .open, lines: lines, createdAt: now,
            updatedAt: now)
    }

    func invoices(for account: Account, logger: Logger) async throws -> [Invoice] {
        try await billing.invoices(account: account.id, month: nil, before: nil, limit: 1000, logger: logger)
    }

    /// One of the account's invoices by number; `current` is the running month.
    func invoice(_ number: String, for account: Account, logger: Logger) async throws -> Invoice {
        if number == "current" { return try await current(for: account, logger: logger) }
        guard let number = Int64(number),
            let invoice = try await billing.invoice(number: number, account: account.id, logger: logger)
        else { throw SoukError.notFound("Couldn't find that invoice.") }
        return invoice
    }

    /// Every invoice (admins), newest first, optionally one account's or one month's.
    func invoices(account: UUID?, month: BillingMonth?, before: Int64?, limit: Int, logger: Logger) async throws
        -> [Invoice]
    {
        try await billing.invoices(account: account, month: month, before: before, limit: limit, logger: logger)
    }

    /// Closes `month`: its invoices are written once. A month still running can't close.
    func close(_ month: BillingMonth, logger: Logger) async throws -> (invoices: Int, closedNow: Bool) {
        guard month.end <= clock.now() else {
            throw SoukError.invalidParams(
                "\(month) has not ended yet; it can be closed from \(Invoice.day(month.end)).")
        }
        let start = ContinuousClock.now
        let (invoices, closedNow) = try await billing.close(month, logger: logger)
        if closedNow {
            logger.info(
                "Month closed",
                metadata: [
                    "month": .string(month.description), "invoices": .stringConvertible(invoices),
                    "seconds": .stringConvertible((ContinuousClock.now - start).inSeconds),
                ])
        }
        return (invoices, closedNow)
    }

    /// A provider's payouts, per service and closed month; with `month`, that month's with the add-ons behind
    /// each.
    func payouts(for provider: Account, month: BillingMonth?, logger: Logger) async throws -> [Payout] {
        var payouts = try await billing.payouts(provider: provider.id, month: month, share: share, logger: logger)
        guard let month else { return payouts }
        let addons = try await billing.payoutAddons(provider: provider.id, month: month, logger: logger)
        for index in payouts.indices { payouts[index].addons = addons[payouts[index].addonService.id] ?? [] }
        return payouts
    }

    /// A closed month's revenue per service.
    func revenue(_ month: BillingMonth, logger: Logger) async throws -> Revenue {
        Revenue(
            month: month, services: try await billing.payouts(provider: nil, month: month, share: share, logger: logger)
        )
    }
}
