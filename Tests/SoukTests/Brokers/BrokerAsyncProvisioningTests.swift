import Foundation
import HTTPTypes
import SoukCore
import Testing

/// A broker that answers 202: the durable job runner polls `last_operation` until the broker is done.
@Suite("Asynchronous brokers are polled")
struct BrokerAsyncProvisioningTests {
    let testApp = TestApp.forAddons()

    @Test(
        "In progress, then succeeded: the add-on is provisioning, then provisioned with its binding's vars",
        .soukDatabase)
    func succeeds() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                broker.provisionAsynchronously(then: ["in progress", "in progress"])
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                #expect(created.status.code == 201 || created.status.code == 202, "\(created.text)")
                #expect(created.object["state"] as? String == "provisioning")
                let id = try #require(created.object["id"] as? String)
                #expect(
                    try await eventually {
                        try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).object["state"] as? String
                            == "provisioned"
                    })
                let polls = broker.requests(for: .lastOperation)
                #expect(polls.count == 3)
                #expect(polls.allSatisfy { $0.query.contains("operation=op-\(id)") && $0.query.contains("plan_id=") })
                #expect(broker.bindings == [id])
                let config = try await api.call(.get, "/apps/\(app)/config-vars", key: key).object
                #expect(config.values.contains { ($0 as? String) == "fake://\(id)" }, "\(config)")
            }
        }
    }

    @Test("Failed: the add-on is gone and what the broker may hold is deleted", .soukDatabase)
    func fails() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                broker.provisionAsynchronously(then: ["in progress", "failed"])
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                #expect(
                    try await eventually {
                        broker.instances.isEmpty && !broker.requests(for: .deprovision).isEmpty
                    })
                #expect(broker.requests(for: .bind).isEmpty)
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: key).array.isEmpty)
                #expect(try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).status == .notFound)
            }
        }
    }
}
