import ArgumentParser
import Foundation

/// A client command: `execute()` does the work; errors become ` ▸ message` on stderr and exit code 1.
public protocol CLICommand: AsyncParsableCommand {
    func execute() async throws
}

extension CLICommand {
    public func run() async throws {
        do {
            try await execute()
        } catch let error as CLIError {
            Terminal.error(error.description)
            throw ExitCode.failure
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.error(String(describing: error))
            throw ExitCode.failure
        }
    }
}

/// `-a/--app APP`, wherever an app is meant; `SOUK_APP` supplies it otherwise.
public struct AppOption: ParsableArguments {
    @Option(name: [.short, .long], help: "The app to act on.")
    public var app: String?

    public init() {}

    public func resolved() throws -> String {
        guard let app = app ?? ProcessInfo.processInfo.environment["SOUK_APP"], !app.isEmpty else {
            throw CLIError.message("Missing required flag: -a, --app APP (or set SOUK_APP).")
        }
        return app
    }
}

/// `--json`, on every read command.
public struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print the API's JSON instead of a table.")
    public var json = false

    public init() {}
}

/// Percent-encodes a path segment (names, emails, ids).
func segment(_ value: String) -> String {
    value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
        ?? value
}
