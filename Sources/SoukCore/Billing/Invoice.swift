import Foundation

/// An account's bill for one month, in Heroku's Invoice shape (`period_start`, `period_end`, `state`,
/// `charges_total`, `credits_total`, `total`, in cents) with its lines. A closed invoice has an id and a
/// number and never changes; the running month's has neither and grows until the month closes.
public struct Invoice: Encodable, Sendable, Equatable {
    /// Heroku's `state`: 0 while the month runs, 1 once closed.
    public enum State: Int, Sendable {
        case open = 0
        case closed = 1
    }

    public var id: UUID?
    public var number: Int64?
    /// The account billed.
    public var accountID: UUID
    public var month: BillingMonth
    public var state: State
    public var totals: InvoiceTotals
    /// `nil` in listings, which show totals only.
    public var lines: [ChargeLine]?
    public var createdAt: Date
    public var updatedAt: Date

    /// `totals` are the lines' sums unless given (a listing without lines).
    public init(
        id: UUID?, number: Int64?, accountID: UUID, month: BillingMonth, state: State, lines: [ChargeLine]?,
        totals: InvoiceTotals? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.number = number
        self.accountID = accountID
        self.month = month
        self.state = state
        self.totals = totals ?? InvoiceTotals(lines: lines ?? [])
        self.lines = lines
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, number, month, state, total, lines, account
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case chargesTotal = "charges_total"
        case creditsTotal = "credits_total"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id?.lowercasedString, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(["id": accountID.lowercasedString], forKey: .account)
        try container.encode(month, forKey: .month)
        try container.encode(Self.day(month.start), forKey: .periodStart)
        try container.encode(Self.day(month.end), forKey: .periodEnd)
        try container.encode(state.rawValue, forKey: .state)
        try container.encode(totals.chargesTotal, forKey: .chargesTotal)
        try container.encode(totals.creditsTotal, forKey: .creditsTotal)
        try container.encode(totals.total, forKey: .total)
        if let lines { try container.encode(lines.map(InvoiceLine.init), forKey: .lines) }
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
    }

    /// `2026-11-01`: the period's days, the end being the first day after it, as Heroku's invoices give them.
    public static func day(_ date: Date) -> String {
        let month = BillingMonth(containing: date)
        let day = Int(date.timeIntervalSince(month.start) / 86_400) + 1
        return "\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}

extension BillingMonth {
    /// `2026-11-01`: how the month is bound to a PostgreSQL `date`, free of any session time zone.
    public var firstDay: String { Invoice.day(start) }
}
