import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTP1
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
            let souk = try SoukProcess(environment: [
                "DATABASE_URL": SoukDatabase.current, "SOUK_ENCRYPTION_KEY": TestApp.encryptionKey,
                "SOUK_ENV": "test", "SOUK_PROVIDERS_ALLOW_INSECURE_URLS": "true", "SOUK_JOBS_LEASE_SECONDS": "1",
                "SOUK_PROVIDERS_TIMEOUT_SECONDS": "2", "LOG_LEVEL": "error",
            ])
            defer { souk.kill() }
            #expect(
                try await eventually(timeout: .seconds(30)) {
                    (try? await HTTPClient.shared.get(url: "\(souk.baseURL)/ready").get().status.code) == 200
                })
            // The instance is made; the binding hangs, and Souk dies before it hears back.
            broker.fail(.bind, with: .hang(.seconds(20)))
            let pending = Task {
                var request = HTTPClientRequest(url: "\(souk.baseURL)/apps/\(app)/addons")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(key)")
                request.body = .bytes(
                    ByteBuffer(string: #"{"plan": "\#(broker.slug):small", "attachment": {"name": "DB"}}"#))
                _ = try? await HTTPClient.shared.execute(request, timeout: .seconds(25))
            }
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
