import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("A broker's catalog read again")
struct BrokerRefreshTests {
    let testApp = TestApp.forAddons()

    static func plans(_ api: API, slug: String, key: String) async throws -> [String: String] {
        let plans = try await api.call(.get, "/provider/addon-services/\(slug)/plans", key: key).array
        return Dictionary(
            uniqueKeysWithValues: plans.compactMap { plan -> (String, String)? in
                guard let name = plan["name"] as? String, let state = plan["state"] as? String else { return nil }
                return (name, state)
            })
    }

    @Test(
        "Refresh keeps slugs, adds plans, deprecates plans gone (an add-on on one keeps working)", .soukDatabase)
    func refresh() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (id, key) = try await broker.register(on: api)
                _ = try await api.call(
                    .patch, "/admin/addon-services/\(broker.slug)", key: api.adminKey, json: ["state": "ga"])
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(broker.slug):large"])
                #expect(created.status == .created, "\(created.text)")

                broker.offer(
                    name: "Renamed Service", plans: [(FakeBroker.planID, "small-renamed"), ("plan-3", "medium")])
                let refreshed = try await api.call(.post, "/provider/brokers/\(id)/refresh", key: key)
                #expect(refreshed.status == .ok, "\(refreshed.text)")
                let services = refreshed.object["services"] as? [[String: Any]]
                #expect(services?.compactMap { $0["name"] as? String } == [broker.slug])
                let plans = try await Self.plans(api, slug: broker.slug, key: key)
                #expect(
                    plans == [
                        "\(broker.slug):small": "public", "\(broker.slug):large": "deprecated",
                        "\(broker.slug):medium": "public",
                    ], "\(plans)")
                let addons = try await api.call(.get, "/apps/\(app)/addons", key: user.key).array
                #expect(addons.first?["state"] as? String == "provisioned")

                broker.offer(plans: [(FakeBroker.planID, "small"), (FakeBroker.otherPlanID, "large")])
                _ = try await api.call(.post, "/provider/brokers/\(id)/refresh", key: key)
                #expect(
                    try await Self.plans(api, slug: broker.slug, key: key)["\(broker.slug):large"] == "public")
            }
        }
    }

    @Test("New credentials must read the catalog before they are kept; only they may change", .soukDatabase)
    func update() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (id, key) = try await broker.register(on: api)
                let wrong = try await api.call(
                    .patch, "/provider/brokers/\(id)", key: key, json: ["password": "not-it"])
                #expect(wrong.status == .badGateway, "\(wrong.text)")
                let renamed = try await api.call(
                    .patch, "/provider/brokers/\(id)", key: key, json: ["name": "other"])
                #expect(renamed.status == .unprocessableContent, "\(renamed.text)")
                let same = try await api.call(
                    .patch, "/provider/brokers/\(id)", key: key, json: ["password": broker.password])
                #expect(same.status == .ok, "\(same.text)")
                let stranger = try await api.createUser()
                #expect(
                    try await api.call(.post, "/provider/brokers/\(id)/refresh", key: stranger.key).status == .notFound)
                // The old credentials still work: the refused change kept nothing.
                #expect(try await api.call(.post, "/provider/brokers/\(id)/refresh", key: key).status == .ok)
            }
        }
    }
}
