import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("The souk command line for webhooks")
struct WebhooksCLITests {
    @Test(
        "webhooks:add, webhooks, webhooks:update, webhooks:events, webhooks:deliveries, webhooks:remove", .soukDatabase)
    func lifecycle() async throws {
        try await WebhookReceiver.run { receiver in
            try await LiveSouk.run(WebhookTests.testApp()) { baseURL, api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let cli = try CLIRunner(baseURL: baseURL)

                let added = try await cli.run(
                    ["webhooks:add", "-a", app, "-i", "api:release,api:app", "-l", "sync", "-u", receiver.url],
                    key: user.key)
                #expect(added.status == 0, "\(added.stderr)")
                let secret = try #require(
                    (added.stdout + added.stderr).split(separator: "\n").first { $0.contains("Secret:") }?
                        .split(separator: " ").last.map(String.init), "\(added.stdout)\(added.stderr)")
                receiver.expect(secret: secret)
                let refused = try await cli.run(
                    ["webhooks:add", "-a", app, "-i", "api:dyno", "-l", "sync", "-u", receiver.url], key: user.key)
                #expect(refused.status != 0)

                let listed = try await cli.run(["webhooks", "-a", app, "--json"], key: user.key)
                let hooks = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
                let id = try #require(hooks?.first?["id"] as? String, "\(listed.stdout)")
                #expect(try await cli.run(["webhooks", "-a", app], key: user.key).stdout.contains(receiver.url))

                let updated = try await cli.run(["webhooks:update", id, "-a", app, "-l", "notify"], key: user.key)
                #expect(updated.status == 0, "\(updated.stderr)")
                let hook = try await api.call(.get, "/apps/\(app)/webhooks/\(id)", key: user.key).object
                #expect(hook["level"] as? String == "notify")

                _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["A": "1"])
                #expect(try await eventually { receiver.deliveries.count == 1 })
                #expect(receiver.deliveries.first?.signatureValid == true)
                let events = try await cli.run(["webhooks:events", "-a", app], key: user.key)
                #expect(events.stdout.contains("api:release") && events.stdout.contains("create"), "\(events.stdout)")
                #expect(
                    try await eventually {
                        try await cli.run(["webhooks:deliveries", "-a", app], key: user.key).stdout.contains(
                            "succeeded")
                    })

                let removed = try await cli.run(["webhooks:remove", id, "-a", app], key: user.key)
                #expect(removed.status == 0, "\(removed.stderr)")
                #expect(try await api.call(.get, "/apps/\(app)/webhooks", key: user.key).array.isEmpty)
            }
        }
    }
}
