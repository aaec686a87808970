import ArgumentParser

/// `souk config -a APP`: the app's environment.
struct ConfigCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show an app's config vars.",
        discussion: """
            Example:
              $ souk config -a ada-blog
              === ada-blog Config Vars
              DATABASE_URL: postgres://…
              DEBUG:        1
            """
    )

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let name = try app.resolved()
        let vars: [String: String] = try await APIClient().get("/apps/\(segment(name))/config-vars")
        if output.json { return try JSONOutput.print(vars) }
        Terminal.header("\(name) Config Vars")
        KeyValues(vars.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }).print()
    }
}
