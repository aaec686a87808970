import Configuration
import Foundation
import HTTPTypes
import SoukCore
import Testing

extension TestApp {
    /// An app whose provider calls may go to loopback fakes, that gives up on a provider after 3 seconds,
    /// and whose jobs retry and poll fast.
    /// Tests that count provider calls exactly pass a generous `timeout`: on a loaded machine a slow
    /// answer past a short one is retried, which is right but adds a call.
    /// `timeout` is the provider call timeout: 10 s by default, which a provider that answers at once meets
    /// even in the suite's busiest seconds (3 s did not, once); tests of timeouts pass a short one.
    static func forAddons(lease: Double = 2, timeout: Double = 10) -> TestApp {
        var app = TestApp()
        app.overrides["souk.providers.allowInsecureUrls"] = .init(.bool(true), isSecret: false)
        app.overrides["souk.providers.timeoutSeconds"] = .init(.double(timeout), isSecret: false)
        app.overrides["souk.jobs.retryBaseSeconds"] = .init(.double(0.05), isSecret: false)
        app.overrides["souk.jobs.maximumDelaySeconds"] = .init(.double(0.2), isSecret: false)
        app.overrides["souk.jobs.pollSeconds"] = .init(.double(0.05), isSecret: false)
        app.overrides["souk.jobs.leaseSeconds"] = .init(.double(lease), isSecret: false)
        app.overrides["souk.publicUrl"] = .init(.string("http://souk.test"), isSecret: false)
        return app
    }
}

/// Providers registered against fakes, ready for customers.
enum Marketplace {
    static func uniqueSlug() -> String { Manifests.uniqueSlug("fake") }

    /// A Heroku manifest for `fake` (whose username must be the slug), with plans `basic` (default) and
    /// `premium`, pushed by a new provider account and taken to `ga`. Returns the slug and the provider's key.
    @discardableResult
    static func registerHeroku(
        _ api: API, fake: FakeProvider, configVars: [String] = ["FAKE_URL"], requires: [String] = []
    ) async throws -> (slug: String, providerKey: String) {
        let provider = try await api.createUser()
        let manifest = herokuManifest(fake: fake, configVars: configVars, requires: requires)
        try await push(api, manifest: manifest, providerKey: provider.key, slug: fake.username)
        return (fake.username, provider.key)
    }

    /// The manifest `registerHeroku` pushes; `ssoPath` is where on the fake its `sso_url` points.
    static func herokuManifest(
        fake: FakeProvider, configVars: [String] = ["FAKE_URL"], requires: [String] = [], ssoPath: String = "/sso/login"
    ) -> [String: Any] {
        [
            "id": fake.username,
            "name": "Fake \(fake.username)",
            "api": [
                "config_vars_prefix": "FAKE",
                "config_vars": configVars,
                "password": fake.password,
                "sso_salt": "salt-\(fake.username)",
                "regions": ["us", "eu"],
                "requires": requires,
                "production": ["base_url": fake.baseURL, "sso_url": "http://127.0.0.1:\(fake.port)\(ssoPath)"],
                "test": ["base_url": fake.baseURL, "sso_url": "http://127.0.0.1:\(fake.port)\(ssoPath)"],
            ] as [String: Any],
            "plans": [
                ["name": "basic", "human_name": "Basic", "default": true],
                ["name": "premium", "human_name": "Premium", "price": ["cents": 1000, "unit": "month"]],
            ],
        ]
    }

    /// A Scalingo manifest for `fake` (username `fake-user`), plans `free` (default) and `premium`, taken to `ga`.
    @discardableResult
    static func registerScalingo(_ api: API, fake: FakeProvider) async throws -> (slug: String, providerKey: String) {
        let provider = try await api.createUser()
        let name = "Fake \(UUID().uuidString.prefix(8))"
        let manifest: [String: Any] = [
            "name": name, "username": fake.username, "password": fake.password, "sso_salt": "scalingo-salt",
            "short_description": "A fake", "description": "A fake provider for tests", "config_vars": ["FAKE_URL"],
            "production": ["base_url": fake.baseURL, "sso_url": "http://127.0.0.1:\(fake.port)/sso"],
            "plans": [
                ["name": "free", "display_name": "Free", "price": 0, "description": "Free"],
                [
                    "name": "premium", "display_name": "Premium", "price": 30, "description": "More",
                    "options": ["size": "large"],
                ],
            ],
        ]
        let slug = Manifests.scalingoSlug(name)
        try await push(api, manifest: manifest, providerKey: provider.key, slug: slug)
        return (slug, provider.key)
    }

    private static func push(_ api: API, manifest: [String: Any], providerKey: String, slug: String) async throws {
        let pushed = try await api.call(.post, "/provider/manifests", key: providerKey, json: manifest)
        guard pushed.status == .created else { throw TestFailure("push failed: \(pushed.text)") }
        let promoted = try await api.call(
            .patch, "/admin/addon-services/\(slug)", key: api.adminKey, json: ["state": "ga"])
        guard promoted.status == .ok else { throw TestFailure("promotion failed: \(promoted.text)") }
    }

    /// Basic credentials a provider uses on the partner API.
    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// Waits until `condition` holds, checking every 50 ms, for at most `timeout`.
func eventually(
    timeout: Duration = .seconds(10), _ condition: () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
