import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import PostgresNIO
import SoukCore
import Synchronization
import Testing

@testable import SoukStore

/// Issue #12, item 3: environments are served from memory, and memory is never wrong for long. A caller
/// reads back its own write at once; a write through one Souk process shows through another within
/// 50 ms; and a lost LISTEN empties the cache until it is heard again.
@Suite("Environments served from memory, kept true across processes")
struct EnvironmentCacheTests {
    private static let logger = Logger(label: "souk.tests.environments")

    @Test(
        "A write through one process shows through another within 50 ms; each reads its own writes at once",
        .soukDatabase)
    func twoProcesses() async throws {
        let testApp = TestApp()
        try await testApp.run { api in
            let user = try await api.createUser()
            let app = try await api.createApp(key: user.key)
            let metricsToken = UUID().uuidString
            let other = try SoukProcess.sibling(metricsToken: metricsToken)
            defer { other.kill() }
            #expect(try await other.ready())

            for round in 0..<20 {
                let value = "value-\(round)"
                // Through this process: written, then read back here at once, never older.
                let written = try await api.call(
                    .patch, "/apps/\(app)/config-vars", key: user.key, json: ["ROUND": value])
                #expect(written.status == .ok)
                let started = ContinuousClock.now
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).object["ROUND"] as? String
                        == value)
                // Through the other process: read until it shows there.
                var seen = false
                while !seen, ContinuousClock.now - started < .seconds(10) {
                    seen = try await read(app, from: other, key: user.key)["ROUND"] == value
                }
                #expect(seen, "round \(round): the other process never showed \(value)")
                // Served again from the other's memory between writes.
                for _ in 0..<5 { #expect(try await read(app, from: other, key: user.key)["ROUND"] == value) }
            }
            // How late the other process heard of each change, as it measured it: from the statement that made
            // the change to the cache's drop (HTTP round trips under the suite's load would swamp the figure).
            let metrics = try await other.scrapeMetrics(token: metricsToken)
            let heard = try #require(SoukProcess.sample(metrics, "souk_environment_change_lag_seconds_count"))
            let within50ms = try #require(
                SoukProcess.sample(metrics, #"souk_environment_change_lag_seconds_bucket{le="0.05"}"#))
            #expect(heard >= 20)
            #expect(within50ms * 2 >= heard, "\(within50ms) of \(heard) changes heard within 50 ms")
            #expect(
                try #require(SoukProcess.sample(metrics, #"souk_environment_cache_lookups_total{result="hit"}"#)) >= 100
            )
        }
    }

    @Test("Creating an app announces nothing (no process can hold it); adding a collaborator does", .soukDatabase)
    func quietCreation() async throws {
        try await whileListening(to: SoukDatabase.current, on: "souk_apps", logger: Self.logger) { heard in
            try await TestApp().run { api in
                let owner = try await api.createUser()
                let guest = try await api.createUser()
                let app = try await api.createApp(key: owner.key)
                let id = try #require(try await api.call(.get, "/apps/\(app)", key: owner.key).object["id"] as? String)
                let added = try await api.call(
                    .post, "/apps/\(app)/collaborators", key: owner.key, json: ["user": guest.email])
                #expect(added.status == .created)
                // Notifications come in commit order: had the creation announced itself, it would come first.
                #expect(try await eventually { !heard.of(id).isEmpty })
                #expect(heard.of(id).count == 1, "\(heard.of(id))")
            }
        }
    }

    @Test("Membership decides at once: a removed collaborator can no longer read, an added one can", .soukDatabase)
    func membership() async throws {
        try await TestApp().run { api in
            let owner = try await api.createUser()
            let guest = try await api.createUser()
            let app = try await api.createApp(key: owner.key)
            _ = try await api.call(.patch, "/apps/\(app)/config-vars", key: owner.key, json: ["A": "1"])
            #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: guest.key).status == .notFound)
            for _ in 0..<3 {
                let added = try await api.call(
                    .post, "/apps/\(app)/collaborators", key: owner.key, json: ["user": guest.email])
                #expect(added.status == .created)
                #expect(
                    try await api.call(.get, "/apps/\(app)/config-vars", key: guest.key).object["A"] as? String == "1")
                let removed = try await api.call(.delete, "/apps/\(app)/collaborators/\(guest.email)", key: owner.key)
                #expect(removed.status == .ok)
                #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: guest.key).status == .notFound)
            }
            let renamed = API.uniqueAppName()
            #expect(try await api.call(.patch, "/apps/\(app)", key: owner.key, json: ["name": renamed]).status == .ok)
            #expect(try await api.call(.get, "/apps/\(app)/config-vars", key: owner.key).status == .notFound)
            #expect(
                try await api.call(.get, "/apps/\(renamed)/config-vars", key: owner.key).object["A"] as? String == "1")
        }
    }

    @Test("A lost LISTEN empties the cache, which serves again only once a new LISTEN is heard")
    func lostListen() async throws {
        let cluster = try await PrivateCluster.start()
        do {
            try await listenThroughRestart(of: cluster)
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    private func listenThroughRestart(of cluster: PrivateCluster) async throws {
        let url = cluster.url
        let cache = EnvironmentCache()
        let targets = SSOTargetCache()
        let listener = AppChangeListener(
            configuration: try PostgresConnection.Configuration(url: url), caches: [cache, targets],
            logger: Self.logger, retryInterval: .milliseconds(100)
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.run() }
            defer { group.cancelAll() }
            #expect(try await eventually(timeout: .seconds(30)) { cache.isTrusted })
            let appID = UUID()
            try cache.remember(environment(appID), generation: generation(of: cache))
            #expect(isHit(cache.lookup(.id(appID))))

            // A notification drops the app.
            let connection = try await PostgresConnection.connect(
                configuration: try PostgresConnection.Configuration(url: url), id: 1, logger: Self.logger)
            try await connection.query("SELECT pg_notify('souk_apps', \(appID.uuidString))", logger: Self.logger)
            #expect(try await eventually { !isHit(cache.lookup(.id(appID))) })
            // So does an add-on's, for the single sign-on targets that depend on it, and not for environments.
            try cache.remember(environment(appID), generation: generation(of: cache))
            let addonID = UUID()
            try SSOTargetCacheTests.keep(addon: addonID, apps: [appID], in: targets)
            try await connection.query(
                "SELECT pg_notify('souk_apps', \("addon \(addonID.uuidString) 1"))", logger: Self.logger)
            #expect(try await eventually { targets.count == 0 })
            #expect(isHit(cache.lookup(.id(appID))))
            try? await connection.close()
            try SSOTargetCacheTests.keep(addon: addonID, apps: [appID], in: targets)

            try cache.remember(environment(appID), generation: generation(of: cache))
            #expect(isHit(cache.lookup(.id(appID))))
            try await cluster.stop()
            #expect(try await eventually(timeout: .seconds(30)) { !cache.isTrusted })
            #expect(!isHit(cache.lookup(.id(appID))))
            #expect(!targets.isTrusted && targets.count == 0)
            // Nothing is kept while changes can't be heard.
            try cache.remember(environment(appID), generation: generation(of: cache))
            #expect(!isHit(cache.lookup(.id(appID))))

            try await cluster.restart()
            #expect(try await eventually(timeout: .seconds(30)) { cache.isTrusted && targets.isTrusted })
            #expect(!isHit(cache.lookup(.id(appID))))
        }
    }

    @Test("A read that began before a change, or during a write, is not kept")
    func staleReadsAreNotKept() throws {
        let cache = EnvironmentCache()
        cache.trust(until: .now + .seconds(3600))
        let appID = UUID()
        let before = generation(of: cache)
        cache.drop(appID)
        try cache.remember(environment(appID), generation: before)
        #expect(!isHit(cache.lookup(.id(appID))))

        cache.beginWrite(appID)
        try cache.remember(environment(appID), generation: generation(of: cache))
        #expect(!isHit(cache.lookup(.id(appID))))
        cache.endWrite(appID)
        try cache.remember(environment(appID), generation: generation(of: cache))
        #expect(isHit(cache.lookup(.id(appID))))
        #expect(isHit(cache.lookup(.name("app-\(appID.uuidString.prefix(8).lowercased())"))))
    }

    @Test("Trust lapses without a ping heard: nothing is served, and what was kept goes")
    func trustLapses() throws {
        let cache = EnvironmentCache()
        let start = ContinuousClock.now
        cache.trust(until: start + .seconds(2), now: start)
        let appID = UUID()
        let began = generation(of: cache, at: start)
        try cache.remember(environment(appID), generation: began, now: start)
        #expect(isHit(cache.lookup(.id(appID), now: start + .seconds(1))))
        #expect(!isHit(cache.lookup(.id(appID), now: start + .seconds(3))))
        // Nothing is kept while untrusted, and trust regained starts from empty.
        try cache.remember(
            environment(UUID()), generation: generation(of: cache, at: start + .seconds(3)), now: start + .seconds(3))
        cache.trust(until: start + .seconds(6), now: start + .seconds(4))
        #expect(!isHit(cache.lookup(.id(appID), now: start + .seconds(4))))
        // A ping heard in time extends trust without emptying.
        try cache.remember(
            environment(appID), generation: generation(of: cache, at: start + .seconds(4)), now: start + .seconds(4))
        cache.trust(until: start + .seconds(8), now: start + .seconds(5))
        #expect(isHit(cache.lookup(.id(appID), now: start + .seconds(7))))
    }

    @Test("The cache holds at most its capacity in bytes, starting afresh when full")
    func bounded() throws {
        let one = try environment(UUID())
        let cache = EnvironmentCache(capacity: one.footprint * 3)
        cache.trust(until: .now + .seconds(3600))
        let ids = (0..<4).map { _ in UUID() }
        for id in ids { try cache.remember(environment(id), generation: generation(of: cache)) }
        // The fourth did not fit beside the first three: they went, and it stayed.
        #expect(ids.prefix(3).allSatisfy { !isHit(cache.lookup(.id($0))) })
        #expect(isHit(cache.lookup(.id(ids[3]))))
        // Replacing an entry doesn't count it twice.
        for _ in 0..<5 { try cache.remember(environment(ids[3]), generation: generation(of: cache)) }
        try cache.remember(environment(ids[0]), generation: generation(of: cache))
        try cache.remember(environment(ids[1]), generation: generation(of: cache))
        #expect([ids[3], ids[0], ids[1]].allSatisfy { isHit(cache.lookup(.id($0))) })
    }

    private func environment(_ appID: UUID) throws -> Environment {
        try Environment(
            appID: appID, appName: "app-\(appID.uuidString.prefix(8).lowercased())", members: [], values: ["A": "1"])
    }

    private func generation(of cache: EnvironmentCache, at now: ContinuousClock.Instant = .now) -> UInt64 {
        if case .miss(let generation) = cache.lookup(.id(UUID()), now: now) { return generation }
        return .max
    }

    private func isHit(_ lookup: EnvironmentCache.Lookup) -> Bool {
        if case .hit = lookup { return true }
        return false
    }

    private func read(_ app: String, from process: SoukProcess, key: String) async throws -> [String: String] {
        var request = HTTPClientRequest(url: "\(process.baseURL)/apps/\(app)/config-vars")
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONDecoder().decode([String: String].self, from: Data(buffer: body, byteTransferStrategy: .noCopy))
    }
}
