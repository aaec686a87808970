import ArgumentParser
import Foundation
import SoukCore

/// `souk authorizations`: your API keys, without their tokens.
struct AuthorizationsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "authorizations",
        abstract: "List your API keys (OAuth authorizations).",
        discussion: """
            Example:
              $ souk authorizations
              Description              ID                                    Scope
              ───────────────────────  ────────────────────────────────────  ──────
              CI deploys               9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10  global
              Created with the account 01c4b6c1-5c02-4a8e-8f53-6a1b8e2e0d44  global
            """
    )

    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let authorizations: [Authorization] = try await APIClient().all("/oauth/authorizations")
        if output.json { return try JSONOutput.print(authorizations) }
        guard !authorizations.isEmpty else { return Terminal.print("No authorizations.") }
        Table(
            columns: ["Description", "ID", "Scope"],
            rows: authorizations.map {
                [$0.description, $0.id.lowercasedString, $0.scope.joined(separator: ",")]
            }
        ).print()
    }
}
