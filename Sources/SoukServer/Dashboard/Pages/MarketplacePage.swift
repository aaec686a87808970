import SoukCore

/// `/dashboard/marketplace`: each public service and its plans.
struct MarketplacePage: Sendable {
    struct PlanRow: Sendable {
        var id: String
        var name: String
        var price: String
        var description: String
    }

    struct ServiceCard: Sendable {
        var slug: String
        var name: String
        var state: String
        var plans: [PlanRow]
    }

    var services: [ServiceCard]
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(services: [AddonService], plans: [Plan]) {
        let byService = Dictionary(grouping: plans, by: \.addonService.id)
        self.services = services.map { service in
            ServiceCard(
                slug: service.name, name: service.humanName, state: service.state.rawValue,
                plans: (byService[service.id] ?? []).map(Self.row))
        }
        isEmpty = self.services.isEmpty
    }

    static func row(_ plan: Plan) -> PlanRow {
        PlanRow(id: plan.name, name: plan.humanName, price: Money.price(plan.price), description: plan.description)
    }
}
