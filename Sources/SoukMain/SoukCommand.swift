import ArgumentParser
import SoukCLI

@main
struct SoukCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "souk",
        abstract: "Souk, the add-on marketplace platform: its server, and the command line to drive it.",
        discussion: """
            Point the client commands at a platform with SOUK_API_URL (default http://127.0.0.1:5000)
            and authenticate with `souk login` or SOUK_API_KEY.
            """,
        subcommands: [ServeCommand.self, MigrateCommand.self, RotateKeyCommand.self] + SoukCLI.commands
    )
}
