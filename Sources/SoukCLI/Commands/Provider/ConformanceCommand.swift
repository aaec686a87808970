import ArgumentParser
import SoukCore

/// `souk addons:admin:test FILE`: the conformance run, what Heroku's kensa was, for either flavour.
struct ConformanceCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:admin:test",
        abstract: "Check that a provider's endpoints speak the protocol, as Heroku's kensa did.",
        discussion: """
            Against the manifest's test URLs (production ones with --production), it:
            provisions with a fresh uuid and checks the answer (status, JSON, id, config
            names declared, values strings, *_URL values URLs); provisions again with the
            same uuid and expects the same id; changes plan (--plan, else the manifest's
            second plan); signs in with a valid token, an invalid one and a 10-minute-old
            one (403 for both); provisions with a wrong password and with a wrong user
            (401 for both); deprovisions. Each call has 25 seconds. What the run creates
            is removed, whatever fails; any failed check makes the exit status non-zero.
            Example:
              $ souk addons:admin:test manifest.json
              Testing errorbucket (Heroku flavour) at http://localhost:3000/heroku/…
              ✓ provision answers 201 with an id
              ✓ config names are all declared in the manifest
              ✗ plan change to premium answers 200: it answered 500
              …
              11 passed, 1 failed
            """
    )

    @Argument(help: "The manifest file (JSON).")
    var file: String

    @Flag(name: .long, help: "Test the manifest's production URLs instead of its test URLs.")
    var production = false

    @Option(name: .long, help: "The plan to change to (default: the manifest's second plan, else its first).")
    var plan: String?

    func execute() async throws {
        // production URLs must be what the platform would accept; test runs are about the test URLs only
        let manifest = try ManifestFile(path: file).validated(rules: ManifestRules(allowsInsecureURLs: !production))
        let report = try await ConformanceRun.perform(
            manifest: manifest, production: production, plan: plan, platformURL: Credentials.current().baseURL
        )
        if !report.isSuccess { throw ExitCode.failure }
    }
}
