import ArgumentParser
import SoukCore

/// `souk admin:services:state SLUG STATE`: moves a service through alpha, beta, ga and shutdown.
struct AdminServiceStateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "admin:services:state",
        abstract: "Move an add-on service to another state (admins only).",
        discussion: """
            alpha: only its provider sees it. beta and ga: in the public catalog (ga needs
            a public plan). shutdown: no new installs; existing add-ons keep working.
            Example:
              $ souk admin:services:state errorbucket ga
              Moving errorbucket to ga... done
              errorbucket is now ga
            """
    )

    @Argument(help: "The service's slug.")
    var slug: String

    @Argument(help: "\(states).")
    var state: String

    static var states: String { ServiceState.allCases.map(\.rawValue).joined(separator: ", ") }

    func validate() throws {
        guard ServiceState(rawValue: state) != nil else {
            throw ValidationError("STATE must be one of \(Self.states).")
        }
    }

    func execute() async throws {
        let client = APIClient()
        let (slug, state) = (slug, state)
        let updated: ProviderAddonService = try await Progress.run("Moving \(slug) to \(state)") {
            try await client.send("PATCH", "/admin/addon-services/\(segment(slug))", body: ["state": state])
        }
        Terminal.print("\(updated.service.name) is now \(Terminal.styled(updated.service.state.rawValue, .green))")
    }
}
