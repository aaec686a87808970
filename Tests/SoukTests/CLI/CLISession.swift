import Foundation

/// One customer's runs of the `souk` binary in a test, kept so that the test can check them all at the end
/// (no colour codes anywhere: NO_COLOR is set and nothing is a terminal).
struct CLISession {
    let cli: CLIRunner
    /// SOUK_API_KEY for every run; `nil` leaves it to ~/.netrc.
    var key: String?
    private(set) var outputs: [String] = []

    init(baseURL: String, key: String? = nil) throws {
        cli = try CLIRunner(baseURL: baseURL)
        self.key = key
    }

    mutating func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRunner.Result {
        let result = try await cli.run(arguments, key: key, environment: environment)
        outputs.append(result.stdout + result.stderr)
        return result
    }

    /// Runs a command that must succeed, and returns what it printed.
    mutating func ok(_ arguments: [String], environment: [String: String] = [:]) async throws -> CLIRunner.Result {
        let result = try await run(arguments, environment: environment)
        guard result.status == 0 else {
            throw TestFailure(
                "souk \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)")
        }
        return result
    }

    /// Runs a read command with `--json` and parses what it printed.
    mutating func json(_ arguments: [String]) async throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try await ok(arguments + ["--json"]).stdout.utf8))
    }

    var printedColour: Bool { outputs.contains { $0.contains("\u{1B}[") } }
}

extension CLIRunner.Result {
    /// Failed the way every command fails: non-zero, ` ▸ message` on stderr.
    var failedWithMessage: Bool { status != 0 && stderr.contains(" ▸") }
}
