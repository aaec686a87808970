import ArgumentParser
import Foundation
import SoukCore

/// `souk webhooks:update ID -a APP [-i …] [-l …] [-u …] [-s …] [-t …]`: changes only the fields given.
struct WebhooksUpdateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks:update",
        abstract: "Change an app's webhook.",
        discussion: """
            Only the options given change; -i replaces the whole list of event kinds.
            Example:
              $ souk webhooks:update 5f0c3a8e-2b1d-4c6e-9a7f-1e2d3c4b5a69 -a ada-blog -i api:release -l notify
              Updating webhook 5f0c3a8e-2b1d-4c6e-9a7f-1e2d3c4b5a69 on ⬢ ada-blog... done
            """
    )

    @Argument(help: "The webhook's id (see `souk webhooks`).")
    var id: String

    @OptionGroup var app: AppOption

    @Option(name: [.short, .long], help: "The event kinds to send, comma-separated (e.g. api:addon,api:release).")
    var include: String?

    @Option(name: [.short, .long], help: "notify (one attempt) or sync (retried until it succeeds).")
    var level: String?

    @Option(name: [.short, .long], help: "Where the events are POSTed.")
    var url: String?

    @Option(name: [.short, .long], help: "The secret that signs each delivery.")
    var secret: String?

    @Option(name: [.customShort("t"), .long], help: "The Authorization header sent with each delivery.")
    var authorization: String?

    @OptionGroup var output: JSONFlag

    func validate() throws {
        guard UUID(uuidString: id) != nil else {
            throw ValidationError("\(id) is not a webhook id: see `souk webhooks -a APP`.")
        }
        guard [include, level, url, secret, authorization].contains(where: { $0 != nil }) else {
            throw ValidationError("Nothing to change: give one or more of -i, -l, -u, -s, -t.")
        }
        try WebhookBody.validate(include: include, level: level)
    }

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let body = WebhookBody(
            include: try include.map(WebhookBody.kinds), level: level, url: url, secret: secret,
            authorization: authorization)
        let path = "/apps/\(segment(name))/webhooks/\(segment(id))"
        let updated = try await Progress.run("Updating webhook \(id) on ⬢ \(name)") {
            try await client.send("PATCH", path, body: body, as: JSONValue.self)
        }
        if output.json { try JSONOutput.print(updated) }
    }
}
