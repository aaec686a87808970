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
            second plan); signs in with a valid token (200, 302 or 303), then expects 403
            for a token signed with another salt, one with its last character changed,
            and timestamps 5 minutes 1 second in the past and in the future (windows run
            from 2 to 5 minutes; a provider that accepts future timestamps lets a token
            live for ever); sends a wrong password, a wrong user, the password with a
            character appended, the password minus its last character and an empty
            password to provision, plan change and deprovision (401 for each);
            deprovisions. A failed check says what the provider does wrong. Each call
            has 25 seconds. What the run creates is removed, whatever fails; any failed
            check makes the exit status non-zero.
            Example:
              $ souk addons:admin:test manifest.json
              Testing errorbucket (Heroku flavour) at http://localhost:3000/heroku/…
              ✓ provision answers 201 with an id
              ✓ config names are all declared in the manifest
              ✗ plan change to premium answers 200: it answered 500
              …
              ✗ provision, plan change and deprovision with the password and a character
                appended answer 401: accepts a password that only starts with the right
                one (`start_with?` instead of an exact, constant-time compare): …
              …
              14 passed, 2 failed
            With --broker URL --username U --password P it checks an Open Service
            Broker instead: its catalog reads as one Souk can register, a wrong
            password answers 401 and API version 2.0 412, provision answers 201 (or
            202, then last_operation succeeds, and a PUT without accepts_incomplete
            answers 422 AsyncRequired), the same PUT again 200, the same id with
            another plan 409, bind 201 with credentials and again 200, unbind 200
            and again 410, deprovision 200 and again 410.
            """
    )

    @Argument(help: "The manifest file (JSON); not with --broker.")
    var file: String?

    @Option(name: .long, help: "Test the Open Service Broker at this URL instead of a manifest's provider.")
    var broker: String?

    @Option(name: .long, help: "With --broker: the Basic auth user Souk calls the broker as.")
    var username: String?

    @Option(name: .long, help: "With --broker: the broker's password.")
    var password: String?

    @Flag(name: .long, help: "Test the manifest's production URLs instead of its test URLs.")
    var production = false

    @Option(name: .long, help: "The plan to change to (default: the manifest's second plan, else its first).")
    var plan: String?

    @Flag(
        name: .long,
        help: "With --production, allow http and loopback or private hosts, as a development server does."
    )
    var allowInsecure = false

    func execute() async throws {
        if let broker {
            guard file == nil, let username, let password else {
                throw CLIError.message("--broker takes --username and --password, and no manifest file.")
            }
            let report = try await BrokerConformanceRun.perform(url: broker, username: username, password: password)
            if !report.isSuccess { throw ExitCode.failure }
            return
        }
        guard let file else { throw CLIError.message("Give a manifest file, or --broker with its credentials.") }
        // production URLs must be what the platform would accept; test runs are about the test URLs only
        let rules = ManifestRules(allowsInsecureURLs: !production || allowInsecure)
        let manifest = try ManifestFile(path: file).validated(rules: rules)
        let report = try await ConformanceRun.perform(
            manifest: manifest, production: production, plan: plan, platformURL: Credentials.current().baseURL
        )
        if !report.isSuccess { throw ExitCode.failure }
    }
}
