import ArgumentParser
import SoukCore

/// `souk invoices`: the running month so far, then the closed invoices, newest first.
struct InvoicesCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices",
        abstract: "List your invoices: the running month, then the closed ones.",
        discussion: """
            The running month (current) is charged up to now and grows until the month closes.
            --json prints the same rows: the running month (without its lines), then the closed invoices.
            Example:
              $ souk invoices
              Number   Period   Total
              ───────  ───────  ──────
              current  2026-12  $3.10
              42       2026-11  $12.34
            """
    )

    @OptionGroup var output: JSONFlag

    /// What the table shows of an invoice.
    struct Summary: Decodable {
        var number: Int64?
        var month: String
        var total: Int64
    }

    func execute() async throws {
        let client = APIClient()
        if output.json {
            var current: [String: JSONValue] = try await client.get("/account/invoices/current")
            current["lines"] = nil
            let closed: [JSONValue] = try await client.all("/account/invoices")
            return try JSONOutput.print([JSONValue.object(current)] + closed)
        }
        let current: Summary = try await client.get("/account/invoices/current")
        let closed: [Summary] = try await client.all("/account/invoices")
        Table(
            columns: ["Number", "Period", "Total"],
            rows: ([current] + closed).map { invoice in
                [invoice.number.map(String.init) ?? "current", invoice.month, Money.formatted(invoice.total)]
            }
        ).print()
    }
}
