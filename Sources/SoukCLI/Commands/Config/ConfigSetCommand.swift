import ArgumentParser
import SoukCore

/// `souk config:set K=V … -a APP`: merges vars into the environment, cutting one release.
struct ConfigSetCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "config:set",
        abstract: "Set one or more config vars.",
        discussion: """
            Example:
              $ souk config:set DEBUG=1 GREETING="hello world" -a ada-blog
              Setting DEBUG, GREETING and restarting ⬢ ada-blog... done, v3
              DEBUG:    1
              GREETING: hello world
            """
    )

    @Argument(help: "KEY=value pairs.")
    var assignments: [String]

    @OptionGroup var app: AppOption

    func execute() async throws {
        let vars = try Self.parse(assignments)
        let name = try app.resolved()
        let client = APIClient()
        let names = vars.keys.sorted()
        _ = try await Progress.run(
            "Setting \(names.joined(separator: ", ")) and restarting ⬢ \(name)", done: Progress.released
        ) {
            let _: [String: String] = try await client.send("PATCH", "/apps/\(segment(name))/config-vars", body: vars)
            return try await client.currentVersion(of: name)
        }
        KeyValues(names.map { ($0, vars[$0] ?? "") }).print()
    }

    /// Checked before anything is sent: every word `KEY=value`, every key a valid name.
    static func parse(_ assignments: [String]) throws -> [String: String] {
        guard !assignments.isEmpty else { throw CLIError.message("Usage: souk config:set KEY=value … -a APP") }
        var vars: [String: String] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw CLIError.message("\(assignment) is invalid. Must be in the format KEY=value.")
            }
            let key = String(assignment[..<equals])
            guard ConfigVarName.isValid(key) else {
                throw CLIError.message(
                    "\(key) is not a valid config var name: use letters, digits and _, not starting with a digit."
                )
            }
            vars[key] = String(assignment[assignment.index(after: equals)...])
        }
        return vars
    }
}
