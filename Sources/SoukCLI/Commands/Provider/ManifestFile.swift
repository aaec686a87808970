import Foundation
import SoukCore

/// A manifest file as the provider commands read it: its bytes, the JSON document in them, and the verdict of
/// the validator the platform itself applies.
struct ManifestFile {
    /// Appended to each error only the development policy would forgive, so the way out is in the message.
    static let insecureHint = "(use --allow-insecure to accept http:// and loopback URLs, as a development server does)"

    let path: String
    let data: Data
    let document: JSONValue

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.message("Could not read \(path).")
        }
        guard let document = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            throw CLIError.message("\(path) is not valid JSON.")
        }
        self.path = path
        self.data = data
        self.document = document
    }

    /// The manifest as `ManifestValidator` reads it. Warnings go to stderr; errors are thrown, every one of them,
    /// those that `--allow-insecure` would accept saying so.
    func validated(rules: ManifestRules) throws -> AddonManifest {
        let validation = ManifestValidator.validate(document, rules: rules)
        for warning in validation.warnings {
            Terminal.warn("Warning: \(warning)")
        }
        guard let manifest = validation.manifest else {
            let forgiven = forgivenErrors(validation, rules)
            throw CLIError.message(Self.describe(validation.errors, in: path, forgiven: forgiven))
        }
        return manifest
    }

    /// The errors the development policy does not report: found by validating again under it, so the hint
    /// follows the validator's rules rather than the wording of its messages.
    func forgivenErrors(_ validation: ManifestValidation, _ rules: ManifestRules) -> [FieldError] {
        guard !rules.allowsInsecureURLs else { return [] }
        var development = rules
        development.allowsInsecureURLs = true
        let remaining = ManifestValidator.validate(document, rules: development).errors
        return validation.errors.filter { !remaining.contains($0) }
    }

    /// `FILE is not a valid manifest (2 errors):` and one indented `field message` line per error, those in
    /// `forgiven` followed by `insecureHint`.
    static func describe(_ errors: [FieldError], in path: String, forgiven: [FieldError] = []) -> String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        let lines = errors.map { error in
            "  \(error.description)" + (forgiven.contains(error) ? " \(insecureHint)" : "")
        }
        return (["\(path) is not a valid manifest (\(count)):"] + lines).joined(separator: "\n")
    }
}
