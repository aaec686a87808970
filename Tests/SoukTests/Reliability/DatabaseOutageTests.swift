import Configuration
import Foundation
import HTTPTypes
import Testing

/// Issue #10's outage probe: PostgreSQL stopped under a running Souk. Before, a request hung for about a
/// minute and then answered 500, and `/ready` took 67 s to say 503.
@Suite("Reliability: a lost database")
struct DatabaseOutageTests {
    @Test("With PostgreSQL down, /ready says so within a second and requests get 503 within seconds; service resumes by itself", .soukDatabase)
    func outage() async throws {
        let cluster = try await PrivateCluster.start()

        do {
            var testApp = TestApp()
            testApp.overrides["databaseUrl"] = .init(.string(cluster.url), isSecret: true)
            try await testApp.run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["GREETING": "hi"])
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).status == .ok)
                #expect(try await api.call(.get, "/ready", key: nil).status == .ok)
                try await cluster.stop()
                var start = ContinuousClock.now
                let ready = try await api.call(.get, "/ready", key: nil)
                #expect(ready.status == .serviceUnavailable)
                #expect(ContinuousClock.now - start < .seconds(1), "/ready took \(ContinuousClock.now - start)")

                // Within a few seconds the probe knows (two failed probes, a second apart): from then on
                // requests are refused at once.
                #expect(
                    try await eventually(timeout: .seconds(10)) {
                        try await api.call(.get, "/ready", key: nil).object["status"] as? String == "database unavailable"
                    }
                )
                start = ContinuousClock.now
                let refused = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
                #expect(refused.status == .serviceUnavailable && refused.errorID == "unavailable", "\(refused.text)")
                #expect(refused.headers[.retryAfter] == "5")
                #expect(try await api.call(.get, "/apps/\(app)", key: user.key).status == .serviceUnavailable)
                #expect(ContinuousClock.now - start < .seconds(1), "refusing took \(ContinuousClock.now - start)")
                #expect(try await api.call(.get, "/health", key: nil).status == .ok)

                try await cluster.restart()
                #expect(
                    try await eventually(timeout: .seconds(15)) {
                        try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["GREETING"] as? String == "hi"
                    }
                )
                #expect(try await api.call(.get, "/ready", key: nil).status == .ok)
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }
}
