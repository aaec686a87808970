import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Deleting a broker")
struct BrokerDeletionTests {
    let testApp = TestApp.forAddons()

    @Test(
        "Refused while an add-on lives; then its services stop taking add-ons, and registering again revives them",
        .soukDatabase)
    func deletes() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (brokerID, providerKey) = try await broker.register(on: api)
                let promoted = try await api.call(
                    .patch, "/admin/addon-services/\(broker.slug)", key: api.adminKey, json: ["state": "ga"])
                #expect(promoted.status == .ok, "\(promoted.text)")
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(broker.slug):small"])
                let addon = try #require(created.object["id"] as? String, "\(created.text)")

                let stranger = try await api.createUser()
                #expect(
                    try await api.call(.delete, "/provider/brokers/\(brokerID)", key: stranger.key).status == .notFound)
                let refused = try await api.call(.delete, "/provider/brokers/\(brokerID)", key: providerKey)
                #expect(refused.status == .conflict, "\(refused.text)")
                #expect((refused.object["message"] as? String)?.contains("1 live add-on") == true)

                #expect(try await api.call(.delete, "/apps/\(app)/addons/\(addon)", key: user.key).status == .ok)
                let deleted = try await api.call(.delete, "/provider/brokers/\(brokerID)", key: providerKey)
                #expect(deleted.status == .ok, "\(deleted.text)")
                #expect(try await api.call(.get, "/provider/brokers/\(brokerID)", key: providerKey).status == .notFound)
                #expect(try await api.call(.get, "/provider/brokers", key: providerKey).array.isEmpty)
                let service = try await api.call(.get, "/provider/addon-services/\(broker.slug)", key: providerKey)
                #expect(service.object["state"] as? String == "shutdown", "\(service.text)")
                let refusedAddon = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(broker.slug):small"])
                #expect(refusedAddon.status.code >= 400 && refusedAddon.status.code < 500, "\(refusedAddon.text)")
                #expect(broker.requests(for: .provision).count == 1)

                let again = try await api.call(
                    .post, "/provider/brokers", key: providerKey,
                    json: ["name": "fake", "url": broker.url, "username": broker.username, "password": broker.password])
                #expect(again.status == .created, "\(again.text)")
                let services = again.object["services"] as? [[String: Any]] ?? []
                #expect(services.compactMap { $0["name"] as? String } == [broker.slug])
                let revived = try await api.call(.get, "/provider/addon-services/\(broker.slug)", key: providerKey)
                #expect(revived.object["state"] as? String == "alpha", "\(revived.text)")
            }
        }
    }
}
