import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:destroy ADDON --confirm APP`: removes an add-on from its billing app and every app it is attached to.
struct AddonsDestroyCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:destroy",
        abstract: "Permanently destroy an add-on.",
        discussion: """
            --confirm takes the billing app's name; a terminal asks for it.
            Example:
              $ souk addons:destroy bugs-quiet --confirm ada-blog
              Destroying bugs-quiet on ⬢ ada-blog... done
            """
    )

    @Argument(help: "The add-on's name or id, or with -a an attachment's name.")
    var addon: String

    @OptionGroup var app: AppOption

    @Option(name: .long, help: "The billing app's name, to confirm without being asked.")
    var confirm: String?

    func execute() async throws {
        let client = APIClient()
        let found = try await AddonLookup.addon(addon, app: app.optional, client: client)
        let billing = found.app.name
        try Confirmation.require(
            billing, confirm: confirm, warning: "This will destroy \(found.name) on ⬢ \(billing) and its config vars."
        )
        let path = "/apps/\(segment(billing))/addons/\(found.id.lowercasedString)"
        _ = try await Progress.run("Destroying \(found.name) on ⬢ \(billing)") {
            try await client.delete(path, as: Addon.self)
        }
    }
}
