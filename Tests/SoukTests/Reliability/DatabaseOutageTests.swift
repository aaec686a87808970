import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Synchronization
import Testing

@testable import SoukServer
@testable import SoukStore

/// Issue #10's outage probe: PostgreSQL lost under a running Souk. Before, a request hung for about a
/// minute and then answered 500, and `/ready` took 67 s to say 503. The probe is tested against a cluster
/// stopped and started again under it, the routes against a status that says down, and a whole Souk
/// against a cluster of its own (`DatabaseLeaseTests` bounds the pool's waits underneath).
@Suite("Reliability: a lost database")
struct DatabaseOutageTests {
    @Test("The probe finds PostgreSQL gone within seconds, and back within seconds of its return")
    func probe() async throws {
        let cluster = try await PrivateCluster.start()
        let status = DatabaseStatus()
        let probe = DatabaseProbe(
            configurations: [try PostgresConnection.Configuration(url: cluster.url)], requiresPrimary: false,
            database: Database(configuration: try .init(url: cluster.url), logger: Logger(label: "souk.tests.probe")),
            status: status, logger: Logger(label: "souk.tests.probe")
        )
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await probe.run() }
                defer { group.cancelAll() }
                #expect(try await eventually(timeout: .seconds(5)) { !status.isDown })
                try await cluster.stop()
                let stopped = ContinuousClock.now
                #expect(try await eventually(timeout: .seconds(10)) { status.isDown })
                #expect(ContinuousClock.now - stopped < .seconds(5), "noticed after \(ContinuousClock.now - stopped)")
                try await cluster.restart()
                let restarted = ContinuousClock.now
                #expect(try await eventually(timeout: .seconds(10)) { !status.isDown })
                #expect(
                    ContinuousClock.now - restarted < .seconds(5), "noticed after \(ContinuousClock.now - restarted)")
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    @Test("A whole Souk over a database that stops: 503 within seconds, served again after a restart")
    func wholeSouk() async throws {
        let cluster = try await PrivateCluster.start()
        var souk = TestApp()
        souk.overrides["databaseUrl"] = .init(.string(cluster.url), isSecret: true)
        do {
            try await souk.run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).status == .ok)
                try await cluster.stop()

                // Requests already on their way when it went: each is answered 503 once the probe notices
                // (the lease limit, 30 s, plays no part), none is a 500. (The app's info, as its environment may
                // still come from memory until the lost LISTEN is noticed: see EnvironmentCacheTests.)
                let start = ContinuousClock.now
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<8 {
                        group.addTask { try await api.call(.get, "/apps/\(app)", key: user.key).status }
                    }
                    return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
                }
                #expect(statuses == Array(repeating: .serviceUnavailable, count: 8))
                #expect(
                    ContinuousClock.now - start < .seconds(8),
                    "the last answer came after \(ContinuousClock.now - start)")
                #expect(
                    try await eventually(timeout: .seconds(5)) {
                        try await api.call(.get, "/ready", key: nil).status == .serviceUnavailable
                    })
                let refused = ContinuousClock.now
                let response = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(ContinuousClock.now - refused < .seconds(1))

                try await cluster.restart()
                #expect(
                    try await eventually(timeout: .seconds(10)) {
                        try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).status == .ok
                    })
                #expect(try await api.call(.get, "/ready", key: nil).status == .ok)
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    @Test("While the database is down, requests get 503 at once; /health and /ready answer")
    func refusals() async throws {
        let status = DatabaseStatus()
        _ = status.record(down: true)
        let router = Router(context: SoukRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: SoukMetrics().factory))
        router.add(middleware: DatabaseOutageMiddleware(status: status))
        router.addRoutes(HealthController(status: status).routes)
        let reached = Mutex(0)
        router.get("apps/:app/config-vars") { _, _ -> HTTPResponse.Status in
            reached.withLock { $0 += 1 }
            return .ok
        }
        try await Application(router: router).test(.router) { client in
            let start = ContinuousClock.now
            try await client.execute(uri: "/apps/a/config-vars", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(String(buffer: response.body).contains("\"id\":\"unavailable\""))
            }
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
            }
            #expect(ContinuousClock.now - start < .seconds(1))
            try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            #expect(reached.withLock { $0 } == 0, "a route that needs the database was reached")
            _ = status.record(down: false)
            try await client.execute(uri: "/ready", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/apps/a/config-vars", method: .get) { #expect($0.status == .ok) }
        }
    }
}
