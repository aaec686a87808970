import ArgumentParser
import Foundation
import SoukCore

/// `souk webhooks:deliveries -a APP`: how the app's events fared at its webhooks, newest first.
struct WebhooksDeliveriesCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks:deliveries",
        abstract: "List the deliveries of an app's webhook events, newest first.",
        discussion: """
            Status is pending, scheduled, retrying (failed, with attempts to come),
            failed or succeeded. Last code is the last attempt's HTTP status, or its
            error class when no answer came (timeout, connection_refused, tls,
            connection_error).
            Example:
              $ souk webhooks:deliveries -a ada-blog
              ID                                    Status     Attempts  Next attempt          Last code  Event include
              ────────────────────────────────────  ─────────  ────────  ────────────────────  ─────────  ─────────────
              c2f4e6a8-1b3d-4f5a-8c7e-9d0b2a4c6e81  retrying   3         2026-11-23T07:09:00Z  503        api:release
              7e9a1c3b-5d7f-4a2c-9e4b-6f8a0c2e4d17  succeeded  1                               200        api:addon
            """
    )

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    /// What the table shows of a delivery.
    struct Delivery: Decodable {
        var id: UUID
        var event: Event
        var status: String
        var numAttempts: Int
        var nextAttemptAt: Date?
        var lastAttempt: Attempt?

        enum CodingKeys: String, CodingKey {
            case id, event, status
            case numAttempts = "num_attempts"
            case nextAttemptAt = "next_attempt_at"
            case lastAttempt = "last_attempt"
        }
    }

    struct Event: Decodable {
        var include: String
    }

    /// `code` is nil when no HTTP answer came; `error_class` then says why.
    struct Attempt: Decodable {
        var code: Int?
        var errorClass: String?

        enum CodingKeys: String, CodingKey {
            case code
            case errorClass = "error_class"
        }
    }

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let path = "/apps/\(segment(name))/webhook-deliveries"
        if output.json { return try JSONOutput.print(try await client.all(path, as: JSONValue.self)) }
        let deliveries: [Delivery] = try await client.all(path)
        guard !deliveries.isEmpty else { return Terminal.print("No webhook deliveries for app ⬢ \(name).") }
        Table(
            columns: ["ID", "Status", "Attempts", "Next attempt", "Last code", "Event include"],
            rows: deliveries.map { delivery in
                [
                    delivery.id.lowercasedString, delivery.status, String(delivery.numAttempts),
                    delivery.nextAttemptAt?.formatted(.iso8601) ?? "",
                    delivery.lastAttempt.map { attempt in attempt.code.map(String.init) ?? attempt.errorClass ?? "" }
                        ?? "",
                    delivery.event.include,
                ]
            }
        ).print()
    }
}
