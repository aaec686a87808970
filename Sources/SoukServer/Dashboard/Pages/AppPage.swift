import Foundation
import SoukCore

/// `/dashboard/apps/{app}`: everything about one app, in sections.
struct AppPage: Sendable {
    struct ConfigRow: Sendable {
        var key: String
        var value: String
    }

    struct PlanOption: Sendable {
        /// `service:plan`, as the API names plans.
        var slug: String
        var label: String
        var selected: Bool
    }

    struct AddonRow: Sendable {
        var name: String
        var service: String
        var plan: String
        var state: String
        var isProvisioned: Bool
        /// Billed to this app: its plan can change and it can be removed here.
        var isOwned: Bool
        /// Attached from another app: it can be detached here.
        var attachmentID: String?
        var attachedAs: String
        var billedTo: String
        var plans: [PlanOption]
        var message: String?
    }

    struct ReleaseRow: Sendable {
        var version: Int
        var description: String
        var user: String
        var created: String
        var isCurrent: Bool
    }

    struct CollaboratorRow: Sendable {
        var email: String
        var role: String
        var isOwner: Bool
    }

    var name: String
    var owner: String
    var region: String
    var isOwner: Bool
    var configVars: [ConfigRow]
    var addons: [AddonRow]
    var releases: [ReleaseRow]
    var collaborators: [CollaboratorRow]

    init(
        access: AppAccess, viewer: Account, config: [String: String], addons: [Addon], attachments: [Attachment],
        plans: [Plan], releases: [Release], collaborators: [Collaborator]
    ) throws {
        let app = access.app
        name = app.name
        owner = app.owner.email
        region = app.region.name
        isOwner = access.isOwner
        configVars = config.sorted { $0.key < $1.key }.map { ConfigRow(key: $0.key, value: $0.value) }
        let plansByService = Dictionary(grouping: plans, by: \.addonService.id)
        let attachmentsByAddon = Dictionary(grouping: attachments, by: \.addon.id)
        self.addons = addons.map { addon in
            let isOwned = addon.app.id == app.id
            let attachment = attachmentsByAddon[addon.id]?.first
            let slug = Self.planSlug(addon.plan.name)
            return AddonRow(
                name: addon.name, service: addon.addonService.name, plan: slug, state: addon.state.rawValue,
                isProvisioned: addon.state == .provisioned, isOwned: isOwned,
                attachmentID: isOwned ? nil : attachment?.id.uuidString, attachedAs: attachment?.name ?? "",
                billedTo: addon.app.name,
                plans: (plansByService[addon.addonService.id] ?? []).map {
                    PlanOption(
                        slug: $0.name, label: "\($0.humanName) · \(Money.price($0.price))", selected: $0.slug == slug)
                },
                message: addon.provisionMessage)
        }
        self.releases = releases.map {
            ReleaseRow(
                version: $0.version, description: $0.description, user: $0.user?.email ?? "Souk",
                created: Dates.minute($0.createdAt), isCurrent: $0.isCurrent)
        }
        self.collaborators = collaborators.map {
            CollaboratorRow(email: $0.user.email, role: $0.role.rawValue, isOwner: $0.role == .owner)
        }
        hasConfig = !configVars.isEmpty
        hasAddons = !self.addons.isEmpty
    }

    /// Stored: templates see only stored properties.
    let hasConfig: Bool
    /// Stored: templates see only stored properties.
    let hasAddons: Bool

    /// `service:plan` → `plan`.
    static func planSlug(_ name: String) -> String {
        name.split(separator: ":", maxSplits: 1).last.map(String.init) ?? name
    }
}
