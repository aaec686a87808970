import ArgumentParser
import Foundation
import SoukCore

/// `souk admin:addons`: every add-on on the platform, newest first.
struct AdminAddonsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "admin:addons",
        abstract: "List add-ons across the platform (admins only).",
        discussion: """
            Newest first, 100 unless --limit says otherwise; filters combine.
            Example:
              $ souk admin:addons --service eb --state provisioned --limit 2
              Add-on         Plan        App       State        Created
              ─────────────  ──────────  ────────  ───────────  ────────────────────
              eb-brave-1234  eb:basic    ada-blog  provisioned  2026-11-23T07:00:00Z
              eb-quiet-5678  eb:premium  bob-shop  provisioned  2026-11-22T18:30:00Z
            """
    )

    @OptionGroup var filters: AdminListingOptions
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let addons: [Addon] = try await filters.fetch("/admin/addons", client: APIClient())
        if output.json { return try JSONOutput.print(addons) }
        guard !addons.isEmpty else { return Terminal.print("No add-ons.") }
        Table(
            columns: ["Add-on", "Plan", "App", "State", "Created"],
            rows: addons.map { addon in
                [
                    addon.name, addon.plan.name, addon.app.name, addon.state.rawValue,
                    addon.createdAt.formatted(.iso8601),
                ]
            }
        ).print()
    }
}
