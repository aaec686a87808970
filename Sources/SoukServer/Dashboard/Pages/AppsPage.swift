import SoukCore

/// `/dashboard/apps`: the apps the viewer owns or collaborates on.
struct AppsPage: Sendable {
    struct Row: Sendable {
        var name: String
        var owner: String
        var region: String
        var released: String
    }

    var apps: [Row]
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(viewer: Account, apps: [App]) {
        self.apps = apps.map { app in
            Row(
                name: app.name, owner: app.owner.id == viewer.id ? "you" : app.owner.email, region: app.region.name,
                released: app.releasedAt.map(Dates.minute) ?? "never")
        }
        isEmpty = self.apps.isEmpty
    }
}
