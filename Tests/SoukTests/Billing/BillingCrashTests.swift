import Foundation
import HTTPTypes
import NIOHTTP1
import PostgresNIO
import SoukCore
import SoukStore
import Testing

/// kill -9 in the middle of what charges: the books still balance after a restart, nothing charged twice.
@Suite("Billing survives a crash")
struct BillingCrashTests {
    let testApp = TestApp.forAddons(lease: 1)

    /// The running month's lines of the add-on `id`.
    static func lines(_ api: API, key: String, addon id: String) async throws -> [[String: Any]] {
        let current = try await api.call(.get, "/account/invoices/current", key: key)
        return (current.object["lines"] as? [[String: Any]] ?? []).filter {
            ($0["addon"] as? [String: Any])?["id"] as? String == id
        }
    }

    @Test("Killed while the provider provisions, then while it changes the plan: one line per plan", .soukDatabase)
    func provisionAndPlanChange() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let (slug, key, app) = try await testApp.run { api in
                let (slug, _) = try await BillingTests.register(api, fake: fake)
                let user = try await api.createUser()
                return (slug, user.key, try await api.createApp(key: user.key))
            }
            var souk = try await SoukProcess.forCrashTests()
            defer { souk.kill() }
            fake.misbehave(.provision, times: 1, .hang(.seconds(6)))
            let creating = souk.post("/apps/\(app)/addons", key: key, body: #"{"plan": "\#(slug):premium"}"#)
            #expect(try await eventually { fake.requests(for: .provision).count == 1 })
            souk.kill()
            creating.cancel()

            let id = try await testApp.run { api in
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        try await api.call(.get, "/apps/\(app)/addons", key: key).array.first?["state"] as? String
                            == "provisioned"
                    })
                let id = try #require(
                    try await api.call(.get, "/apps/\(app)/addons", key: key).array.first?["id"] as? String)
                let lines = try await Self.lines(api, key: key, addon: id)
                #expect(lines.count == 1, "\(lines)")
                #expect((lines.first?["plan"] as? [String: Any])?["name"] as? String == "\(slug):premium")
                return id
            }

            souk = try await SoukProcess.forCrashTests()
            fake.misbehave(.changePlan, times: 1, .hang(.seconds(6)))
            let changing = souk.send(.PATCH, "/apps/\(app)/addons/\(id)", key: key, body: #"{"plan": "\#(slug):pro"}"#)
            #expect(try await eventually { fake.requests(for: .changePlan).count == 1 })
            souk.kill()
            changing.cancel()

            try await testApp.run { api in
                #expect(
                    try await eventually(timeout: .seconds(30)) {
                        let addon = try await api.call(.get, "/apps/\(app)/addons/\(id)", key: key).object
                        return (addon["plan"] as? [String: Any])?["name"] as? String == "\(slug):pro"
                    })
                // A line counts whole seconds: the new plan's shows once its first second is over.
                let plans = { @Sendable () async throws -> [String] in
                    try await Self.lines(api, key: key, addon: id).compactMap {
                        ($0["plan"] as? [String: Any])?["name"] as? String
                    }
                }
                #expect(try await eventually { try await plans().count == 2 })
                let names = try await plans()
                #expect(names == ["\(slug):premium", "\(slug):pro"])
            }
        }
    }

    @Test("Killed while closing a month: the restarted Souk closes it once", .soukDatabase)
    func monthClose() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            let (key, id) = try await testApp.run { api in
                let (slug, _) = try await BillingTests.register(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):pro"])
                return (user.key, try #require(created.object["id"] as? String, "\(created.text)"))
            }
            // The add-on lived through last month, which is not closed yet (the Souk above closed it empty).
            try await withTestDatabase(SoukDatabase.current) { database in
                try await database.query(
                    """
                    UPDATE billing_periods SET started_at = date_trunc('month', now() - interval '1 month')
                    WHERE addon_id = \(UUID(uuidString: id)!)
                    """,
                    logger: TestDatabase.logger)
                try await database.query("DELETE FROM billing_closes", logger: TestDatabase.logger)
                // Holding the close's lock: the next Souk's close starts, waits inside its transaction, and dies.
                try await database.transaction(logger: TestDatabase.logger) { connection in
                    try await connection.query(
                        "SELECT pg_advisory_xact_lock(\(BillingRepository.closeLock))", logger: TestDatabase.logger)
                    let souk = try await SoukProcess.forCrashTests()
                    defer { souk.kill() }
                    #expect(
                        try await eventually {
                            let rows = try await database.query(
                                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
                                logger: TestDatabase.logger)
                            for try await waiting in rows.decode(Int64.self) { return waiting == 1 }
                            return false
                        })
                    souk.kill()
                }
            }
            try await testApp.run { api in
                #expect(
                    try await eventually {
                        try await api.call(.get, "/account/invoices", key: key).array.count == 1
                    })
                let invoices = try await api.call(.get, "/account/invoices", key: key).array
                #expect(invoices.count == 1)
                // The whole of last month on the $25 plan.
                #expect(invoices.first?["total"] as? Int == 2500, "\(invoices)")
                let again = try await api.call(
                    .post, "/admin/billing/close", key: api.adminKey,
                    json: ["period": "\(BillingMonth(containing: Date()).previous)"])
                #expect(again.object["closed"] as? Bool == false, "\(again.text)")
                #expect(again.object["invoices"] as? Int == 1)
            }
        }
    }
}
