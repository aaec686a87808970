import ArgumentParser
import Foundation
import SoukCore

/// `souk webhooks:events -a APP`: what happened to the app, as its webhooks are told, newest first.
struct WebhooksEventsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks:events",
        abstract: "List an app's webhook events, newest first.",
        discussion: """
            --json adds each event's payload: the resource as the API shows it, and
            the old values of the fields that changed.
            Example:
              $ souk webhooks:events -a ada-blog
              ID                                    Include      Action  Created
              ────────────────────────────────────  ───────────  ──────  ────────────────────
              8b0d2f4a-6c8e-4a1b-9d3f-5e7a9c1b3d52  api:release  create  2026-11-23T07:05:00Z
              3d5f7b9a-1c2e-4d4f-8a6b-0c2e4f6a8b94  api:addon    update  2026-11-23T07:00:00Z
            """
    )

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    /// What the table shows of an event.
    struct Event: Decodable {
        var id: UUID
        var include: String
        var payload: Payload
        var createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, include, payload
            case createdAt = "created_at"
        }
    }

    struct Payload: Decodable {
        var action: String
    }

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let path = "/apps/\(segment(name))/webhook-events"
        if output.json { return try JSONOutput.print(try await client.all(path, as: JSONValue.self)) }
        let events: [Event] = try await client.all(path)
        guard !events.isEmpty else { return Terminal.print("No webhook events for app ⬢ \(name).") }
        Table(
            columns: ["ID", "Include", "Action", "Created"],
            rows: events.map {
                [$0.id.lowercasedString, $0.include, $0.payload.action, $0.createdAt.formatted(.iso8601)]
            }
        ).print()
    }
}
