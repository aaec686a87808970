import ArgumentParser
import SoukCore

/// `souk config:unset K … -a APP`: removes vars, cutting one release.
struct ConfigUnsetCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "config:unset",
        abstract: "Remove one or more config vars.",
        discussion: """
            Example:
              $ souk config:unset DEBUG GREETING -a ada-blog
              Unsetting DEBUG, GREETING and restarting ⬢ ada-blog... done, v4
            """
    )

    @Argument(help: "The config vars' names.")
    var keys: [String]

    @OptionGroup var app: AppOption

    func execute() async throws {
        guard !keys.isEmpty else { throw CLIError.message("Usage: souk config:unset KEY … -a APP") }
        if let invalid = keys.first(where: { !ConfigVarName.isValid($0) }) {
            throw CLIError.message("\(invalid) is not a valid config var name.")
        }
        let name = try app.resolved()
        let client = APIClient()
        let patch = Dictionary(keys.map { ($0, String?.none) }) { first, _ in first }
        _ = try await Progress.run(
            "Unsetting \(keys.joined(separator: ", ")) and restarting ⬢ \(name)", done: Progress.released
        ) {
            let _: [String: String] = try await client.send("PATCH", "/apps/\(segment(name))/config-vars", body: patch)
            return try await client.currentVersion(of: name)
        }
    }
}
