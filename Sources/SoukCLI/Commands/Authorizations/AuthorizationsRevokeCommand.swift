import ArgumentParser
import SoukCore

/// `souk authorizations:revoke ID`: the key stops working at once, on every Souk process.
struct AuthorizationsRevokeCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "authorizations:revoke",
        abstract: "Revoke an API key (OAuth authorization).",
        discussion: """
            Your last key can't be revoked: create another first.
            Example:
              $ souk authorizations:revoke 9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10
              Revoking OAuth Authorization 9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10... done
            """
    )

    @Argument(help: "The authorization's id (see `souk authorizations`).")
    var id: String

    func execute() async throws {
        let client = APIClient()
        _ = try await Progress.run("Revoking OAuth Authorization \(id)") {
            try await client.delete("/oauth/authorizations/\(segment(id))", as: Authorization.self)
        }
    }
}
