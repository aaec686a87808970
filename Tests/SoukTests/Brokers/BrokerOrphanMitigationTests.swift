import Foundation
import HTTPTypes
import SoukCore
import Testing

/// The Open Service Broker specification's orphan-mitigation table (PROTOCOLS §7), against a broker that fails
/// on demand: whatever may exist at the broker after a failure is deleted, retried until acknowledged; a 4xx
/// to a provision leaves nothing, so nothing is deleted.
@Suite("Broker failures leave nothing behind")
struct BrokerOrphanMitigationTests {
    let testApp = TestApp.forAddons(timeout: 2)

    /// Registers `broker`, takes its service to ga, and returns a customer and an app of theirs.
    static func marketplace(_ api: API, broker: FakeBroker) async throws -> (key: String, app: String) {
        _ = try await broker.register(on: api)
        let promoted = try await api.call(
            .patch, "/admin/addon-services/\(broker.slug)", key: api.adminKey, json: ["state": "ga"])
        guard promoted.status == .ok else { throw TestFailure("promotion: \(promoted.text)") }
        let user = try await api.createUser()
        return (user.key, try await api.createApp(key: user.key))
    }

    @Test(
        "A binding that fails, is refused or hangs: the customer is told, the binding and the instance are deleted",
        .soukDatabase,
        arguments: [
            FakeBroker.Fault.status(500, #"{"description": "bind exploded"}"#),
            .status(422, #"{"error": "RequiresApp", "description": "no such app"}"#),
            .status(201, "not json"),
            .hang(.seconds(4)),
        ])
    func bindFails(fault: FakeBroker.Fault) async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await Self.marketplace(api, broker: broker)
                broker.fail(.bind, with: fault)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                #expect(created.status.code >= 400 && created.status.code != 500, "\(created.text)")
                if case .status(_, let body) = fault, body.contains("description") {
                    let reason = body.contains("exploded") ? "bind exploded" : "no such app"
                    #expect((created.object["message"] as? String)?.contains(reason) == true, "\(created.text)")
                }
                let provisioned = try #require(broker.requests(for: .provision).first)
                let instance = try #require(provisioned.path.split(separator: "/").last.map(String.init))
                #expect(
                    try await eventually(timeout: .seconds(20)) {
                        broker.instances.isEmpty && broker.bindings.isEmpty
                            && !broker.requests(for: .deprovision).isEmpty
                    })
                let unbind = try #require(broker.requests(for: .unbind).first)
                #expect(unbind.path.contains(instance))
                #expect(unbind.query.contains("service_id=\(FakeBroker.serviceID)"))
                #expect(unbind.query.contains("plan_id=\(FakeBroker.planID)"))
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: key).array.isEmpty)
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: key).object.isEmpty)
            }
        }
    }

    @Test(
        "A provision that fails with a 5xx or a malformed 201 is deleted; a 4xx deletes nothing",
        .soukDatabase,
        arguments: [
            (FakeBroker.Fault.status(503, "{}"), true), (.status(201, "[1]"), true),
            (.status(400, #"{"description": "bad plan"}"#), false), (.status(409, "{}"), false),
        ])
    func provisionFails(fault: FakeBroker.Fault, mitigates: Bool) async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await Self.marketplace(api, broker: broker)
                broker.fail(.provision, with: fault)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                #expect(created.status.code >= 400 && created.status.code != 500, "\(created.text)")
                #expect(broker.requests(for: .bind).isEmpty)
                if mitigates {
                    #expect(try await eventually(timeout: .seconds(20)) { !broker.requests(for: .deprovision).isEmpty })
                } else {
                    try await Task.sleep(for: .milliseconds(500))
                    #expect(broker.requests(for: .deprovision).isEmpty)
                }
                #expect(try await api.call(.get, "/apps/\(app)/addons", key: key).array.isEmpty)
            }
        }
    }

    @Test("A removal the broker fails is retried until it acknowledges; 410 counts as done", .soukDatabase)
    func removalRetried() async throws {
        try await FakeBroker.run { broker in
            try await testApp.run { api in
                let (key, app) = try await Self.marketplace(api, broker: broker)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: key, json: ["plan": "\(broker.slug):small"])
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.object["id"] as? String)
                #expect(broker.instances == [id] && broker.bindings == [id])
                broker.fail(.unbind, times: 2, with: .status(500, "{}"))
                broker.fail(.deprovision, times: 1, with: .status(502, "{}"))
                let removed = try await api.call(.delete, "/apps/\(app)/addons/\(id)", key: key)
                #expect(removed.status == .ok, "\(removed.text)")
                #expect(
                    try await eventually(timeout: .seconds(20)) { broker.instances.isEmpty && broker.bindings.isEmpty })
                // Two failed unbinds, one that lands, then after the failed delete the retry unbinds again (410).
                #expect(broker.requests(for: .unbind).count == 4)
                #expect(broker.requests(for: .deprovision).count == 2)
                let headers = try #require(broker.requests(for: .provision).first?.headers)
                #expect(headers[HTTPField.Name("X-Broker-API-Version")!] == "2.17")
            }
        }
    }
}
