import ArgumentParser
import SoukCore

/// `souk admin:revenue --period YYYY-MM`: a closed month's takings per service, and their sum.
struct AdminRevenueCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "admin:revenue",
        abstract: "Show a closed month's revenue per service (admins only).",
        discussion: """
            Gross is what customers were charged, Fee is Souk's share and Net is paid out to providers.
            Example:
              $ souk admin:revenue --period 2026-11
              === Revenue 2026-11
              Service      Gross   Fee     Net
              ───────────  ──────  ──────  ──────
              errorbucket  $30.00  $6.00   $24.00
              mailqueue    $20.00  $4.00   $16.00
              Total        $50.00  $10.00  $40.00
            """
    )

    @Option(name: .long, help: "The month, YYYY-MM.")
    var period: String

    @OptionGroup var output: JSONFlag

    /// The month's sums and each service's part of them.
    struct Summary: Decodable {
        var grossCents: Int64
        var feeCents: Int64
        var netCents: Int64
        var services: [Service]

        enum CodingKeys: String, CodingKey {
            case services
            case grossCents = "gross_cents"
            case feeCents = "fee_cents"
            case netCents = "net_cents"
        }
    }

    struct Service: Decodable {
        var addonService: NamedReference
        var grossCents: Int64
        var feeCents: Int64
        var netCents: Int64

        enum CodingKeys: String, CodingKey {
            case addonService = "addon_service"
            case grossCents = "gross_cents"
            case feeCents = "fee_cents"
            case netCents = "net_cents"
        }
    }

    func validate() throws {
        guard BillingMonth(period) != nil else {
            throw ValidationError("--period must be a month, YYYY-MM (e.g. 2026-11).")
        }
    }

    func execute() async throws {
        let client = APIClient()
        let path = "/admin/revenue?period=\(segment(period))"
        if output.json { return try JSONOutput.print(try await client.get(path, as: JSONValue.self)) }
        let revenue: Summary = try await client.get(path)
        Terminal.header("Revenue \(period)")
        Table(
            columns: ["Service", "Gross", "Fee", "Net"],
            rows: revenue.services.map { Self.row($0.addonService.name, $0.grossCents, $0.feeCents, $0.netCents) }
                + [Self.row("Total", revenue.grossCents, revenue.feeCents, revenue.netCents)]
        ).print()
    }

    /// A name, then sums in dollars.
    static func row(_ name: String, _ cents: Int64...) -> [String] {
        [name] + cents.map(Money.formatted)
    }
}
