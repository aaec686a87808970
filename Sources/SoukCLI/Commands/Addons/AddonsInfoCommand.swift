import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:info ADDON`: one add-on, with where it is attached.
struct AddonsInfoCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:info",
        abstract: "Show an add-on's details.",
        discussion: """
            ADDON is its name or id, or with -a an attachment's name in that app.
            Example:
              $ souk addons:info errorbucket-quiet
              === errorbucket-quiet
              Attachments:  ada-blog::ERRORBUCKET
              Billing app:  ada-blog
              Config vars:  ERRORBUCKET_URL
              Installed at: 2026-11-23T07:00:00Z
              Plan:         errorbucket:basic
              Price:        free
              State:        provisioned
            """
    )

    @Argument(help: "The add-on's name or id, or an attachment's name.")
    var addon: String

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let client = APIClient()
        let found = try await AddonLookup.addon(addon, app: app.optional, client: client)
        if output.json { return try JSONOutput.print(found) }
        let id = found.id.lowercasedString
        let attachments: [Attachment] = try await client.all("/addons/\(id)/addon-attachments")
        let plan = try? await client.get("/plans/\(found.plan.id.lowercasedString)", as: Plan.self)
        Terminal.header(found.name)
        KeyValues([
            ("Attachments", attachments.map { "\($0.app.name)::\($0.name)" }.sorted().joined(separator: ", ")),
            ("Billing app", found.app.name),
            ("Config vars", found.configVars.joined(separator: ", ")),
            ("Installed at", found.createdAt.formatted(.iso8601)),
            ("Plan", found.plan.name),
            ("Price", plan?.price.formatted ?? ""),
            ("State", found.state.rawValue),
        ]).print()
    }
}
