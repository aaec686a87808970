import ArgumentParser
import Foundation
import SoukCore

/// `souk invoices:show NUMBER`: one invoice's totals and lines; `current` is the running month so far.
struct InvoicesShowCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "invoices:show",
        abstract: "Show an invoice with its lines.",
        discussion: """
            NUMBER is a closed invoice's number, or current for the running month so far. A plan line is an
            add-on's time on one plan (per second, capped at the monthly price); a usage line is one hour of
            one metered unit.
            Example:
              $ souk invoices:show 42
              === Invoice 42
              Number:  42
              Period:  2026-11-01 to 2026-12-01
              State:   closed
              Charges: $12.34
              Credits: $0.00
              Total:   $12.34

              Add-on         App       Plan            Usage      From                  To                    Amount
              ─────────────  ────────  ──────────────  ─────────  ────────────────────  ────────────────────  ──────
              eb-brave-1234  ada-blog  eb:basic                   2026-11-01T00:00:00Z  2026-12-01T00:00:00Z  $10.00
              mq-quiet-5678  ada-blog  mq:metered      5 request  2026-11-30T10:00:00Z  2026-11-30T11:00:00Z  $0.25
            """
    )

    @Argument(help: "The invoice's number, or current.")
    var number: String

    @OptionGroup var output: JSONFlag

    /// The invoice as the header and the lines table show it.
    struct Detail: Decodable {
        var number: Int64?
        var periodStart: String
        var periodEnd: String
        var state: Int
        var chargesTotal: Int64
        var creditsTotal: Int64
        var total: Int64
        var lines: [Line]

        enum CodingKeys: String, CodingKey {
            case number, state, total, lines
            case periodStart = "period_start"
            case periodEnd = "period_end"
            case chargesTotal = "charges_total"
            case creditsTotal = "credits_total"
        }
    }

    /// A line's add-on, app and plan by name; `quantity` and `unit` only on usage lines.
    struct Line: Decodable {
        var addon: Named
        var app: Named
        var plan: Named
        var quantity: Int64?
        var unit: String?
        var startsAt: Date
        var endsAt: Date
        var amountCents: Int64

        enum CodingKeys: String, CodingKey {
            case addon, app, plan, quantity, unit
            case startsAt = "starts_at"
            case endsAt = "ends_at"
            case amountCents = "amount_cents"
        }
    }

    struct Named: Decodable {
        var name: String
    }

    func validate() throws {
        guard number == "current" || (Int64(number).map { $0 > 0 } ?? false) else {
            throw ValidationError("NUMBER must be an invoice's number or current.")
        }
    }

    func execute() async throws {
        let client = APIClient()
        let path = "/account/invoices/\(segment(number))"
        if output.json { return try JSONOutput.print(try await client.get(path, as: JSONValue.self)) }
        let invoice: Detail = try await client.get(path)
        let label = invoice.number.map(String.init) ?? "current"
        Terminal.header("Invoice \(label)")
        KeyValues([
            ("Number", label),
            ("Period", "\(invoice.periodStart) to \(invoice.periodEnd)"),
            ("State", invoice.state == 1 ? "closed" : "open"),
            ("Charges", Money.formatted(invoice.chargesTotal)),
            ("Credits", Money.formatted(invoice.creditsTotal)),
            ("Total", Money.formatted(invoice.total)),
        ]).print()
        Terminal.print()
        guard !invoice.lines.isEmpty else { return Terminal.print("No charges.") }
        Table(
            columns: ["Add-on", "App", "Plan", "Usage", "From", "To", "Amount"],
            rows: invoice.lines.map { line in
                [
                    line.addon.name, line.app.name, line.plan.name,
                    line.quantity.map { "\($0) \(line.unit ?? "")" } ?? "",
                    line.startsAt.formatted(.iso8601), line.endsAt.formatted(.iso8601),
                    Money.formatted(line.amountCents),
                ]
            }
        ).print()
    }
}
