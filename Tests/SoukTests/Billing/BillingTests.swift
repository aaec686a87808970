import Configuration
import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Issue #14 end to end, on a clock the test drives: per-second charges, plan changes, failures, month
/// closes, invoices, payouts and revenue, each compared with figures worked out by hand.
@Suite("Billing")
struct BillingTests {
    /// A Heroku-flavour service with a free plan, $10 and $25 monthly plans, and 5¢ per request.
    static func register(_ api: API, fake: FakeProvider) async throws -> (slug: String, providerKey: String) {
        let provider = try await api.createUser()
        let manifest: [String: Any] = [
            "id": fake.username, "name": "Fake \(fake.username)",
            "api": [
                "config_vars_prefix": "FAKE", "config_vars": ["FAKE_URL"], "password": fake.password,
                "sso_salt": "salt-\(fake.username)", "regions": ["us", "eu"], "requires": [],
                "production": ["base_url": fake.baseURL, "sso_url": "http://127.0.0.1:\(fake.port)/sso/login"],
            ] as [String: Any],
            "plans": [
                ["name": "basic", "human_name": "Basic", "default": true],
                ["name": "premium", "human_name": "Premium", "price": ["cents": 1000, "unit": "month"]],
                ["name": "pro", "human_name": "Pro", "price": ["cents": 2500, "unit": "month"]],
                [
                    "name": "metered", "human_name": "Metered",
                    "price": ["cents": 5, "unit": "request", "metered": true],
                ],
            ],
        ]
        let pushed = try await api.call(.post, "/provider/manifests", key: provider.key, json: manifest)
        guard pushed.status == .created else { throw TestFailure("push: \(pushed.text)") }
        let promoted = try await api.call(
            .patch, "/admin/addon-services/\(fake.username)", key: api.adminKey, json: ["state": "ga"])
        guard promoted.status == .ok else { throw TestFailure("promotion: \(promoted.text)") }
        return (fake.username, provider.key)
    }

    static func testApp(_ clock: ManualClock) -> TestApp {
        var app = TestApp.forAddons()
        app.clock = clock
        // The test closes months itself; the background check would race it.
        app.overrides["souk.billing.closeCheckSeconds"] = .init(.double(86_400), isSecret: false)
        return app
    }

    static func amounts(_ invoice: API.Response) -> [Int] {
        (invoice.object["lines"] as? [[String: Any]] ?? []).compactMap { $0["amount_cents"] as? Int }
    }

    @Test(
        "Per second, prorated per plan period, free plans at 0, failures never charged; the close is final",
        .soukDatabase)
    func november() async throws {
        let clock = ManualClock("2026-11-05T00:00:00Z")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await Self.testApp(clock).run { api in
                let (slug, providerKey) = try await Self.register(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let other = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):premium"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                let billed = created.object["billed_price"] as? [String: Any]
                #expect(billed?["cents"] as? Int == 1000)
                #expect(billed?["unit"] as? String == "month")
                #expect(billed?["contract"] as? Bool == false)

                clock.set("2026-11-10T00:00:00Z")
                let free = try await api.call(
                    .post, "/apps/\(other)/addons", key: user.key, json: ["plan": "\(slug):basic"])
                #expect(free.status == .created, "\(free.text)")
                // Refused by the provider: never provisioned, never charged.
                fake.misbehave(.provision, times: 1, .status(422))
                let third = try await api.createApp(key: user.key)
                let refused = try await api.call(
                    .post, "/apps/\(third)/addons", key: user.key, json: ["plan": "\(slug):pro"])
                #expect(refused.status.code >= 400, "\(refused.text)")

                clock.set("2026-11-15T00:00:00Z")
                let changed = try await api.call(
                    .patch, "/apps/\(app)/addons/\(id)", key: user.key, json: ["plan": "\(slug):pro"])
                #expect(changed.status == .ok, "\(changed.text)")

                clock.set("2026-11-20T00:00:00Z")
                // November has 2,592,000 s. Premium 10 days: 1000 × 864000 / 2592000 = 333.33 → 333; pro 5
                // days: 2500 × 432000 / 2592000 = 416.67 → 417; basic 10 days: 0.
                let running = try await api.call(.get, "/account/invoices/current", key: user.key)
                #expect(running.status == .ok, "\(running.text)")
                #expect(Self.amounts(running) == [333, 0, 417], "\(running.text)")
                #expect(running.object["total"] as? Int == 750)
                #expect(running.object["state"] as? Int == 0)
                #expect(running.object["period_start"] as? String == "2026-11-01")

                clock.set("2026-11-25T00:00:00Z")
                #expect(try await api.call(.delete, "/apps/\(app)/addons/\(id)", key: user.key).status == .ok)
                let early = try await api.call(
                    .post, "/admin/billing/close", key: api.adminKey, json: ["period": "2026-11"])
                #expect(early.status == .unprocessableContent, "\(early.text)")

                clock.set("2026-12-01T00:00:05Z")
                let close = try await api.call(
                    .post, "/admin/billing/close", key: api.adminKey, json: ["period": "2026-11"])
                #expect(close.status == .ok, "\(close.text)")
                #expect(close.object["closed"] as? Bool == true)
                // Pro for 10 days: 2500 / 3 = 833.33 → 833; basic from the 10th to the end: 0.
                let list = try await api.call(.get, "/account/invoices", key: user.key)
                #expect(list.array.count == 1, "\(list.text)")
                let number = try #require(list.array.first?["number"] as? Int)
                let invoice = try await api.call(.get, "/account/invoices/\(number)", key: user.key)
                #expect(Self.amounts(invoice) == [333, 0, 833], "\(invoice.text)")
                #expect(invoice.object["total"] as? Int == 1166)
                #expect(invoice.object["charges_total"] as? Int == 1166)
                #expect(invoice.object["credits_total"] as? Int == 0)
                #expect(invoice.object["state"] as? Int == 1)
                #expect(invoice.object["period_end"] as? String == "2026-12-01")
                let stranger = try await api.createUser()
                #expect(
                    try await api.call(.get, "/account/invoices/\(number)", key: stranger.key).status == .notFound)

                // Closing again is a no-op, and the closed invoice never changes.
                let again = try await api.call(
                    .post, "/admin/billing/close", key: api.adminKey, json: ["period": "2026-11"])
                #expect(again.object["closed"] as? Bool == false, "\(again.text)")
                #expect(again.object["invoices"] as? Int == close.object["invoices"] as? Int)
                #expect(try await api.call(.get, "/account/invoices/\(number)", key: user.key).text == invoice.text)

                // The provider is paid 80% of 1166 = 932.8 → 933; Souk keeps 233.
                let payouts = try await api.call(.get, "/provider/payouts/2026-11", key: providerKey)
                let payout = try #require(payouts.array.first, "\(payouts.text)")
                #expect(payout["gross_cents"] as? Int == 1166)
                #expect(payout["net_cents"] as? Int == 933)
                #expect(payout["fee_cents"] as? Int == 233)
                #expect((payout["addons"] as? [[String: Any]])?.count == 2)
                #expect(try await api.call(.get, "/provider/payouts", key: user.key).array.isEmpty)
                let revenue = try await api.call(.get, "/admin/revenue?period=2026-11", key: api.adminKey)
                #expect(revenue.object["gross_cents"] as? Int == 1166, "\(revenue.text)")
                #expect(try await api.call(.get, "/admin/revenue?period=2026-11", key: user.key).status == .forbidden)

                let account = try #require(
                    try await api.call(.get, "/account", key: user.key).object["id"] as? String)
                let mine = try await api.call(.get, "/admin/invoices?account=\(account)", key: api.adminKey)
                #expect(mine.array.map { $0["number"] as? Int } == [number])
                #expect(
                    try await api.call(.get, "/admin/invoices?period=2026-10", key: api.adminKey).array.allSatisfy {
                        ($0["account"] as? [String: Any])?["id"] as? String != account
                    })

                // December runs on: the free add-on is still live.
                clock.set("2026-12-02T00:00:00Z")
                let december = try await api.call(.get, "/account/invoices/current", key: user.key)
                #expect(Self.amounts(december) == [0], "\(december.text)")
                #expect(december.object["month"] as? String == "2026-12")
            }
        }
    }

    @Test("A whole month is exactly the price; a 29-day February prorates on 29 days", .soukDatabase)
    func monthLengths() async throws {
        let clock = ManualClock("2028-01-31T00:00:00Z")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await Self.testApp(clock).run { api in
                let (slug, _) = try await Self.register(api, fake: fake)
                let user = try await api.createUser()
                let whole = try await api.createApp(key: user.key)
                let part = try await api.createApp(key: user.key)
                _ = try await api.call(.post, "/apps/\(whole)/addons", key: user.key, json: ["plan": "\(slug):pro"])
                clock.set("2028-02-10T00:00:00Z")
                let created = try await api.call(
                    .post, "/apps/\(part)/addons", key: user.key, json: ["plan": "\(slug):pro"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                clock.set("2028-02-20T00:00:00Z")
                _ = try await api.call(.delete, "/apps/\(part)/addons/\(id)", key: user.key)
                clock.set("2028-03-01T00:00:00Z")
                #expect(
                    try await api.call(.post, "/admin/billing/close", key: api.adminKey, json: ["period": "2028-02"])
                        .status == .ok)
                let number = try #require(
                    try await api.call(.get, "/account/invoices", key: user.key).array.first?["number"] as? Int)
                let invoice = try await api.call(.get, "/account/invoices/\(number)", key: user.key)
                // The whole of February: 2500 exactly. Ten days of 29: 2500 × 864000 / 2505600 = 862.07 → 862.
                #expect(Self.amounts(invoice) == [2500, 862], "\(invoice.text)")
            }
        }
    }

    @Test(
        "Metered usage: accepted once per hour and unit, refusals explained, late usage on the next invoice",
        .soukDatabase)
    func usage() async throws {
        let clock = ManualClock("2026-11-30T21:30:00Z")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await Self.testApp(clock).run { api in
                let (slug, _) = try await Self.register(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):metered"])
                let id = try #require(created.object["id"] as? String, "\(created.text)")
                #expect((created.object["billed_price"] as? [String: Any])?["metered"] as? Bool == true)
                let partner = Marketplace.basic(fake.username, fake.password)
                func report(_ timestamp: String, _ usages: [[String: Any]]) async throws -> API.Response {
                    try await api.call(
                        .post, "/provider/addon-services/\(slug)/usage-batches", key: nil,
                        json: ["timestamp": timestamp, "usages": usages],
                        headers: [.authorization: partner])
                }
                func usage(_ quantity: Int, unit: String = "request", addon: String? = nil) -> [String: Any] {
                    ["quantity": quantity, "resource": ["id": addon ?? id], "unit": ["name": unit]]
                }

                clock.set("2026-11-30T22:10:00Z")
                let first = try await report(
                    "2026-11-30T21:00:00Z",
                    [usage(7), usage(1, unit: "gigabyte"), usage(2, addon: UUID().uuidString), usage(-1)])
                #expect(first.status == .ok, "\(first.text)")
                let states = (first.object["usages"] as? [[String: Any]] ?? []).map { $0["state"] as? String }
                #expect(states == ["accepted", "refused", "refused", "refused"], "\(first.text)")
                let repeated = try await report("2026-11-30T21:00:00Z", [usage(7)])
                let answer = (repeated.object["usages"] as? [[String: Any]])?.first
                #expect(answer?["state"] as? String == "refused")
                #expect((answer?["message"] as? String)?.contains("reported already") == true)
                #expect(try await report("2026-11-30T20:00:00Z", [usage(1)]).status == .unprocessableContent)
                #expect(try await report("2026-11-30T22:30:00Z", [usage(1)]).status == .unprocessableContent)
                #expect(
                    try await api.call(
                        .post, "/provider/addon-services/\(slug)/usage-batches", key: user.key,
                        json: ["timestamp": "2026-11-30T22:00:00Z", "usages": [usage(1)]]
                    ).status.code >= 400)

                clock.set("2026-12-01T00:20:00Z")
                #expect(
                    try await api.call(.post, "/admin/billing/close", key: api.adminKey, json: ["period": "2026-11"])
                        .status == .ok)
                // Reported after November closed: on December's invoice, with its own hour.
                let late = try await report("2026-11-30T23:00:00Z", [usage(3)])
                #expect((late.object["usages"] as? [[String: Any]])?.first?["state"] as? String == "accepted")

                let number = try #require(
                    try await api.call(.get, "/account/invoices", key: user.key).array.first?["number"] as? Int)
                let november = try await api.call(.get, "/account/invoices/\(number)", key: user.key)
                // 7 requests × 5¢ in the 21:00 hour, then the plan line from 21:30 (metered plans cost nothing by
                // the month).
                #expect(Self.amounts(november) == [35, 0], "\(november.text)")
                #expect(november.object["id"] as? String == (november.object["id"] as? String)?.lowercased())
                let december = try await api.call(.get, "/account/invoices/current", key: user.key)
                let lines = december.object["lines"] as? [[String: Any]] ?? []
                let lateLine = lines.first { $0["kind"] as? String == "usage" }
                #expect(lateLine?["amount_cents"] as? Int == 15, "\(december.text)")
                #expect(lateLine?["usage_hour"] as? String == "2026-11-30T23:00:00Z")
                #expect(lateLine?["quantity"] as? Int == 3)
            }
        }
    }

    @Test("Souk closes last month by itself once it is over", .soukDatabase)
    func closesByItself() async throws {
        let clock = ManualClock("2026-10-20T00:00:00Z")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            var testApp = Self.testApp(clock)
            testApp.overrides["souk.billing.closeCheckSeconds"] = .init(.double(0.05), isSecret: false)
            try await testApp.run { api in
                let (slug, _) = try await Self.register(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                _ = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):premium"])
                clock.set("2026-11-01T00:00:01Z")
                #expect(
                    try await eventually {
                        try await api.call(.get, "/account/invoices", key: user.key).array.count == 1
                    })
                let invoice = try await api.call(.get, "/account/invoices", key: user.key).array.first
                // 12 of October's 31 days: 1000 × 1036800 / 2678400 = 387.10 → 387.
                #expect(invoice?["total"] as? Int == 387)
                #expect(invoice?["month"] as? String == "2026-10")
            }
        }
    }
}
