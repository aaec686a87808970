import Configuration
import Foundation
import HTTPTypes
import SoukCore
import Synchronization
import Testing

/// Issue #17: a single PostgreSQL restarted while clients write config vars and install add-ons. Every answer
/// is a success or a 503, every acknowledged write is there afterwards, and no acknowledged add-on was
/// provisioned twice at its provider.
@Suite("Reliability: PostgreSQL restarted under load")
struct RestartUnderLoadTests {
    /// What the clients saw, and when to stop.
    final class Load: Sendable {
        let outcome = Mutex(Outcome())
        let stop = Atomic<Bool>(false)
        let restarted = Mutex<ContinuousClock.Instant?>(nil)
        /// Apps without add-ons, one for each install.
        let freshApps = Mutex<[String]>([])
    }

    struct Outcome: Sendable {
        var statuses: [Int: Int] = [:]
        var writes: [String: String] = [:]
        var addons: [String] = []
        /// When each success was answered.
        var served: [ContinuousClock.Instant] = []
    }

    @Test("No 500, no acknowledged write lost, no add-on provisioned twice, served again within 10 s")
    func restart() async throws {
        let cluster = try await PrivateCluster.start()
        var souk = TestApp.forAddons()
        souk.overrides["databaseUrl"] = .init(.string(cluster.url), isSecret: true)
        do {
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                try await souk.run { api in
                    try await Self.restartUnderLoad(api, fake: fake, cluster: cluster)
                }
            }
        } catch {
            try? await cluster.destroy()
            throw error
        }
        try await cluster.destroy()
    }

    static func restartUnderLoad(_ api: API, fake: FakeProvider, cluster: PrivateCluster) async throws {
        let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
        let user = try await api.createUser()
        var apps: [String] = []
        for _ in 0..<4 { apps.append(try await api.createApp(key: user.key)) }
        let load = Load()
        var fresh: [String] = []
        for _ in 0..<80 { fresh.append(try await api.createApp(key: user.key)) }
        load.freshApps.withLock { $0 = fresh }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (client, app) in apps.enumerated() {
                group.addTask {
                    var index = 0
                    while !load.stop.load(ordering: .relaxed) {
                        index += 1
                        let status: HTTPResponse.Status
                        if index % 5 == 0 {
                            // On an app of its own: an add-on's var would clash with the same service's on
                            // an app that has one (422), and an install refused with 503 may have left one.
                            guard let fresh = load.freshApps.withLock({ $0.popLast() }) else { continue }
                            let created = try await api.call(
                                .post, "/apps/\(fresh)/addons", key: user.key, json: ["plan": slug])
                            status = created.status
                            if status == .created, let id = created.object["id"] as? String {
                                load.outcome.withLock { $0.addons.append(id) }
                            }
                        } else {
                            let key = "K\(client)_\(index)"
                            status = try await api.call(
                                .patch, "/apps/\(app)/config-vars", key: user.key, json: [key: "v\(index)"]
                            ).status
                            if status == .ok { load.outcome.withLock { $0.writes["\(app)/\(key)"] = "v\(index)" } }
                        }
                        load.outcome.withLock {
                            $0.statuses[status.code, default: 0] += 1
                            if status.code < 300 { $0.served.append(.now) }
                        }
                        if status == .serviceUnavailable { try await Task.sleep(for: .milliseconds(50)) }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(1))
                try await cluster.stop()
                // Down for a second at least, and until a client has been answered 503: Souk's probe marks
                // the database down after two failed probes, which a machine busy with other tests takes
                // longer over, and until then requests wait for a connection and are served once it is back.
                let stopped = ContinuousClock.now
                try await Task.sleep(for: .seconds(1))
                while load.outcome.withLock({ $0.statuses[503] == nil }), ContinuousClock.now - stopped < .seconds(30) {
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await cluster.restart()
                load.restarted.withLock { $0 = .now }
                // Load goes on until writes have been served for 2 s after the restart, more than 10 were
                // acknowledged in all and an install among them, or 60 s have passed: a machine busy with other
                // tests serves fewer a second, and the checks below need enough of them to mean something.
                let since = ContinuousClock.now
                while ContinuousClock.now - since < .seconds(60) {
                    let (last, writes, installs) = load.outcome.withLock {
                        ($0.served.last, $0.writes.count, $0.addons.count)
                    }
                    if let last, last - since > .seconds(2), writes > 10, installs > 0 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                load.stop.store(true, ordering: .relaxed)
            }
            try await group.waitForAll()
        }
        let seen = load.outcome.withLock { $0 }
        #expect(Set(seen.statuses.keys).isSubset(of: [200, 201, 202, 503]), "\(seen.statuses)")
        #expect((seen.statuses[503] ?? 0) > 0, "no 503 within 30 s of the outage: \(seen.statuses)")
        let back = try #require(load.restarted.withLock { $0 })
        let first = try #require(seen.served.first { $0 > back }, "nothing served after the restart")
        #expect(first - back < .seconds(10), "served again \(first - back) after the restart")
        print("Restart under load: served again \(first - back) after PostgreSQL was back; answers \(seen.statuses)")

        for app in apps {
            let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key).decode(
                [String: String].self)
            for (key, value) in seen.writes where key.hasPrefix("\(app)/") {
                #expect(config[String(key.dropFirst(app.count + 1))] == value, "\(key)")
            }
        }
        #expect(seen.writes.count > 10, "\(seen.statuses)")
        let provisions = fake.requests(for: .provision).compactMap { $0.json?["uuid"]?.stringValue }
        for id in seen.addons {
            #expect(
                provisions.count { $0 == id } == 1, "add-on \(id) provisioned \(provisions.count { $0 == id }) times")
        }
        #expect(!seen.addons.isEmpty, "no install acknowledged: \(seen.statuses)")
    }
}
