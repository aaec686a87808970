import Configuration
import Foundation
import HTTPTypes
import PostgresNIO
import SoukCore
import SoukStore
import Testing

/// Issue #17's read replicas: a primary and a hot standby on 127.0.0.1, Souk given the standby in
/// `SOUK_READ_REPLICA_URLS`, and the standby's replay paused to make it lag on demand.
@Suite("Reliability: reads from a standby")
struct ReadReplicaTests {
    @Test(
        "The catalog reads from a fresh standby and leaves it once it lags; what a customer changed never reaches it")
    func lagging() async throws {
        try await PrivateCluster.withStandby { primary, replica in
            func souk(maxLag: Double) -> TestApp {
                var souk = TestApp.forAddons()
                souk.overrides["databaseUrl"] = .init(
                    .string("postgres://postgres@127.0.0.1:\(primary.port)/postgres"), isSecret: true)
                souk.overrides["souk.readReplicaUrls"] = .init(
                    .string("postgres://postgres@127.0.0.1:\(replica.port)/postgres"), isSecret: true)
                souk.overrides["souk.maxReplicaLag"] = .init(.double(maxLag), isSecret: false)
                return souk
            }
            let standbyURL = "postgres://postgres@127.0.0.1:\(replica.port)/postgres"
            try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { early in
                try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { late in
                    // A lag allowed long enough that no test run outlasts it: the standby stays in use.
                    let lateSlug = try await souk(maxLag: 600).run { api in
                        try await Self.staleButAllowed(api, early: early, late: late, standbyURL: standbyURL)
                    }
                    // Allowed 1 s, the same paused standby takes no reads.
                    try await souk(maxLag: 1).run { api in
                        try await Self.tooFarBehind(api, lateSlug: lateSlug, standbyURL: standbyURL)
                    }
                }
            }
        }
    }

    static func freshReplicas(_ api: API) async throws -> Double? {
        let metrics = try await api.call(.get, "/metrics", key: api.adminKey).text
        return PrometheusText(text: metrics).value("souk_database_replicas_fresh")
    }

    static func listed(_ api: API, _ slug: String) async throws -> Bool {
        try await api.call(.get, "/addon-services/\(slug)", key: nil).status == .ok
    }

    static func replay(_ command: String, standbyURL: String) async throws {
        try await withTestDatabase(standbyURL) { standby in
            try await standby.query(PostgresQuery(unsafeSQL: "SELECT \(command)()"), logger: TestDatabase.logger)
        }
    }

    /// The standby in use, then paused: the catalog is read from it (a service pushed since is missing), what a
    /// customer changes is read from the primary. Returns that service's slug.
    static func staleButAllowed(
        _ api: API, early: FakeProvider, late: FakeProvider, standbyURL: String
    ) async throws -> String {
        let (earlySlug, _) = try await Marketplace.registerHeroku(api, fake: early)
        #expect(try await eventually(timeout: .seconds(20)) { try await freshReplicas(api) == 1 }, "never fresh")
        #expect(try await eventually { try await listed(api, earlySlug) })

        try await replay("pg_wal_replay_pause", standbyURL: standbyURL)
        let (lateSlug, _) = try await Marketplace.registerHeroku(api, fake: late)
        #expect(try await !listed(api, lateSlug), "the catalog was not read from the standby")
        #expect(try await freshReplicas(api) == 1)
        let user = try await api.createUser()
        let app = try await api.createApp(key: user.key)
        for index in 0..<5 {
            let set = try await api.call(.patch, "/apps/\(app)/config-vars", key: user.key, json: ["N": "\(index)"])
            #expect(set.status == .ok, "\(set.text)")
            let read = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key)
            #expect(read.object["N"] as? String == "\(index)", "\(read.text)")
        }
        #expect(try await api.call(.get, "/apps/\(app)", key: user.key).status == .ok)
        return lateSlug
    }

    /// The same standby, still paused, with 1 s of lag allowed: never fresh, so the catalog is the primary's;
    /// replaying again, it takes reads again; paused once more, it is dropped again within the lag.
    static func tooFarBehind(_ api: API, lateSlug: String, standbyURL: String) async throws {
        #expect(try await listed(api, lateSlug))
        #expect(try await freshReplicas(api) == 0)

        try await replay("pg_wal_replay_resume", standbyURL: standbyURL)
        #expect(try await eventually(timeout: .seconds(20)) { try await freshReplicas(api) == 1 }, "never fresh")
        #expect(try await listed(api, lateSlug))

        try await replay("pg_wal_replay_pause", standbyURL: standbyURL)
        // Souk's own writes (rate limit budgets, this app) move the primary on; the standby falls behind.
        let user = try await api.createUser()
        _ = try await api.createApp(key: user.key)
        #expect(try await eventually(timeout: .seconds(20)) { try await freshReplicas(api) == 0 }, "never dropped")
        #expect(try await listed(api, lateSlug))
        try await replay("pg_wal_replay_resume", standbyURL: standbyURL)
    }
}
