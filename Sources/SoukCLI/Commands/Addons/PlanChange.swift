import Foundation
import SoukCore

/// `addons:upgrade` (alias `addons:downgrade`): a change of plan, on the add-on's billing app.
enum PlanChange {
    struct Body: Encodable, Sendable {
        var plan: String
    }

    /// `plan` is `plan` or `service:plan`; `app`, when given, is where `addon` is looked up.
    static func run(addon identifier: String, plan: String, app: String?) async throws {
        let client = APIClient()
        let addon = try await AddonLookup.addon(identifier, app: app, client: client)
        let target = plan.contains(":") ? plan : "\(addon.addonService.name):\(plan)"
        let billing = addon.app.name
        let id = addon.id.lowercasedString
        _ = try await Progress.run("Changing \(addon.name) on ⬢ \(billing) from \(addon.plan.name) to \(target)") {
            try await client.send(
                "PATCH", "/apps/\(segment(billing))/addons/\(id)", body: Body(plan: target), as: Addon.self
            )
        }
    }
}
