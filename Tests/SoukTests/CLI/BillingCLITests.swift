import Foundation
import HTTPTypes
import SoukCore
import Testing

@Suite("The souk command line for money: invoices, payouts and revenue")
struct BillingCLITests {
    @Test("invoices, invoices:show, provider:payouts and admin:revenue, as tables and as JSON", .soukDatabase)
    func money() async throws {
        let clock = ManualClock("2026-11-05T00:00:00Z")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await LiveSouk.run(BillingTests.testApp(clock)) { baseURL, api in
                let (slug, providerKey) = try await BillingTests.register(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(
                    .post, "/apps/\(app)/addons", key: user.key, json: ["plan": "\(slug):pro"])
                let addon = try #require(created.object["name"] as? String, "\(created.text)")
                clock.set("2026-12-01T00:00:00Z")
                #expect(
                    try await api.call(.post, "/admin/billing/close", key: api.adminKey, json: ["period": "2026-11"])
                        .status == .ok)
                let cli = try CLIRunner(baseURL: baseURL)
                // 26 of November's 30 days of $25: 2500 × 26 / 30 = 2166.67 → $21.67.

                let list = try await cli.run(["invoices"], key: user.key)
                #expect(list.status == 0, "\(list.stderr)")
                #expect(list.stdout.contains("current"), "\(list.stdout)")
                #expect(list.stdout.contains("2026-11") && list.stdout.contains("$21.67"), "\(list.stdout)")
                let invoices = try await api.call(.get, "/account/invoices", key: user.key).array
                let number = try #require(invoices.first?["number"] as? Int)

                let shown = try await cli.run(["invoices:show", "\(number)"], key: user.key)
                #expect(shown.status == 0, "\(shown.stderr)")
                #expect(shown.stdout.contains(addon) && shown.stdout.contains("\(slug):pro"), "\(shown.stdout)")
                #expect(shown.stdout.contains("$21.67"))
                let current = try await cli.run(["invoices:show", "current", "--json"], key: user.key)
                let decoded = try JSONSerialization.jsonObject(with: Data(current.stdout.utf8)) as? [String: Any]
                #expect(decoded?["month"] as? String == "2026-12", "\(current.stdout)")
                #expect(try await cli.run(["invoices:show", "nope"], key: user.key).status != 0)

                let payouts = try await cli.run(["provider:payouts", "--period", "2026-11"], key: providerKey)
                #expect(payouts.status == 0, "\(payouts.stderr)")
                // 80% of 2167 = 1733.6 → $17.34 paid; $4.33 kept.
                #expect(payouts.stdout.contains("$17.34") && payouts.stdout.contains("$4.33"), "\(payouts.stdout)")
                #expect(payouts.stdout.contains(addon))

                let revenue = try await cli.run(["admin:revenue", "--period", "2026-11", "--json"], key: api.adminKey)
                let totals = try JSONSerialization.jsonObject(with: Data(revenue.stdout.utf8)) as? [String: Any]
                #expect(totals?["gross_cents"] as? Int == 2167, "\(revenue.stdout)")
                let refused = try await cli.run(["admin:revenue", "--period", "2026-11"], key: user.key)
                #expect(refused.status != 0)
            }
        }
    }
}
