import ArgumentParser

/// `souk config:get KEY -a APP`: one value, alone on its line, for scripts.
struct ConfigGetCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "config:get",
        abstract: "Print one config var's value.",
        discussion: """
            Exits non-zero when the var is not set.
            Example:
              $ souk config:get DEBUG -a ada-blog
              1
            """
    )

    @Argument(help: "The config var's name.")
    var key: String

    @OptionGroup var app: AppOption

    func execute() async throws {
        let name = try app.resolved()
        let vars: [String: String] = try await APIClient().get("/apps/\(segment(name))/config-vars")
        guard let value = vars[key] else { throw CLIError.message("\(key) is not set on ⬢ \(name).") }
        Terminal.print(value)
    }
}
