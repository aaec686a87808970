import ArgumentParser
import SoukCore

/// `souk addons:plans SERVICE`: what a service offers, and at what price.
struct AddonsPlansCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:plans",
        abstract: "List a service's plans.",
        discussion: """
            Example:
              $ souk addons:plans errorbucket
                       Slug                 Name     Price
              ───────  ───────────────────  ───────  ────────────
              default  errorbucket:basic    Basic    free
                       errorbucket:premium  Premium  $10.00/month
            """
    )

    @Argument(help: "The service's slug.")
    var service: String

    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let plans: [Plan] = try await APIClient().all("/addon-services/\(segment(service))/plans")
        if output.json { return try JSONOutput.print(plans) }
        Table(
            columns: ["", "Slug", "Name", "Price"],
            rows: plans.map { [$0.isDefault ? "default" : "", $0.name, $0.humanName, $0.price.formatted] }
        ).print()
    }
}
