import Configuration
import Foundation
import HTTPTypes
import PostgresNIO
import SoukCore
import SoukStore
import Testing

@testable import SoukServer

/// Issue #17's failover: a primary and a hot standby on 127.0.0.1 with synchronous replication, Souk given
/// both hosts, the primary stopped as a crash would, the standby promoted by hand (as an operator or a
/// failover manager does). Souk carries on without a restart.
@Suite("Reliability: failover to a promoted standby")
struct FailoverTests {
    @Test(
        "Souk follows a promoted standby within 10 s: no 500, no acknowledged write lost, no add-on provisioned twice")
    func promotedStandby() async throws {
        try await PrivateCluster.withStandby(synchronous: true) { primary, replica in
            let souk = Self.souk(primary, replica)
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                try await souk.run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    var installed: [String] = []
                    /// An add-on on an app of its own, through the provider; its id once acknowledged.
                    func install() async throws {
                        let target = try await api.createApp(key: user.key)
                        let created = try await api.call(
                            .post, "/apps/\(target)/addons", key: user.key, json: ["plan": slug])
                        #expect(created.status == .created, "\(created.text)")
                        if let id = created.object["id"] as? String { installed.append(id) }
                    }
                    try await install()
                    var acknowledged: [String: String] = [:]
                    func write(_ index: Int) async throws -> HTTPResponse.Status {
                        let key = "KEY_\(index)"
                        let response = try await api.call(
                            .patch, "/apps/\(app)/config-vars", key: user.key, json: [key: "value-\(index)"])
                        if response.status == .ok { acknowledged[key] = "value-\(index)" }
                        return response.status
                    }
                    for index in 0..<5 { #expect(try await write(index) == .ok) }

                    try await primary.stop()
                    // Until a standby is promoted there is no primary: writes are refused with 503, none is a 500.
                    var index = 5
                    for _ in 0..<3 {
                        #expect(try await write(index) == .serviceUnavailable)
                        index += 1
                    }
                    #expect(
                        try await eventually(timeout: .seconds(5)) {
                            try await api.call(.get, "/ready", key: nil).status == .serviceUnavailable
                        }, "/ready said ready with no primary")
                    try await replica.promote()
                    let promoted = ContinuousClock.now
                    var statuses: Set<HTTPResponse.Status> = []
                    var recovered: Duration?
                    while ContinuousClock.now - promoted < .seconds(20) {
                        let status = try await write(index)
                        index += 1
                        statuses.insert(status)
                        if status == .ok {
                            recovered = ContinuousClock.now - promoted
                            break
                        }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    #expect(statuses.isSubset(of: [.ok, .serviceUnavailable]), "\(statuses)")
                    let took = try #require(recovered, "no write succeeded within 20 s of the promotion")
                    #expect(took < .seconds(10), "recovered \(took) after the promotion")
                    print("Failover: writes served again \(took) after the promotion")
                    for _ in 0..<3 {
                        #expect(try await write(index) == .ok)
                        index += 1
                    }
                    let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
                        .decode([String: String].self)
                    for (key, value) in acknowledged { #expect(config[key] == value, "\(key)") }
                    #expect(acknowledged.count >= 9)
                    #expect(try await api.call(.get, "/ready", key: nil).status == .ok)
                    // Installs go on against the promoted standby; each add-on reached its provider once.
                    try await install()
                    try await install()
                    let provisions = fake.requests(for: .provision).compactMap { $0.json?["uuid"]?.stringValue }
                    #expect(installed.count == 3)
                    for id in installed { #expect(provisions.count { $0 == id } == 1, "add-on \(id)") }
                    for id in installed {
                        let addon = try await api.call(.get, "/addons/\(id)", key: user.key)
                        #expect(addon.object["state"] as? String == "provisioned", "\(addon.text)")
                    }
                }
            }
            // A Souk started afterwards with the same URL, whose first host is gone, starts on the second.
            try await souk.run { api in
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let response = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["A": "1"])
                #expect(response.status == .ok)
            }
        }
    }

    @Test("An install whose provider answers while there is no primary is recorded once one is promoted; asked once")
    func installInFlight() async throws {
        try await PrivateCluster.withStandby(synchronous: true) { primary, replica in
            let souk = Self.souk(primary, replica)
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
                try await souk.run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    fake.misbehave(.provision, times: 1, .hang(.seconds(2)))
                    async let installing = api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                    // The job is recorded and the provider called; then the primary goes, and the provider's
                    // answer comes while no host takes writes.
                    #expect(try await eventually { fake.requests(for: .provision).count == 1 })
                    let called = ContinuousClock.now
                    try await primary.stop()
                    try await Task.sleep(until: called + .seconds(3))
                    try await replica.promote()
                    let installed = try await installing
                    #expect(installed.status == .created, "\(installed.text)")
                    let id = try #require(installed.object["id"] as? String, "\(installed.text)")
                    #expect(installed.object["state"] as? String == "provisioned", "\(installed.text)")
                    let config = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
                    #expect(config.object["FAKE_URL"] != nil, "\(config.text)")
                    // The job is done, not waiting out its lease to call the provider again.
                    try await withTestDatabase("postgres://postgres@127.0.0.1:\(replica.port)/postgres") { database in
                        let rows = try await database.query(
                            "SELECT state FROM jobs WHERE addon_id = \(UUID(uuidString: id))",
                            logger: TestDatabase.logger)
                        var states: [String] = []
                        for try await state in rows.decode(String.self) { states.append(state) }
                        #expect(states == ["done"], "\(states)")
                    }
                    #expect(fake.requests(for: .provision).count == 1)
                }
            }
        }
    }

    /// A Souk for add-ons given both hosts, which follows whichever one is the primary.
    static func souk(_ primary: PrivateCluster, _ standby: PrivateCluster) -> TestApp {
        var souk = TestApp.forAddons()
        let hosts = "127.0.0.1:\(primary.port),127.0.0.1:\(standby.port)"
        souk.overrides["databaseUrl"] = .init(
            .string("postgres://postgres@\(hosts)/postgres?target_session_attrs=read-write"), isSecret: true)
        return souk
    }
}
