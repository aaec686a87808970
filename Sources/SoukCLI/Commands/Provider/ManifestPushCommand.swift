import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:admin:manifest:push FILE`: creates the service, or updates it with a new manifest version.
struct ManifestPushCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:admin:manifest:push",
        abstract: "Push a manifest: create the add-on service, or update it to a new manifest version.",
        discussion: """
            The platform validates the manifest and keeps every version. A new service
            starts in alpha, seen only by you until an admin promotes it. A refused
            manifest lists every problem against its field.
            Example:
              $ souk addons:admin:manifest:push manifest.json
              Pushing manifest.json... done
              Created errorbucket (Heroku flavour): manifest version 1, state alpha
            """
    )

    @Argument(help: "The manifest file (JSON).")
    var file: String

    func execute() async throws {
        let manifest = try ManifestFile(path: file)
        let client = APIClient()
        let data = manifest.data
        // sent as written: the platform keeps every version exactly as pushed
        let response = try await Progress.run("Pushing \(file)") {
            try await client.send("POST", "/provider/manifests", json: data)
        }
        let pushed: ProviderAddonService
        do {
            pushed = try SoukJSON.makeDecoder().decode(ProviderAddonService.self, from: response.body)
        } catch {
            throw CLIError.message("Unexpected answer from \(client.credentials.baseURL): \(error)")
        }
        for warning in pushed.warnings ?? [] {
            Terminal.warn("Warning: \(warning)")
        }
        let name = Terminal.styled(pushed.service.name, .green)
        let details = "manifest version \(pushed.manifestVersion), state \(pushed.service.state.rawValue)"
        if response.status == 201 {
            Terminal.print("Created \(name) (\(pushed.flavour.displayName) flavour): \(details)")
        } else {
            Terminal.print("Updated \(name): \(details)")
        }
    }
}
