import ArgumentParser
import Foundation
import SoukCore

/// `souk login`: checks an API key against the platform and keeps it in ~/.netrc for that host.
struct LoginCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Store your API key for the platform in ~/.netrc.",
        discussion: """
            The key is read from --api-key, else SOUK_API_KEY, else asked for on the terminal.
            Example:
              $ souk login --api-key souk_…
              Logged in as ada@example.com
            """
    )

    @Option(name: .long, help: "The API key to store.")
    var apiKey: String?

    func execute() async throws {
        var credentials = Credentials.current()
        guard let key = apiKey ?? ProcessInfo.processInfo.environment["SOUK_API_KEY"] ?? Self.prompt() else {
            throw CLIError.message("No API key given.")
        }
        credentials.apiKey = key
        let account: Account = try await APIClient(credentials: credentials).get("/account")
        var netrc = Netrc.load()
        netrc.set(.init(machine: credentials.host, login: account.email, password: key))
        try netrc.save()
        Terminal.print("Logged in as \(Terminal.styled(account.email, .green))")
    }

    static func prompt() -> String? {
        FileHandle.standardError.write(Data("API key: ".utf8))
        return readLine(strippingNewline: true).flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// `souk logout`: forgets the key stored for the platform's host.
struct LogoutCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Remove your API key from ~/.netrc.")

    func execute() async throws {
        var netrc = Netrc.load()
        netrc.remove(machine: Credentials.current().host)
        try netrc.save()
        Terminal.print("Logged out")
    }
}
