/// What an invoice adds up to, in cents: its charges, less its credits.
public struct InvoiceTotals: Sendable, Hashable, Codable {
    public var chargesTotal: Int64
    public var creditsTotal: Int64
    public var total: Int64

    public init(chargesTotal: Int64, creditsTotal: Int64, total: Int64) {
        self.chargesTotal = chargesTotal
        self.creditsTotal = creditsTotal
        self.total = total
    }

    /// Totals are sums of lines, each already rounded, so an invoice's lines always add up to its total.
    /// There are no credits yet.
    public init(lines: [ChargeLine]) {
        let charges = lines.reduce(0) { $0 + $1.amountCents }
        self.init(chargesTotal: charges, creditsTotal: 0, total: charges)
    }
}
