import ArgumentParser
import SoukCore

/// `souk addons:admin:manifest:validate FILE`: the platform's own validator, offline.
struct ManifestValidateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:admin:manifest:validate",
        abstract: "Check a manifest with the rules the platform applies, without pushing it.",
        discussion: """
            Every problem is listed at once, against its field; warnings never fail the
            check. --allow-insecure accepts http and loopback production URLs, as a
            development platform does; without it, each error it would forgive says so.
            Example:
              $ souk addons:admin:manifest:validate manifest.json
              manifest.json is a valid Heroku manifest for errorbucket
              $ souk addons:admin:manifest:validate broken.json
               ▸    broken.json is not a valid manifest (2 errors):
               ▸      api.password can't be blank
               ▸      api.regions must include us or *
            """
    )

    @Argument(help: "The manifest file (JSON).")
    var file: String

    @Flag(
        name: .long,
        help: "Allow http and loopback or private hosts in production URLs, as a development server does."
    )
    var allowInsecure = false

    func execute() async throws {
        let manifest = try ManifestFile(path: file).validated(rules: ManifestRules(allowsInsecureURLs: allowInsecure))
        Terminal.print(
            "\(file) is a valid \(manifest.flavour.displayName) manifest for \(Terminal.styled(manifest.slug, .green))"
        )
    }
}
