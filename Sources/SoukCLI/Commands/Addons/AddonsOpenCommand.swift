import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:open ADDON`: signs you in to the add-on's dashboard at its provider.
struct AddonsOpenCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:open",
        abstract: "Open an add-on's dashboard, signed in.",
        discussion: """
            A provider that signs in by link gets the link opened; one that
            takes a POSTed form gets a local page, readable by you only, that
            posts it. Both hold a short-lived token. --show-url prints the link
            or the page's path instead of opening it.
            Example:
              $ souk addons:open BUGS -a ada-blog
              Opening bugs-quiet...
            """
    )

    @Argument(help: "The add-on's name or id, or with -a an attachment's name.")
    var addon: String

    @OptionGroup var app: AppOption

    @Flag(name: .customLong("show-url"), help: "Print the link or the page's path instead of opening it.")
    var showURL = false

    func execute() async throws {
        let client = APIClient()
        let appName = app.optional
        let found = try await AddonLookup.addon(addon, app: appName, client: client)
        let id = found.id.lowercasedString
        let handOff: SSOHandOff = try await client.get(
            appName.map { "/apps/\(segment($0))/addons/\(id)/sso" } ?? "/addons/\(id)/sso"
        )
        let target = handOff.method == .get ? handOff.action : try SSOPage(handOff: handOff).write()
        let opened = !showURL && Browser.open(target)
        Terminal.print(opened ? "Opening \(found.name)..." : target)
        if !opened || handOff.method == .post {
            let holder = handOff.method == .get ? "This link" : opened ? "The page opened" : "This page"
            Terminal.warn("\(holder) holds a short-lived sign-in token for \(found.name): don't share it.")
        }
    }
}
