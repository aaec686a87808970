import ArgumentParser
import SoukCore

/// `souk addons:services`: the marketplace catalog.
struct AddonsServicesCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:services",
        abstract: "List the add-on services you can install.",
        discussion: """
            Example:
              $ souk addons:services
              Slug         Name         State
              ───────────  ───────────  ─────
              errorbucket  ErrorBucket  ga
            """
    )

    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let services: [AddonService] = try await APIClient().all("/addon-services")
        if output.json { return try JSONOutput.print(services) }
        Table(
            columns: ["Slug", "Name", "State"],
            rows: services.map { [$0.name, $0.humanName, $0.state.rawValue] }
        ).print()
    }
}
