import SoukCore

/// `/dashboard/marketplace/{service}`: one service's plans and the form that installs it on an app.
struct ServicePage: Sendable {
    struct PlanOption: Sendable {
        var slug: String
        var label: String
        var selected: Bool
    }

    struct AppOption: Sendable {
        var name: String
    }

    var slug: String
    var name: String
    var state: String
    var plans: [MarketplacePage.PlanRow]
    var planOptions: [PlanOption]
    var apps: [AppOption]
    /// Stored: templates see only stored properties.
    let hasApps: Bool

    init(service: AddonService, plans: [Plan], apps: [String]) {
        slug = service.name
        name = service.humanName
        state = service.state.rawValue
        self.plans = plans.map(MarketplacePage.row)
        planOptions = plans.map {
            PlanOption(slug: $0.slug, label: "\($0.humanName) · \(Money.price($0.price))", selected: $0.isDefault)
        }
        self.apps = apps.map(AppOption.init)
        hasApps = !self.apps.isEmpty
    }
}
