import Foundation
import SoukCore

/// `/dashboard/admin/addons` and `/dashboard/admin/attachments`: every row on the platform, filtered as the
/// API filters, newest first, a keyset page at a time.
struct AdminListPage: Sendable {
    struct Row: Sendable {
        var id: String
        var name: String
        var addon: String
        var app: String
        var service: String
        var plan: String
        var state: String
        var created: String
    }

    struct StateOption: Sendable {
        var value: String
        var selected: Bool
    }

    var isAddons: Bool
    var service: String
    var app: String
    var owner: String
    var states: [StateOption]
    var rows: [Row]
    var next: String?
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(filter: AdminFilter, isAddons: Bool, rows: [Row], hasMore: Bool, limit: Int) {
        self.isAddons = isAddons
        service = filter.service ?? ""
        app = filter.app ?? ""
        owner = filter.ownerEmail ?? ""
        states = ["", "provisioning", "provisioned", "deprovisioned"].map {
            StateOption(value: $0, selected: $0 == (filter.state?.rawValue ?? ""))
        }
        self.rows = rows
        next = hasMore ? rows.last.map { Self.link(filter, isAddons: isAddons, after: $0.id, limit: limit) } : nil
        isEmpty = self.rows.isEmpty
    }

    static func link(_ filter: AdminFilter, isAddons: Bool, after: String, limit: Int) -> String {
        var components = URLComponents()
        components.path = isAddons ? "/dashboard/admin/addons" : "/dashboard/admin/attachments"
        let items: [(String, String?)] = [
            ("service", filter.service), ("app", filter.app), ("owner", filter.ownerEmail),
            ("state", filter.state?.rawValue), ("after", after), ("limit", String(limit)),
        ]
        components.queryItems = items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        return components.string ?? components.path
    }

    static func row(_ addon: Addon) -> Row {
        Row(
            id: addon.id.lowercasedString, name: addon.name, addon: addon.name, app: addon.app.name,
            service: addon.addonService.name, plan: AppPage.planSlug(addon.plan.name), state: addon.state.rawValue,
            created: Dates.minute(addon.createdAt))
    }

    static func row(_ attachment: Attachment) -> Row {
        Row(
            id: attachment.id.lowercasedString, name: attachment.name, addon: attachment.addon.name,
            app: attachment.app.name, service: "", plan: "", state: "", created: Dates.minute(attachment.createdAt))
    }
}
