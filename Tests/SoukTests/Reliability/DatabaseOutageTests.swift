import Configuration
import Foundation
import HTTPTypes
import Testing

/// Issue #10's outage probe: PostgreSQL stopped under a running Souk. Before, a request hung for about a
/// minute and then answered 500, and `/ready` took 67 s to say 503.
@Suite("Reliability: a lost database")
struct DatabaseOutageTests {
    @Test(
        "With PostgreSQL down, requests get 503 within seconds and /ready answers at once; service resumes by itself",
        .soukDatabase
    )
    func outage() async throws {
        let cluster = try await PrivateCluster.start()
        do {
            var testApp = TestApp()
            testApp.overrides["databaseUrl"] = .init(.string(cluster.url), isSecret: true)
            try await testApp.run { api in try await Self.loseAndRecover(cluster, api: api) }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    private static func loseAndRecover(_ cluster: PrivateCluster, api: API) async throws {
        let user = try await api.createUser()
        let app = try await api.createApp(key: user.key)
        _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["GREETING": "hi"])
        #expect(try await api.call(.get, "/ready", key: nil).status == .ok)

        try await cluster.stop()
        // Sent before Souk knows: it waits in the pool until the probe finds the database gone.
        var start = ContinuousClock.now
        let waited = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
        #expect(waited.status == .serviceUnavailable && waited.errorID == "unavailable", "\(waited.text)")
        #expect(ContinuousClock.now - start < .seconds(6), "failing took \(ContinuousClock.now - start)")

        var slowestReady = Duration.zero
        let readySaysDown = try await eventually(timeout: .seconds(10)) {
            let start = ContinuousClock.now
            let ready = try await api.call(.get, "/ready", key: nil)
            slowestReady = max(slowestReady, ContinuousClock.now - start)
            return ready.status == .serviceUnavailable && ready.headers[.retryAfter] == "5"
        }
        #expect(readySaysDown)
        #expect(slowestReady < .seconds(1), "/ready took \(slowestReady)")
        start = ContinuousClock.now
        let refused = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
        #expect(refused.status == .serviceUnavailable && refused.errorID == "unavailable", "\(refused.text)")
        #expect(refused.headers[.retryAfter] == "5")
        #expect(try await api.call(.post, "/apps", key: user.key, json: [:]).status == .serviceUnavailable)
        #expect(ContinuousClock.now - start < .seconds(2), "refusing took \(ContinuousClock.now - start)")
        #expect(try await api.call(.get, "/health", key: nil).status == .ok)

        try await cluster.restart()
        start = ContinuousClock.now
        #expect(
            try await eventually(timeout: .seconds(15)) {
                try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["GREETING"] as? String == "hi"
            }
        )
        // The pool is fresh, so no back-off from the failed connects is waited out.
        #expect(ContinuousClock.now - start < .seconds(5), "resuming took \(ContinuousClock.now - start)")
        #expect(try await api.call(.get, "/ready", key: nil).status == .ok)
    }
}
