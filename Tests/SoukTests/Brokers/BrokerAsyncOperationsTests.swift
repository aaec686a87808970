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

/// Bindings a broker makes later (202): polled through the binding's `last_operation`, then fetched.
@Suite("Asynchronous broker bindings")
struct BrokerAsyncBindingTests {
    let testApp = TestApp.forAddons()

    @Test("The billing app's binding made asynchronously: provisioning, then provisioned with its vars", .soukDatabase)
    func billingBinding() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                broker.answerAsynchronously([.bind], then: ["in progress"])
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                #expect(created.object["state"] as? String == "provisioning", "\(created.text)")
                let id = try #require(created.object["id"] as? String)
                #expect(
                    try await eventually {
                        try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).object["state"] as? String
                            == "provisioned"
                    })
                let polls = broker.requests(for: .lastOperation)
                #expect(polls.count == 2)
                #expect(polls.allSatisfy { $0.path.hasSuffix("/service_bindings/\(id)/last_operation") })
                #expect(polls.allSatisfy { $0.query.contains("operation=bind-\(id)") })
                #expect(broker.requests(for: .fetchBinding).count == 1)
                let vars = try await api.call(.get, "/apps/\(app)/config-vars", key: key).object
                #expect(vars.values.contains { ($0 as? String) == "fake://\(id)" }, "\(vars)")
            }
        }
    }

    @Test("Another app's binding made asynchronously: 202, then the attachment appears", .soukDatabase)
    func sharedBinding() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, _, id) = try await BrokerSharingTests.provisioned(api, broker: broker)
                let other = try await api.createApp(key: key)
                broker.answerAsynchronously([.bind], then: ["in progress"])
                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other, "name": "later"])
                #expect(attached.status == .accepted, "\(attached.text)")
                let attachment = try #require(attached.object["id"] as? String)
                #expect(try await api.call(.get, "/apps/\(other)/addon-attachments", key: key).array.isEmpty)
                #expect(
                    try await eventually {
                        try await api.call(.get, "/apps/\(other)/addon-attachments", key: key).array.count == 1
                    })
                let vars = try await api.call(.get, "/apps/\(other)/config-vars", key: key).object
                #expect(vars["LATER_URL"] as? String == "fake://\(attachment)", "\(vars)")
            }
        }
    }

    @Test("A failed asynchronous binding attaches nothing and is unbound", .soukDatabase)
    func failedSharedBinding() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, _, id) = try await BrokerSharingTests.provisioned(api, broker: broker)
                let other = try await api.createApp(key: key)
                broker.answerAsynchronously([.bind], then: ["failed"])
                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other])
                let attachment = try #require(attached.object["id"] as? String, "\(attached.text)")
                #expect(
                    try await eventually {
                        broker.requests(for: .unbind).contains { $0.path.hasSuffix("/\(attachment)") }
                    })
                #expect(broker.bindings == [id])
                #expect(try await api.call(.get, "/apps/\(other)/addon-attachments", key: key).array.isEmpty)
            }
        }
    }
}
