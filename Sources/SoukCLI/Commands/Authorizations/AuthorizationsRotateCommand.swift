import ArgumentParser
import SoukCore

/// `souk authorizations:rotate ID`: a new token for the key; the old token stops working at once.
struct AuthorizationsRotateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "authorizations:rotate",
        abstract: "Give an API key (OAuth authorization) a new token.",
        discussion: """
            Example:
              $ souk authorizations:rotate 9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10
              Rotating OAuth Authorization 9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10... done
              ID:          9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10
              Description: CI deploys
              Scope:       global
              Token:       souk_…
            """
    )

    struct Empty: Encodable, Sendable {}

    @Argument(help: "The authorization's id (see `souk authorizations`).")
    var id: String

    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let client = APIClient()
        let path = "/oauth/authorizations/\(segment(id))/actions/regenerate"
        let authorization = try await Progress.run("Rotating OAuth Authorization \(id)") {
            try await client.send("POST", path, body: Empty(), as: Authorization.self)
        }
        if output.json { return try JSONOutput.print(authorization) }
        authorization.printInfo()
    }
}
