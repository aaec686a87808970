import ArgumentParser
import SoukCore

/// `souk webhooks -a APP`: the app's webhooks, oldest first.
struct WebhooksCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "List an app's webhooks.",
        discussion: """
            Secrets and authorizations are never shown.
            Example:
              $ souk webhooks -a ada-blog
              ID                                    Level   Include                URL
              ────────────────────────────────────  ──────  ─────────────────────  ────────────────────────────────
              5f0c3a8e-2b1d-4c6e-9a7f-1e2d3c4b5a69  sync    api:addon,api:release  https://hooks.example.com/souk
              0a7d2e41-9c3b-4f18-8e65-b2c4d6f8a013  notify  api:app                https://ci.example.com/hooks/app
            """
    )

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let path = "/apps/\(segment(name))/webhooks"
        if output.json { return try JSONOutput.print(try await client.all(path, as: JSONValue.self)) }
        let webhooks: [WebhookSummary] = try await client.all(path)
        guard !webhooks.isEmpty else { return Terminal.print("No webhooks for app ⬢ \(name).") }
        Table(
            columns: ["ID", "Level", "Include", "URL"],
            rows: webhooks.map { [$0.id.lowercasedString, $0.level, $0.include.joined(separator: ","), $0.url] }
        ).print()
    }
}
