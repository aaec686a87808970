import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:detach ATTACHMENT -a APP`: takes an add-on's config vars out of an app.
struct AddonsDetachCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:detach",
        abstract: "Detach an add-on from an app.",
        discussion: """
            The add-on itself stays on its billing app.
            Example:
              $ souk addons:detach SHARED_BUGS -a ada-shop
              Detaching SHARED_BUGS to bugs-quiet from ⬢ ada-shop... done
              Unsetting SHARED_BUGS config vars and restarting ⬢ ada-shop... done, v8
            """
    )

    @Argument(help: "The attachment's name or id.")
    var attachment: String

    @OptionGroup var app: AppOption

    func execute() async throws {
        let appName = try app.resolved()
        let client = APIClient()
        let found: Attachment = try await client.get(
            "/apps/\(segment(appName))/addon-attachments/\(segment(attachment))"
        )
        let id = found.id.lowercasedString
        _ = try await Progress.run("Detaching \(found.name) to \(found.addon.name) from ⬢ \(appName)") {
            try await client.delete("/addon-attachments/\(id)", as: Attachment.self)
        }
        _ = try await Progress.run(
            "Unsetting \(found.name) config vars and restarting ⬢ \(appName)", done: Progress.released
        ) {
            try await client.currentVersion(of: appName)
        }
    }
}
