import Configuration
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukCore
import SoukStore
import Testing

/// Heroku's API budgets, held across processes, for partner calls too, and for failed sign-ins per address.
/// Each test has a database of its own: budgets are shared through it, and one test's spending must not
/// be another's.
@Suite("Rate limits")
struct RateLimitTests {
    static let remainingHeader = HTTPField.Name("RateLimit-Remaining")!

    func limited(_ key: String, perHour: Int) -> TestApp {
        var app = TestApp()
        app.overrides[key] = .init(.int(perHour), isSecret: false)
        return app
    }

    @Test("An account's budget holds across two Souk processes on one database", .soukDatabase)
    func sharedAcrossProcesses() async throws {
        let first = limited("souk.rateLimit.perHour", perHour: 20)
        try await first.run { a in
            let user = try await a.createUser()
            var granted = 0
            for _ in 0..<15 where try await a.call(.get, "/account", key: user.key).status == .ok { granted += 1 }
            #expect(granted == 15)
            // The first process adds its spending to the shared budget within about a second.
            let accountID = try #require(try await a.call(.get, "/account", key: user.key).object["id"] as? String)
            #expect(try await eventually { try await sharedBalance("account:\(accountID)").map { $0 <= 5 } ?? false })

            var second = first
            second.adminKey = "admin-" + UUID().uuidString
            try await second.run { b in
                // On its own the second process would grant all 20; sharing, it grants what is left plus
                // what it meters before its own first sync, and then refuses.
                var grantedHere = 0
                var refused: API.Response?
                for _ in 0..<50 where refused == nil {
                    let response = try await b.call(.get, "/account", key: user.key)
                    if response.status == .ok { grantedHere += 1 } else { refused = response }
                    try await Task.sleep(for: .milliseconds(200))
                }
                let refusal = try #require(refused, "the second process never refused")
                #expect(grantedHere < 20, "the second process granted \(grantedHere)")
                #expect(refusal.status == .tooManyRequests && refusal.errorID == "rate_limit")
                #expect(refusal.headers[Self.remainingHeader] == "0")
                #expect(Int(refusal.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
        }
    }

    /// The shared balance of a budget key, as the processes last left it.
    func sharedBalance(_ key: String) async throws -> Double? {
        try await withTestDatabase(SoukDatabase.current) { client in
            let rows = try await client.query(
                "SELECT tokens FROM rate_limit_buckets WHERE key = \(key)", logger: Logger(label: "souk.tests")
            )
            for try await tokens in rows.decode(Double.self) { return tokens }
            return nil
        }
    }

    @Test("Every answer to an authenticated request carries RateLimit-Remaining, errors included", .soukDatabase)
    func headersOnErrors() async throws {
        try await TestApp().run { api in
            let user = try await api.createUser()
            let missing = try await api.call(
                .get, "/apps/no-such-app-\(UUID().uuidString.prefix(8).lowercased())", key: user.key)
            #expect(missing.status == .notFound)
            #expect(Int(missing.headers[Self.remainingHeader] ?? "") != nil)
            let invalid = try await api.call(.post, "/apps", key: user.key, json: ["name": "Not A Name"])
            #expect(invalid.status == .unprocessableContent)
            #expect(Int(invalid.headers[Self.remainingHeader] ?? "") != nil)
            #expect(try await api.call(.get, "/health", key: nil).headers[Self.remainingHeader] == nil)
        }
    }

    @Test("Failed sign-ins are metered per address: past the budget, 429 before any key is looked up", .soukDatabase)
    func failedSignIns() async throws {
        try await limited("souk.rateLimit.authFailuresPerHour", perHour: 5).run { api in
            let user = try await api.createUser()
            for attempt in 0..<5 {
                #expect(try await api.call(.get, "/account", key: "souk_wrong\(attempt)").status == .unauthorized)
            }
            let refused = try await api.call(.get, "/account", key: "souk_wrong")
            #expect(refused.status == .tooManyRequests && refused.errorID == "rate_limit")
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // The address is refused whatever it sends now: that is what makes guessing pointless.
            #expect(try await api.call(.get, "/account", key: user.key).status == .tooManyRequests)
            // Requests without credentials are not sign-ins.
            #expect(try await api.call(.get, "/health", key: nil).status == .ok)
        }
    }

    @Test("Partner API calls spend their service's budget", .soukDatabase)
    func partnerCalls() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            var app = TestApp.forAddons()
            app.overrides["souk.rateLimit.partnerPerHour"] = .init(.int(2), isSecret: false)
            try await app.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let provider: HTTPFields = [.authorization: Marketplace.basic(slug, fake.password)]
                let path = "/addons/\(UUID().uuidString.lowercased())/config"
                let first = try await api.call(.get, path, key: nil, headers: provider)
                #expect(first.status == .notFound && first.headers[Self.remainingHeader] == "1")
                #expect(
                    try await api.call(.get, path, key: nil, headers: provider).headers[Self.remainingHeader] == "0")
                let refused = try await api.call(.get, path, key: nil, headers: provider)
                #expect(refused.status == .tooManyRequests && refused.headers[.retryAfter] != nil)
            }
        }
    }
}
