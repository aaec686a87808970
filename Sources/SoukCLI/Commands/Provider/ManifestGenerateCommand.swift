import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:admin:manifest:generate`: a complete starting manifest with a fresh password and SSO salt.
struct ManifestGenerateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:admin:manifest:generate",
        abstract: "Print a starting manifest with a fresh random password and SSO salt.",
        discussion: """
            The manifest passes addons:admin:manifest:validate as printed. Its test URLs
            point at http://localhost:3000; replace the example.com production URLs with
            your own before pushing. Heroku v3 by default, Scalingo's with --flavour.
            Example:
              $ souk addons:admin:manifest:generate --slug errorbucket > manifest.json
              $ souk addons:admin:manifest:validate manifest.json
              manifest.json is a valid Heroku manifest for errorbucket
            """
    )

    @Option(name: .long, help: "The add-on's slug: lowercase letters, digits and dashes.")
    var slug = "myaddon"

    @Option(
        name: .long, help: "heroku or scalingo.",
        transform: { text in
            guard let flavour = ManifestFlavour(rawValue: text), flavour != .osb else {
                throw ValidationError(
                    "--flavour must be heroku or scalingo (a service broker registers with POST /provider/brokers)."
                )
            }
            return flavour
        }
    )
    var flavour: ManifestFlavour = .heroku

    func execute() async throws {
        guard ManifestChecks.isValidSlug(slug) else {
            // in the words the platform would use for that slug
            let probe = JSONValue.object(["id": .string(slug), "api": .object([:])])
            let error = ManifestValidator.validate(probe, rules: ManifestRules()).errors.first { $0.field == "id" }
            throw CLIError.message("--slug \(slug) \(error?.message ?? "is not a valid slug")")
        }
        let text = ManifestTemplate.manifest(flavour: flavour, slug: slug)
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let validation = ManifestValidator.validate(document, rules: ManifestRules())
        guard validation.isValid else {
            throw CLIError.message(ManifestFile.describe(validation.errors, in: "The generated manifest"))
        }
        Terminal.print(text)
    }
}
