import ArgumentParser
import SoukCore

/// `souk addons [-a APP]`: an app's add-ons, or those of every app you can use.
struct AddonsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons",
        abstract: "List add-ons: an app's with -a, else those on all your apps.",
        discussion: """
            Example:
              $ souk addons -a ada-blog
              Add-on             Plan                 State        Billing app
              ─────────────────  ───────────────────  ───────────  ───────────
              errorbucket-quiet  errorbucket:basic    provisioned  ada-blog
            """
    )

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let client = APIClient()
        let appName = app.optional
        let addons: [Addon] = try await client.all(appName.map { "/apps/\(segment($0))/addons" } ?? "/addons")
        if output.json { return try JSONOutput.print(addons) }
        guard !addons.isEmpty else {
            return Terminal.print(appName.map { "No add-ons for app ⬢ \($0)." } ?? "No add-ons on your apps.")
        }
        Table(
            columns: ["Add-on", "Plan", "State", "Billing app"],
            rows: addons.map { [$0.name, $0.plan.name, $0.state.rawValue, $0.app.name] }
        ).print()
    }
}
