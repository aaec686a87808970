import ArgumentParser
import SoukCore

/// `souk addons:attach ADDON --as NAME -a APP`: shares an add-on with another app.
struct AddonsAttachCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:attach",
        abstract: "Attach an existing add-on to an app.",
        discussion: """
            The add-on's config vars appear in the app under the attachment's
            name. Replacing vars or an attachment the app already has needs
            --confirm APP (asked on a terminal).
            Example:
              $ souk addons:attach bugs-quiet --as SHARED_BUGS -a ada-shop
              Attaching bugs-quiet as SHARED_BUGS to ⬢ ada-shop... done
              Setting SHARED_BUGS config vars and restarting ⬢ ada-shop... done, v7
            """
    )

    struct Body: Encodable, Sendable {
        var addon: String
        var app: String
        var name: String?
        var confirm: String?
    }

    @Argument(help: "The add-on's name or id.")
    var addon: String

    @Option(name: .customLong("as"), help: "The attachment's name (default: the service's prefix).")
    var attachment: String?

    @OptionGroup var app: AppOption

    @Option(name: .long, help: "The app's name, to overwrite existing config vars without being asked.")
    var confirm: String?

    func execute() async throws {
        let appName = try app.resolved()
        let client = APIClient()
        let action = "Attaching \(addon)\(attachment.map { " as \($0)" } ?? "") to ⬢ \(appName)"
        let base = Body(addon: addon, app: appName, name: attachment)
        let attached = try await Confirmation.retrying(app: appName, confirm: confirm) { confirm in
            var body = base
            body.confirm = confirm
            return try await Progress.run(action) { [body] in
                try await client.send("POST", "/addon-attachments", body: body, as: Attachment.self)
            }
        }
        _ = try await Progress.run(
            "Setting \(attached.name) config vars and restarting ⬢ \(appName)", done: Progress.released
        ) {
            try await client.currentVersion(of: appName)
        }
    }
}
