import ArgumentParser
import Foundation
import SoukCore

/// `souk webhooks:remove ID -a APP`: deletes the webhook, and with it the record of its deliveries.
struct WebhooksRemoveCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks:remove",
        abstract: "Remove a webhook from an app.",
        discussion: """
            Example:
              $ souk webhooks:remove 5f0c3a8e-2b1d-4c6e-9a7f-1e2d3c4b5a69 -a ada-blog
              Removing webhook 5f0c3a8e-2b1d-4c6e-9a7f-1e2d3c4b5a69 from ⬢ ada-blog... done
            """
    )

    @Argument(help: "The webhook's id (see `souk webhooks`).")
    var id: String

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    func validate() throws {
        guard UUID(uuidString: id) != nil else {
            throw ValidationError("\(id) is not a webhook id: see `souk webhooks -a APP`.")
        }
    }

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let path = "/apps/\(segment(name))/webhooks/\(segment(id))"
        let removed = try await Progress.run("Removing webhook \(id) from ⬢ \(name)") {
            try await client.delete(path, as: JSONValue.self)
        }
        if output.json { try JSONOutput.print(removed) }
    }
}
