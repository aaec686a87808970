import Foundation
import HTTPTypes
import NIOHTTP1
import SoukCore
import Testing

@Suite("Webhook deliveries survive a crash")
struct WebhookCrashTests {
    @Test("Killed mid-delivery with another event pending: both arrive after the restart, in order", .soukDatabase)
    func killed() async throws {
        try await WebhookReceiver.run { receiver in
            let testApp = WebhookTests.testApp()
            let (key, app) = try await testApp.run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/webhooks", key: user.key,
                    json: ["include": ["api:release"], "level": "sync", "url": receiver.url, "secret": "crash-secret"])
                guard created.status == .created else { throw TestFailure("webhook: \(created.text)") }
                return (user.key, app)
            }
            receiver.expect(secret: "crash-secret")
            receiver.answer(.hang(.seconds(3)))
            let souk = try await SoukProcess.forCrashTests()
            defer { souk.kill() }
            let first = souk.send(.PATCH, "/apps/\(app)/config-vars", key: key, body: #"{"FIRST": "1"}"#)
            await first.value
            let second = souk.send(.PATCH, "/apps/\(app)/config-vars", key: key, body: #"{"SECOND": "2"}"#)
            await second.value
            // The first delivery is on its way (the receiver holds it) when Souk dies.
            try await Task.sleep(for: .milliseconds(500))
            souk.kill()

            try await testApp.run { api in
                let delivered = try await eventually(timeout: .seconds(30)) {
                    let deliveries = try await api.call(.get, "/apps/\(app)/webhook-deliveries", key: key).array
                    return deliveries.count == 2 && deliveries.allSatisfy { $0["status"] as? String == "succeeded" }
                }
                #expect(delivered)
            }
            let received = receiver.deliveries
            #expect(received.allSatisfy { $0.signatureValid })
            let descriptions = received.compactMap { ($0.body["data"] as? [String: Any])?["description"] as? String }
            // At least once: the attempt cut short may arrive twice (same delivery id); order holds.
            #expect(descriptions.last?.contains("SECOND") == true, "\(descriptions)")
            #expect(descriptions.filter { $0.contains("SECOND") }.count == 1, "\(descriptions)")
            #expect(descriptions.first?.contains("FIRST") == true, "\(descriptions)")
            let ids = received.map { $0.headers[HTTPField.Name("Heroku-Webhook-Id")!] ?? "" }
            #expect(Set(ids).count == 2, "\(ids)")
        }
    }
}
