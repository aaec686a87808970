import SoukCore

/// `/dashboard/provider/payouts`: what each service earned, month by month.
struct PayoutsPage: Sendable {
    struct Row: Sendable {
        var month: String
        var service: String
        var gross: String
        var fee: String
        var net: String
    }

    var payouts: [Row]
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(payouts: [Payout]) {
        self.payouts = payouts.map {
            Row(
                month: $0.month.description, service: $0.addonService.name, gross: Money.dollars($0.grossCents),
                fee: Money.dollars($0.feeCents), net: Money.dollars($0.netCents))
        }
        isEmpty = self.payouts.isEmpty
    }
}
