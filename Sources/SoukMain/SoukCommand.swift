import ArgumentParser

@main
struct SoukCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "souk",
        abstract: "Souk, the add-on marketplace platform.",
        subcommands: [ServeCommand.self, MigrateCommand.self]
    )
}
