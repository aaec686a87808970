import SoukCore

/// `/dashboard/invoices`: this month so far, line by line, then the closed months.
struct InvoicesPage: Sendable {
    struct Line: Sendable {
        var addon: String
        var app: String
        var plan: String
        var period: String
        var amount: String
    }

    struct Row: Sendable {
        var number: String
        var month: String
        var state: String
        var total: String
    }

    var month: String
    var currentTotal: String
    var lines: [Line]
    var invoices: [Row]
    /// Stored: templates see only stored properties.
    let hasLines: Bool
    /// Stored: templates see only stored properties.
    let hasInvoices: Bool

    init(current: Invoice, closed: [Invoice]) {
        month = current.month.description
        currentTotal = Money.dollars(current.totals.total)
        lines = (current.lines ?? []).map {
            Line(
                addon: $0.addonName, app: $0.appName, plan: "\($0.serviceName):\($0.planName)",
                period: "\(Dates.minute($0.from)) – \(Dates.minute($0.to))", amount: Money.dollars($0.amountCents))
        }
        invoices = closed.map {
            Row(
                number: $0.number.map { "#\($0)" } ?? "–", month: $0.month.description, state: "\($0.state)",
                total: Money.dollars($0.totals.total))
        }
        hasLines = !lines.isEmpty
        hasInvoices = !invoices.isEmpty
    }
}
