import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Plan changes and removals a broker finishes later (202), and the limit on how long Souk polls.
@Suite("Asynchronous broker plan changes and removals")
struct BrokerAsyncOperationsTests {
    let testApp = TestApp.forAddons()

    @Test("A 202 plan change moves the add-on only once last_operation says succeeded", .soukDatabase)
    func planChange() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app, id) = try await BrokerSharingTests.provisioned(api, broker: broker)
                broker.answerAsynchronously([.update], then: ["in progress", "in progress"])
                let changed = try await api.call(
                    .patch, "/apps/\(app)/addons/\(id)", key: key, json: ["plan": "\(broker.slug):large"])
                #expect(changed.status == .ok, "\(changed.text)")
                #expect((changed.object["plan"] as? [String: Any])?["name"] as? String == "\(broker.slug):small")
                #expect(
                    try await eventually {
                        let addon = try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).object
                        return (addon["plan"] as? [String: Any])?["name"] as? String == "\(broker.slug):large"
                    })
                let polls = broker.requests(for: .lastOperation)
                #expect(polls.count == 3)
                #expect(polls.allSatisfy { $0.query.contains("operation=update") })
                let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: key).object
                #expect(vars.values.contains { ($0 as? String) == "fake://\(id)" }, "\(vars)")
            }
        }
    }

    @Test("A failed asynchronous plan change leaves the plan as it was", .soukDatabase)
    func failedPlanChange() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app, id) = try await BrokerSharingTests.provisioned(api, broker: broker)
                broker.answerAsynchronously([.update], then: ["in progress", "failed"])
                _ = try await api.call(
                    .patch, "/apps/\(app)/addons/\(id)", key: key, json: ["plan": "\(broker.slug):large"])
                #expect(try await eventually { broker.requests(for: .lastOperation).count == 2 })
                #expect(
                    try await eventually {
                        let addon = try await api.call(.get, "/admin/addons/\(id)", key: api.adminKey).object
                        let recent = addon["jobs"] as? [[String: Any]] ?? []
                        return recent.contains { $0["state"] as? String == "failed" }
                    })
                let addon = try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).object
                #expect((addon["plan"] as? [String: Any])?["name"] as? String == "\(broker.slug):small")
            }
        }
    }

    @Test("A 202 removal is polled until the broker says it is gone", .soukDatabase)
    func removal() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app, id) = try await BrokerSharingTests.provisioned(api, broker: broker)
                broker.answerAsynchronously([.deprovision], then: ["in progress", "in progress"])
                let removed = try await api.call(.delete, "/apps/\(app)/addons/\(id)", key: key)
                #expect(removed.status == .ok, "\(removed.text)")
                #expect(try await eventually { broker.requests(for: .lastOperation).count == 3 })
                #expect(broker.requests(for: .lastOperation).allSatisfy { $0.query.contains("operation=delete") })
                // The admin detail lists the jobs still to run or failed: none once the poll saw `succeeded`.
                let settled = try await eventually {
                    let addon = try await api.call(.get, "/admin/addons/\(id)", key: api.adminKey).object
                    return (addon["jobs"] as? [[String: Any]])?.isEmpty == true
                }
                let detail = try await api.call(.get, "/admin/addons/\(id)", key: api.adminKey).text
                #expect(settled, "\(detail)")
                #expect(broker.instances.isEmpty)
                #expect(broker.requests(for: .deprovision).count == 1)
            }
        }
    }

    @Test("A provisioning still in progress past maximum_polling_duration fails and is cleaned up", .soukDatabase)
    func pollingLimit() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                broker.limitPolling(to: 1)
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                broker.provisionAsynchronously(then: Array(repeating: "in progress", count: 1000))
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                #expect(
                    try await eventually {
                        broker.instances.isEmpty && !broker.requests(for: .deprovision).isEmpty
                    })
                #expect(try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).status == .notFound)
            }
        }
    }
}
