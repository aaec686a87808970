import Configuration
import Foundation
import HTTPTypes
import PostgresNIO
import SoukCore
import SoukStore
import Testing

/// `GET /metrics` (issue #10): who may read it, and that traffic moves what it shows.
/// Each test has a database of its own: the failed sign-in budgets are shared through it by every Souk on
/// it, so one test's failures would spend the other's (a suite-wide database made that a flaky test).
@Suite("Metrics for operators")
struct MetricsTests {
    static let token = "scrape-" + UUID().uuidString

    var testApp: TestApp {
        var app = TestApp.forAddons()
        app.overrides["souk.metricsToken"] = .init(.string(Self.token), isSecret: true)
        app.overrides["souk.rateLimit.authFailuresPerHour"] = .init(.int(3), isSecret: false)
        return app
    }

    @Test("Only an admin's key or the scrape token reads /metrics", .soukDatabase)
    func access() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            #expect(try await api.call(.get, "/metrics", key: nil).status == .unauthorized)
            #expect(try await api.call(.get, "/metrics", key: user.key).status == .forbidden)
            #expect(try await api.call(.get, "/metrics", key: Self.token + "x").status == .unauthorized)
            // The token is for /metrics only: elsewhere it is no key at all.
            #expect(try await api.call(.get, "/account", key: Self.token).status == .unauthorized)

            for key in [api.adminKey, Self.token] {
                let scraped = try await api.call(.get, "/metrics", key: key)
                #expect(scraped.status == .ok)
                #expect(scraped.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(PrometheusText(text: scraped.text).value("souk_database_up") == 1)
            }
        }
    }

    @Test("Requests, provider calls, single sign-on, refusals, the pool and the job queue all show", .soukDatabase)
    func countersMove() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                let addon = try #require(created.object["id"] as? String, "\(created.text)")
                #expect(try await api.call(.get, "/apps/\(app)/addons/\(addon)/sso", key: user.key).status == .ok)
                for _ in 0..<2 { _ = try await api.call(.get, "/apps/\(app)/config-vars", key: user.key) }
                #expect(try await api.call(.get, "/no/such/route", key: nil).status == .notFound)
                for _ in 0..<3 { #expect(try await api.call(.get, "/account", key: "wrong").status == .unauthorized) }
                #expect(try await api.call(.get, "/account", key: "wrong").status == .tooManyRequests)
                try await Self.holdJob(of: addon, dueSecondsAgo: 30)

                let metrics = PrometheusText(text: try await api.call(.get, "/metrics", key: Self.token).text)
                let configRoute = ["method": "GET", "route": "/apps/{app}/config-vars"]
                #expect(metrics.value("souk_http_requests_total", configRoute.merging(["status": "200"]) { $1 }) == 2)
                #expect(metrics.value("souk_http_request_duration_seconds_count", configRoute) == 2)
                #expect(metrics.value("souk_http_requests_total", ["route": "NotFound", "status": "404"]) == 1)
                #expect(metrics.value("souk_provider_calls_total", ["service": slug, "outcome": "2xx"]) == 1)
                #expect(metrics.value("souk_provider_call_duration_seconds_count", ["service": slug]) == 1)
                #expect(metrics.value("souk_sso_issued_total", ["method": "post"]) == 1)
                #expect(metrics.value("souk_authentication_failures_total") == 3)
                #expect(metrics.value("souk_rate_limit_refusals_total", ["scope": "auth-failures"]) == 1)
                #expect(metrics.value("souk_database_pool_max") == 4)
                #expect(metrics.value("souk_database_pool_waiting") != nil)
                #expect((metrics.value("souk_database_pool_in_use") ?? -1) >= 0)
                #expect(metrics.value("souk_jobs_queued", ["kind": "change_plan"]) == 1)
                #expect((metrics.value("souk_jobs_oldest_due_seconds", ["kind": "change_plan"]) ?? 0) >= 30)
                #expect(metrics.value("souk_jobs_queued", ["kind": "deprovision"]) == 0)
            }
        }
    }

    /// A change of plan that a live worker holds (its lease runs an hour), due `dueSecondsAgo`: queued and
    /// overdue, yet no worker here will take it.
    static func holdJob(of addon: String, dueSecondsAgo: Int) async throws {
        _ = try await withTestDatabase(SoukDatabase.current) { database in
            try await database.query(
                """
                INSERT INTO jobs (id, kind, addon_id, state, run_at, lease_until)
                VALUES (\(UUID()), 'change_plan', \(UUID(uuidString: addon)!), 'running',
                        now() - make_interval(secs => \(dueSecondsAgo)), now() + interval '1 hour')
                """,
                logger: TestDatabase.logger
            )
        }
    }
}
