import ArgumentParser
import SoukCore

/// `souk authorizations:create`: a new API key, e.g. one per CI system, revocable on its own.
struct AuthorizationsCreateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "authorizations:create",
        abstract: "Create an API key (OAuth authorization); its token is shown this once.",
        discussion: """
            Example:
              $ souk authorizations:create --description "CI deploys" --expires-in 2592000
              Creating OAuth Authorization... done
              ID:          9a1f5b0c-7f0e-4c1d-9a51-2d8e4c3b7a10
              Description: CI deploys
              Scope:       global
              Token:       souk_…
            """
    )

    struct Body: Encodable, Sendable {
        var description: String?
        var expiresIn: Int?

        enum CodingKeys: String, CodingKey {
            case description
            case expiresIn = "expires_in"
        }
    }

    @Option(name: [.short, .long], help: "What the key is for.")
    var description: String?

    @Option(name: [.short, .customLong("expires-in")], help: "Seconds until the key stops working (at most a year).")
    var expiresIn: Int?

    @Flag(name: [.customShort("S"), .long], help: "Print the token only.")
    var short = false

    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let client = APIClient()
        let body = Body(description: description, expiresIn: expiresIn)
        let authorization = try await Progress.run("Creating OAuth Authorization") {
            try await client.send("POST", "/oauth/authorizations", body: body, as: Authorization.self)
        }
        if output.json { return try JSONOutput.print(authorization) }
        if short { return Terminal.print(authorization.accessToken.token ?? "") }
        authorization.printInfo()
    }
}
