import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Issue #10, item 3: an OAuth token is for one add-on, on every route, and each flavour's credentials
/// open that flavour's partner routes only.
@Suite("Partner credentials are scoped to their add-on and their flavour", .soukDatabase)
struct PartnerScopeTests {
    // A generous provider timeout: on a loaded machine a slow fake would fail the set-up, not the test.
    let testApp = TestApp.forAddons(timeout: 20)

    /// Two add-ons of one Heroku service (`mine`, whose token is `token`, and its sibling) and one of a
    /// Scalingo service, with every credential a provider could present.
    struct Fixture: Sendable {
        var api: API
        var mine: String
        var sibling: String
        var scalingoAddon: String
        var token: String
        var herokuBasic: String
        var scalingoBasic: String
    }

    private func withFixture(_ body: @Sendable (Fixture) async throws -> Void) async throws {
        let herokuPassword = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let scalingoPassword = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug(), password: herokuPassword) {
            heroku in
            try await FakeProvider.run(
                flavour: .scalingo, username: Marketplace.uniqueSlug(), password: scalingoPassword
            ) {
                scalingo in
                try await testApp.run { api in
                    let (slug, _) = try await Marketplace.registerHeroku(api, fake: heroku, requires: ["many_per_app"])
                    let (scalingoSlug, _) = try await Marketplace.registerScalingo(api, fake: scalingo)
                    let user = try await api.createUser()
                    let app = try await api.createApp(key: user.key)
                    let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                    #expect(created.status == .created, "\(created.text)")
                    let mine = try #require(created.object["id"] as? String)
                    let sibling = try #require(
                        try await api.call(
                            .post, "/apps/\(app)/addons", key: user.key,
                            json: ["plan": slug, "attachment": ["name": "SIBLING"]]
                        ).object["id"] as? String
                    )
                    // Its own app: both services expose FAKE_URL.
                    let otherApp = try await api.createApp(key: user.key)
                    let scalingoCreated = try await api.call(
                        .post, "/apps/\(otherApp)/addons", key: user.key, json: ["plan": scalingoSlug]
                    )
                    #expect(scalingoCreated.status == .created, "\(scalingoCreated.text)")
                    let scalingoAddon = try #require(scalingoCreated.object["id"] as? String)
                    let grant = heroku.requests(for: .provision).first { $0.json?["uuid"]?.stringValue == mine }
                    let code = try #require(grant?.json?["oauth_grant"]?["code"]?.stringValue)
                    let exchanged = try await api.call(
                        .post, "/oauth/token", key: nil,
                        json: ["grant_type": "authorization_code", "code": code, "client_secret": herokuPassword]
                    )
                    let token = try #require(exchanged.object["access_token"] as? String, "\(exchanged.text)")
                    try await body(
                        Fixture(
                            api: api, mine: mine, sibling: sibling, scalingoAddon: scalingoAddon,
                            token: "Bearer \(token)",
                            herokuBasic: Marketplace.basic(slug, herokuPassword),
                            scalingoBasic: Marketplace.basic(scalingo.username, scalingoPassword)
                        )
                    )
                }
            }
        }
    }

    /// `status`, with Souk's error body.
    private func expectError(
        _ response: API.Response, _ status: HTTPResponse.Status, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            response.status == status, "\(label): \(response.status) \(response.text)", sourceLocation: sourceLocation)
        let id = status == .notFound ? "not_found" : "unauthorized"
        #expect(response.errorID == id, "\(label)", sourceLocation: sourceLocation)
        #expect(response.object["message"] is String, "\(label)", sourceLocation: sourceLocation)
    }

    @Test("An add-on's OAuth token cannot list its siblings through GET /v1/provider/apps")
    func tokenListsNothing() async throws {
        try await withFixture { f in
            let list = try await f.api.call(.get, "/v1/provider/apps", key: nil, headers: [.authorization: f.token])
            expectError(list, .unauthorized, "GET /v1/provider/apps")
            #expect(!list.text.contains(f.sibling))
            for id in [f.mine, f.sibling] {
                let show = try await f.api.call(
                    .get, "/v1/provider/apps/\(id)", key: nil, headers: [.authorization: f.token])
                expectError(show, .unauthorized, "GET /v1/provider/apps/\(id)")
                let patch = try await f.api.call(
                    .patch, "/v1/provider/apps/\(id)", key: nil, body: #"{"config": {"FAKE_URL": "x://stolen"}}"#,
                    headers: [.authorization: f.token]
                )
                expectError(patch, .unauthorized, "PATCH /v1/provider/apps/\(id)")
            }
        }
    }

    @Test("An add-on's OAuth token reaches that add-on only on the Heroku routes")
    func tokenReachesItsAddonOnly() async throws {
        try await withFixture { f in
            let auth: HTTPFields = [.authorization: f.token]
            #expect(try await f.api.call(.get, "/addons/\(f.mine)", key: nil, headers: auth).status == .ok)
            #expect(try await f.api.call(.get, "/addons/\(f.mine)/config", key: nil, headers: auth).status == .ok)
            let own = try await f.api.call(
                .patch, "/addons/\(f.mine)/config", key: nil,
                body: #"{"config": [{"name": "FAKE_URL", "value": "x://mine"}]}"#,
                headers: auth
            )
            #expect(own.status == .ok, "\(own.text)")

            for target in [f.sibling, f.scalingoAddon] {
                expectError(
                    try await f.api.call(.get, "/addons/\(target)", key: nil, headers: auth), .notFound, "GET \(target)"
                )
                expectError(
                    try await f.api.call(.get, "/addons/\(target)/config", key: nil, headers: auth), .notFound,
                    "GET config"
                )
                expectError(
                    try await f.api.call(
                        .patch, "/addons/\(target)/config", key: nil,
                        body: #"{"config": [{"name": "FAKE_URL", "value": "x://stolen"}]}"#, headers: auth
                    ), .notFound, "PATCH config"
                )
                for action in ["provision", "deprovision"] {
                    expectError(
                        try await f.api.call(.post, "/addons/\(target)/actions/\(action)", key: nil, headers: auth),
                        .notFound,
                        "POST \(action)"
                    )
                }
            }
            // The sibling is untouched.
            let sibling = try await f.api.call(
                .get, "/addons/\(f.sibling)", key: nil, headers: [.authorization: f.herokuBasic])
            #expect(sibling.object["state"] as? String == "provisioned")
            let config = try await f.api.call(
                .get, "/addons/\(f.sibling)/config", key: nil, headers: [.authorization: f.herokuBasic]
            )
            #expect(!config.text.contains("stolen"))
        }
    }

    @Test("Heroku-flavour Basic credentials are refused on the Scalingo routes")
    func herokuBasicOnScalingoRoutes() async throws {
        try await withFixture { f in
            let auth: HTTPFields = [.authorization: f.herokuBasic]
            expectError(try await f.api.call(.get, "/v1/provider/apps", key: nil, headers: auth), .unauthorized, "list")
            for id in [f.mine, f.scalingoAddon] {
                expectError(
                    try await f.api.call(.get, "/v1/provider/apps/\(id)", key: nil, headers: auth), .unauthorized,
                    "show")
                expectError(
                    try await f.api.call(
                        .patch, "/v1/provider/apps/\(id)", key: nil, body: #"{"config": {"FAKE_URL": "x://y"}}"#,
                        headers: auth
                    ), .unauthorized, "patch"
                )
            }
            // On its own routes the same credentials work.
            #expect(try await f.api.call(.get, "/addons/\(f.sibling)/config", key: nil, headers: auth).status == .ok)
        }
    }

    @Test("Scalingo-flavour Basic credentials are refused on the Heroku routes")
    func scalingoBasicOnHerokuRoutes() async throws {
        try await withFixture { f in
            let auth: HTTPFields = [.authorization: f.scalingoBasic]
            for id in [f.scalingoAddon, f.mine] {
                expectError(try await f.api.call(.get, "/addons/\(id)", key: nil, headers: auth), .unauthorized, "GET")
                expectError(
                    try await f.api.call(.get, "/addons/\(id)/config", key: nil, headers: auth), .unauthorized, "config"
                )
                expectError(
                    try await f.api.call(
                        .patch, "/addons/\(id)/config", key: nil,
                        body: #"{"config": [{"name": "FAKE_URL", "value": "x://y"}]}"#,
                        headers: auth
                    ), .unauthorized, "PATCH config"
                )
                for action in ["provision", "deprovision"] {
                    expectError(
                        try await f.api.call(.post, "/addons/\(id)/actions/\(action)", key: nil, headers: auth),
                        .unauthorized,
                        action
                    )
                }
            }
            // On its own routes the same credentials work, and list only the Scalingo service's add-on.
            let list = try await f.api.call(.get, "/v1/provider/apps", key: nil, headers: auth)
            #expect(list.status == .ok, "\(list.text)")
            #expect(
                (list.object["apps"] as? [[String: Any]])?.compactMap { $0["app_id"] as? String } == [f.scalingoAddon])
            #expect(
                try await f.api.call(.get, "/v1/provider/apps/\(f.scalingoAddon)", key: nil, headers: auth).status
                    == .ok)
        }
    }
}
