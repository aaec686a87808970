import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("Broker provisioning survives a crash")
struct BrokerCrashRecoveryTests {
    @Test(
        "Souk killed between the instance and its binding finishes on restart: one instance, one binding",
        .soukDatabase)
    func killedBeforeBinding() async throws {
        let testApp = TestApp.forAddons(lease: 1)
        try await FakeBroker.run { broker in
            let (key, app) = try await testApp.run { api in
                try await BrokerOrphanMitigationTests.marketplace(api, broker: broker)
            }
            let souk = try await SoukProcess.forCrashTests()
            defer { souk.kill() }
            // The instance is made; the binding hangs, and Souk dies before it hears back.
            broker.fail(.bind, with: .hang(.seconds(20)))
            let pending = souk.post(
                "/apps/\(app)/addons", key: key,
                body: #"{"plan": "\#(broker.slug):small", "attachment": {"name": "DB"}}"#)
            #expect(try await eventually { broker.requests(for: .bind).count == 1 })
            souk.kill()
            pending.cancel()

            try await testApp.run { api in
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        try await api.call(.get, "/apps/\(app)/config-vars", key: key).object["DB_URI"] != nil
                    })
                let addons = try await api.call(.get, "/apps/\(app)/addons", key: key).array
                #expect(addons.count == 1)
                #expect(addons.first?["state"] as? String == "provisioned")
                let id = try #require(addons.first?["id"] as? String)
                #expect(broker.instances == [id] && broker.bindings == [id])
                let instances = Set(broker.requests(for: .provision).map(\.path))
                #expect(instances == ["/v2/service_instances/\(id)"])
            }
        }
    }
}
