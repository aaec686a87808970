import ArgumentParser
import SoukCore

/// `souk provider:payouts [--period YYYY-MM]`: what your services earned per closed month.
struct ProviderPayoutsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "provider:payouts",
        abstract: "List your payouts per service and closed month.",
        discussion: """
            Gross is what customers were charged, Fee is Souk's share and Net is paid out to you.
            With --period, one month's payouts and the add-ons behind them.
            Example:
              $ souk provider:payouts --period 2026-11
              Period   Service      Gross   Fee    Net
              ───────  ───────────  ──────  ─────  ──────
              2026-11  errorbucket  $30.00  $6.00  $24.00

              === Add-ons in 2026-11
              Add-on         Service      Gross
              ─────────────  ───────────  ──────
              eb-brave-1234  errorbucket  $20.00
              eb-quiet-5678  errorbucket  $10.00
            """
    )

    @Option(name: .long, help: "Only this month (YYYY-MM), with the add-ons behind each payout.")
    var period: String?

    @OptionGroup var output: JSONFlag

    /// A payout as the tables show it; `addons` only for one month.
    struct Row: Decodable {
        var month: String
        var addonService: NamedReference
        var grossCents: Int64
        var feeCents: Int64
        var netCents: Int64
        var addons: [Share]?

        enum CodingKeys: String, CodingKey {
            case month, addons
            case addonService = "addon_service"
            case grossCents = "gross_cents"
            case feeCents = "fee_cents"
            case netCents = "net_cents"
        }
    }

    /// One add-on's part of a payout's gross.
    struct Share: Decodable {
        var name: String
        var grossCents: Int64

        enum CodingKeys: String, CodingKey {
            case name
            case grossCents = "gross_cents"
        }
    }

    func validate() throws {
        if let period, BillingMonth(period) == nil {
            throw ValidationError("--period must be a month, YYYY-MM (e.g. 2026-11).")
        }
    }

    func execute() async throws {
        let client = APIClient()
        let path = "/provider/payouts" + (period.map { "/\(segment($0))" } ?? "")
        if output.json { return try JSONOutput.print(try await client.get(path, as: JSONValue.self)) }
        let payouts: [Row] = try await client.get(path)
        guard !payouts.isEmpty else { return Terminal.print(period.map { "No payouts for \($0)." } ?? "No payouts.") }
        Table(
            columns: ["Period", "Service", "Gross", "Fee", "Net"],
            rows: payouts.map { payout in
                [
                    payout.month, payout.addonService.name, Money.formatted(payout.grossCents),
                    Money.formatted(payout.feeCents), Money.formatted(payout.netCents),
                ]
            }
        ).print()
        guard let period else { return }
        Terminal.print()
        Terminal.header("Add-ons in \(period)")
        Table(
            columns: ["Add-on", "Service", "Gross"],
            rows: payouts.flatMap { payout in
                (payout.addons ?? []).map { [$0.name, payout.addonService.name, Money.formatted($0.grossCents)] }
            }
        ).print()
    }
}
