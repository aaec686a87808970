import Foundation
import SoukCore

/// A manifest file as the provider commands read it: its bytes, the JSON document in them, and the verdict of
/// the validator the platform itself applies.
struct ManifestFile {
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

    /// The manifest as `ManifestValidator` reads it. Warnings go to stderr; errors are thrown, every one of them.
    func validated(rules: ManifestRules) throws -> AddonManifest {
        let validation = ManifestValidator.validate(document, rules: rules)
        for warning in validation.warnings {
            Terminal.warn("Warning: \(warning)")
        }
        guard let manifest = validation.manifest else {
            throw CLIError.message(Self.describe(validation.errors, in: path))
        }
        return manifest
    }

    /// `FILE is not a valid manifest (2 errors):` and one indented `field message` line per error.
    static func describe(_ errors: [FieldError], in path: String) -> String {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return (["\(path) is not a valid manifest (\(count)):"] + errors.map { "  \($0.description)" })
            .joined(separator: "\n")
    }
}
