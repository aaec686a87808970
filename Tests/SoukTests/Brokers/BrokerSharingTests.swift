import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Sharing a broker add-on: each further attachment is a binding of its own, with its own credentials.
@Suite("Broker add-ons shared across apps")
struct BrokerSharingTests {
    let testApp = TestApp.forAddons()

    @Test(
        "Attaching to another app binds it with its own credentials; detaching and removal unbind", .soukDatabase)
    func sharesWithOwnCredentials() async throws {
        try await OpenBrokerAPIBroker.withBroker { broker in
            try await testApp.run { api in
                let (key, billing) = try await BrokerProvisioningTests.customer(api, broker: broker)
                let other = try await api.createApp(key: key)
                let created = try await api.call(
                    .post, "/apps/\(billing)/addons", key: key, json: ["plan": "souk-test-db:small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                let billingVars = try await api.call(.get, "/apps/\(billing)/config-vars", key: key).object

                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other, "name": "shared-db"])
                #expect(attached.status == .created, "\(attached.text)")
                let attachment = try #require(attached.object["id"] as? String)
                #expect(attached.object["name"] as? String == "SHARED_DB")
                let otherVars = try await api.call(.get, "/apps/\(other)/config-vars", key: key).object
                // The other app's own binding: a username and password of its own, the same database.
                #expect(otherVars["SHARED_DB_USERNAME"] as? String == "u-\(attachment.prefix(8))", "\(otherVars)")
                #expect(otherVars["SHARED_DB_PASSWORD"] as? String != billingVars["SOUK_TEST_DB_PASSWORD"] as? String)
                #expect(otherVars["SHARED_DB_URL"] as? String == billingVars["SOUK_TEST_DB_URL"] as? String)
                var bindings = try await broker.instances()["bindings"]?.objectValue ?? [:]
                #expect(bindings[attachment]?["app_guid"] != nil)
                #expect(bindings[id] != nil)

                let detached = try await api.call(.delete, "/addon-attachments/\(attachment)", key: key)
                #expect(detached.status == .ok, "\(detached.text)")
                bindings = try await broker.instances()["bindings"]?.objectValue ?? [:]
                #expect(bindings[attachment] == nil)
                #expect(bindings[id] != nil)
                let after = try await api.call(.get, "/apps/\(other)/config-vars", key: key).object
                #expect(after.keys.filter { $0.hasPrefix("SHARED_DB") }.isEmpty, "\(after)")

                let again = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other])
                #expect(again.status == .created, "\(again.text)")
                let removed = try await api.call(.delete, "/apps/\(billing)/addons/\(id)", key: key)
                #expect(removed.status == .ok, "\(removed.text)")
                let left = try await broker.instances()
                #expect(left["bindings"]?.objectValue?.isEmpty == true, "\(left)")
                #expect(left["instances"]?.objectValue?.isEmpty == true, "\(left)")
                let gone = try await api.call(.get, "/apps/\(other)/config-vars", key: key).object
                #expect(gone.keys.filter { $0.hasPrefix("SOUK_TEST_DB") }.isEmpty, "\(gone)")
            }
        }
    }

    @Test("A broker that refuses the binding attaches nothing and keeps nothing", .soukDatabase)
    func refusedBinding() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, billing, id) = try await Self.provisioned(api, broker: broker)
                let other = try await api.createApp(key: key)
                broker.fail(.bind, with: .status(422, #"{"error": "RequiresApp", "description": "no such app"}"#))
                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other])
                #expect(attached.status == .unprocessableContent, "\(attached.text)")
                #expect((attached.object["message"] as? String)?.contains("no such app") == true)
                #expect(try await api.call(.get, "/apps/\(other)/addon-attachments", key: key).array.isEmpty)
                #expect(broker.bindings == [id])
                #expect(broker.requests(for: .unbind).isEmpty)
                #expect(try await api.call(.get, "/apps/\(billing)/addon-attachments", key: key).array.count == 1)
            }
        }
    }

    @Test("A binding that fails with a 500 is unbound (orphan mitigation); nothing is attached", .soukDatabase)
    func failedBinding() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, _, id) = try await Self.provisioned(api, broker: broker)
                let other = try await api.createApp(key: key)
                broker.fail(.bind, with: .status(500, #"{"description": "bind exploded"}"#))
                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other])
                #expect(attached.status.code >= 500 && attached.status.code != 500, "\(attached.text)")
                #expect(try await api.call(.get, "/apps/\(other)/addon-attachments", key: key).array.isEmpty)
                let binding = try #require(broker.requests(for: .bind).last?.path.split(separator: "/").last)
                #expect(
                    try await eventually {
                        broker.requests(for: .unbind).contains { $0.path.hasSuffix("/\(binding)") }
                    })
                #expect(broker.bindings == [id])
            }
        }
    }

    @Test("Deleting an app unbinds its binding of a shared broker add-on", .soukDatabase)
    func deletedApp() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, billing, id) = try await Self.provisioned(api, broker: broker)
                let other = try await api.createApp(key: key)
                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other])
                let attachment = try #require(attached.object["id"] as? String, "\(attached.text)")
                #expect(broker.bindings == [id, attachment])
                #expect(try await api.call(.delete, "/apps/\(other)", key: key).status == .ok)
                #expect(try await eventually { broker.bindings == [id] })
                #expect(try await api.call(.get, "/apps/\(billing)/addons/\(id)", key: key).status == .ok)
            }
        }
    }

    @Test("An add-on still provisioning can't be shared yet, and no call is made", .soukDatabase)
    func stillProvisioning() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
                broker.provisionAsynchronously(then: Array(repeating: "in progress", count: 50))
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                let other = try await api.createApp(key: key)
                let attached = try await api.call(
                    .post, "/addon-attachments", key: key, json: ["addon": id, "app": other])
                #expect(attached.status == .unprocessableContent, "\(attached.text)")
                #expect((attached.object["message"] as? String)?.contains("still provisioning") == true)
                #expect(broker.requests(for: .bind).isEmpty)
            }
        }
    }

    /// A provisioned add-on of `broker`'s service in a new app of a new customer.
    static func provisioned(_ api: API, broker: FakeBroker) async throws -> (key: String, app: String, id: String) {
        let (key, app) = try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
        let created = try await api.call(.post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
        guard created.status == .created, let id = created.object["id"] as? String else {
            throw TestFailure("provisioning: \(created.text)")
        }
        return (key, app, id)
    }
}
