import Crypto
import Foundation
import HTTPTypes
import PostgresNIO
import SoukCore
import SoukStore
import Testing

@testable import SoukServer

@Suite("Single sign-on to providers' dashboards")
struct SingleSignOnTests {
    let testApp = TestApp.forAddons()

    struct Installed {
        var app: String
        var id: String
        var name: String
        var providerID: String
        var webURL: String?
    }

    func install(_ api: API, plan: String, key: String) async throws -> Installed {
        let app = try await api.createApp(key: key)
        let created = try await api.call(.post, "/apps/\(app)/addons", key: key, json: ["plan": plan])
        guard created.status == .created, let id = created.object["id"] as? String,
            let name = created.object["name"] as? String,
            let providerID = created.object["provider_id"] as? String
        else {
            throw TestFailure("install failed: \(created.status) \(created.text)")
        }
        return Installed(
            app: app, id: id, name: name, providerID: providerID, webURL: created.object["web_url"] as? String)
    }

    static func sha1(_ text: String) -> String {
        Insecure.SHA1.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func base64URLDecoded(_ text: String) -> String? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Rows of `sso_issuances` for an add-on: (account, context app, method).
    static func issuances(of addon: String) async throws -> [(UUID?, UUID?, String)] {
        try await withTestDatabase(SoukDatabase.current) { client in
            let rows = try await client.query(
                "SELECT account_id, context_app_id, method FROM sso_issuances WHERE addon_id = \(UUID(uuidString: addon)!) ORDER BY created_at",
                logger: TestDatabase.logger
            )
            var found: [(UUID?, UUID?, String)] = []
            for try await row in rows.decode((UUID?, UUID?, String).self) { found.append(row) }
            return found
        }
    }

    static func appID(_ api: API, _ app: String, key: String) async throws -> UUID? {
        (try await api.call(.get, "/apps/\(app)", key: key).object["id"] as? String).flatMap(UUID.init(uuidString:))
    }

    @Test(
        "Heroku flavour: a form to POST with every token, checked against the salt the provider pushed", .soukDatabase)
    func herokuTokens() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await install(api, plan: slug, key: user.key)
                let salt = "salt-\(slug)"

                let before = Int(Date().timeIntervalSince1970)
                let answer = try await api.call(
                    .get, "/apps/\(addon.app)/addons/\(addon.id)/sso?issue_no=42", key: user.key)
                let after = Int(Date().timeIntervalSince1970)
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.headers[.cacheControl] == "no-store")
                #expect(answer.object["method"] as? String == "post")
                #expect(answer.object["action"] as? String == "http://127.0.0.1:\(fake.port)/sso/login")
                let params = try #require(answer.object["params"] as? [String: String])
                let timestamp = try #require(params["timestamp"].flatMap { Int($0) })
                #expect((before...after).contains(timestamp))
                let ts = String(timestamp)
                #expect(params["id"] == addon.providerID)
                #expect(params["token"] == Self.sha1("\(addon.providerID):\(salt):\(ts)"))
                #expect(params["resource_id"] == addon.id)
                #expect(params["resource_token"] == Self.sha1("\(addon.id):\(salt):\(ts)"))
                #expect(
                    params["user_scoped_resource_token"]
                        == Self.sha256("\(addon.id):\(salt):\(ts):\(user.id):\(user.email)"))
                #expect(params["email"] == user.email)
                #expect(params["user_id"] == user.id)
                #expect(params["app"] == addon.app)
                #expect(params["context_app"] == addon.app)
                #expect(params["issue_no"] == "42")
                #expect(
                    params["nav-data"].flatMap(Self.base64URLDecoded)
                        == #"{"addon":"Fake \#(slug)","appname":"\#(addon.app)","addons":[{"slug":"\#(slug)","name":"Fake \#(slug)","current":true}]}"#
                )
                #expect(params.count == 12)

                // By name, without an app: the billing app is the context.
                let byName = try await api.call(.get, "/addons/\(addon.name)/sso", key: user.key)
                #expect(byName.status == .ok)
                #expect((byName.object["params"] as? [String: String])?["context_app"] == addon.app)
            }
        }
    }

    @Test("Scalingo flavour: a link carrying id, timestamp and token, then the extras", .soukDatabase)
    func scalingoTokens() async throws {
        try await FakeProvider.run(flavour: .scalingo, username: "fake-user") { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await install(api, plan: "\(slug):free", key: user.key)

                let answer = try await api.call(.get, "/addons/\(addon.id)/sso?issue_no=42", key: user.key)
                #expect(answer.status == .ok, "\(answer.text)")
                #expect(answer.object["method"] as? String == "get")
                let params = try #require(answer.object["params"] as? [String: String])
                let ts = try #require(params["timestamp"])
                let token = Self.sha1("\(addon.providerID):scalingo-salt:\(ts)")
                #expect(params == ["id": addon.providerID, "timestamp": ts, "token": token, "issue_no": "42"])
                let id = try #require(
                    addon.providerID.addingPercentEncoding(
                        withAllowedCharacters: .init(charactersIn: "-._~").union(.alphanumerics)))
                #expect(
                    answer.object["action"] as? String
                        == "http://127.0.0.1:\(fake.port)/sso?id=\(id)&timestamp=\(ts)&token=\(token)&issue_no=42"
                )
            }
        }
    }

    @Test("Only owners and collaborators of an attached app get a token; others get a 404", .soukDatabase)
    func access() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let owner = try await api.createUser()
                let helper = try await api.createUser()
                let stranger = try await api.createUser()
                let addon = try await install(api, plan: slug, key: owner.key)
                let strangersApp = try await api.createApp(key: stranger.key)
                let ownersOtherApp = try await api.createApp(key: owner.key)

                for path in [
                    "/addons/\(addon.id)/sso", "/addons/\(addon.name)/sso", "/apps/\(addon.app)/addons/\(addon.id)/sso",
                    "/apps/\(strangersApp)/addons/\(addon.id)/sso",
                ] {
                    let refused = try await api.call(.get, path, key: stranger.key)
                    #expect(refused.status == .notFound, "\(path)")
                    #expect(refused.errorID == "not_found")
                }
                let basicStranger = Marketplace.basic("", stranger.key)
                #expect(
                    try await api.call(
                        .get, "/addons/\(addon.id)/sso/open", key: nil, headers: [.authorization: basicStranger]
                    ).status == .notFound)
                #expect(try await api.call(.get, "/addons/\(UUID())/sso", key: owner.key).status == .notFound)
                // The add-on isn't attached to the owner's other app.
                #expect(
                    try await api.call(.get, "/apps/\(ownersOtherApp)/addons/\(addon.id)/sso", key: owner.key).status
                        == .notFound)
                #expect(try await api.call(.get, "/addons/\(addon.id)/sso", key: nil).status == .unauthorized)

                let added = try await api.call(
                    .post, "/apps/\(addon.app)/collaborators", key: owner.key, json: ["user": helper.email])
                #expect(added.status == .created, "\(added.text)")
                let helped = try await api.call(.get, "/apps/\(addon.app)/addons/\(addon.name)/sso", key: helper.key)
                #expect(helped.status == .ok)
                let params = helped.object["params"] as? [String: String]
                #expect(params?["email"] == helper.email)
                #expect(params?["user_id"] == helper.id)
                #expect(try await Self.issuances(of: addon.id).count == 1)
            }
        }
    }

    @Test("An add-on still provisioning gets no token (409)", .soukDatabase)
    func provisioning() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let app = try await api.createApp(key: user.key)
                fake.misbehave(.provision, times: 1, .accepted)
                let created = try await api.call(.post, "/apps/\(app)/addons", key: user.key, json: ["plan": slug])
                #expect(created.object["state"] as? String == "provisioning")
                let id = try #require(created.object["id"] as? String)

                let answer = try await api.call(.get, "/addons/\(id)/sso", key: user.key)
                #expect(answer.status == .conflict)
                #expect(answer.errorID == "conflict")
                #expect(!answer.text.contains("token"))
                let page = try await api.call(
                    .get, "/apps/\(app)/addons/\(id)/sso/open", key: nil,
                    headers: [.authorization: Marketplace.basic("", user.key)])
                #expect(page.status == .conflict)
                #expect(try await Self.issuances(of: id).isEmpty)
            }
        }
    }

    @Test("Extras are capped: at most 20, names and values up to 200 characters", .soukDatabase)
    func extrasCap() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await install(api, plan: slug, key: user.key)
                let nineteen = (1...19).map { "p\($0)=\($0)" }.joined(separator: "&")
                let ok = try await api.call(
                    .get, "/addons/\(addon.id)/sso?\(nineteen)&p1=again&a+b=c%20d", key: user.key)
                #expect(ok.status == .ok)
                let params = ok.object["params"] as? [String: String]
                #expect(params?["p1"] == "1")
                #expect(params?["a b"] == "c d")
                #expect(
                    try await api.call(.get, "/addons/\(addon.id)/sso?\(nineteen)&p20=20&a+b=c", key: user.key).status
                        == .unprocessableContent)
                let long = String(repeating: "x", count: 201)
                #expect(
                    try await api.call(.get, "/addons/\(addon.id)/sso?q=\(long)", key: user.key).status
                        == .unprocessableContent)
                #expect(
                    try await api.call(.get, "/addons/\(addon.id)/sso?\(long)=1", key: user.key).status
                        == .unprocessableContent)
                #expect(try await api.call(.get, "/addons/\(addon.id)/sso?q=%zz", key: user.key).status == .badRequest)
            }
        }
    }

    @Test("The browser hand-off for a GET-style provider is a 302 to the signed link", .soukDatabase)
    func scalingoHandOffPage() async throws {
        try await FakeProvider.run(flavour: .scalingo, username: "fake-user") { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerScalingo(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await install(api, plan: "\(slug):free", key: user.key)

                let page = try await api.call(
                    .get, "/apps/\(addon.app)/addons/\(addon.id)/sso/open?issue_no=42", key: nil,
                    headers: [.authorization: Marketplace.basic("", user.key)]
                )
                #expect(page.status == .found)
                let location = try #require(page.headers[.location])
                #expect(location.hasPrefix("http://127.0.0.1:\(fake.port)/sso?id="))
                let ts = try #require(
                    URLComponents(string: location)?.queryItems?.first { $0.name == "timestamp" }?.value)
                #expect(location.contains("&token=\(Self.sha1("\(addon.providerID):scalingo-salt:\(ts)"))&issue_no=42"))
                #expect(page.headers[.cacheControl] == "no-store")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
        }
    }

    @Test(
        "The browser hand-off for a POST-style provider is a self-submitting form, every value escaped", .soukDatabase)
    func herokuHandOffPage() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await install(api, plan: slug, key: user.key)
                #expect(addon.webURL == "http://souk.test/addons/\(addon.id)/sso/open")
                #expect(
                    try await api.call(.get, "/addons/\(addon.id)", key: user.key).object["web_url"] as? String
                        == addon.webURL)

                let evil = #""><script>alert('x')</script>&"#
                let query = try #require(evil.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                let page = try await api.call(
                    .get, "/addons/\(addon.id)/sso/open?note=\(query)", key: nil,
                    headers: [.authorization: Marketplace.basic("", user.key)]
                )
                #expect(page.status == .ok, "\(page.text)")
                #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(page.headers[.cacheControl] == "no-store")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                let html = page.text
                #expect(html.contains(#"<form method="post" action="http://127.0.0.1:\#(fake.port)/sso/login">"#))
                #expect(html.contains(#"<button type="submit">"#))
                #expect(
                    html.contains(
                        #"name="note" value="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;""#))
                #expect(!html.contains("<script>alert"))
                #expect(html.contains(#"name="context_app" value="\#(addon.app)""#))
                #expect(html.contains(#"name="email" value="\#(user.email)""#))
                #expect(html.contains(#"name="resource_id" value="\#(addon.id)""#))
                let token = try #require(html.firstMatch(of: /name="token" value="([0-9a-f]{40})"/)?.1)
                let ts = try #require(html.firstMatch(of: /name="timestamp" value="([0-9]+)"/)?.1)
                #expect(String(token) == Self.sha1("\(addon.providerID):salt-\(slug):\(ts)"))

                // The only script on the page is the one the policy's hash allows.
                let script = try #require(html.firstMatch(of: /<script>(.*)<\/script>/)?.1)
                let hash = Data(SHA256.hash(data: Data(script.utf8))).base64EncodedString()
                #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'sha256-\(hash)'") == true)
                #expect(String(script) == SSOHandOffPage.script)

                let records = try await Self.issuances(of: addon.id)
                #expect(records.count == 1)
                #expect(records.first?.0 == UUID(uuidString: user.id))
                #expect(records.first?.1 == (try await Self.appID(api, addon.app, key: user.key)))
                #expect(records.first?.2 == "post")
            }
        }
    }

    @Test("Without credentials the hand-off asks for Basic; the API key as password works", .soukDatabase)
    func basicChallenge() async throws {
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await testApp.run { api in
                let (slug, _) = try await Marketplace.registerHeroku(api, fake: fake)
                let user = try await api.createUser()
                let addon = try await install(api, plan: slug, key: user.key)
                for path in ["/addons/\(addon.id)/sso/open", "/apps/\(addon.app)/addons/\(addon.id)/sso/open"] {
                    let challenged = try await api.call(.get, path, key: nil)
                    #expect(challenged.status == .unauthorized)
                    #expect(challenged.headers[.wwwAuthenticate] == #"Basic realm="Souk""#)
                    let opened = try await api.call(
                        .get, path, key: nil, headers: [.authorization: Marketplace.basic("", user.key)])
                    #expect(opened.status == .ok)
                }
                #expect(try await api.call(.get, "/addons/\(addon.id)/sso/open", key: user.key).status == .ok)
                let records = try await Self.issuances(of: addon.id)
                #expect(records.count == 3)
                #expect(records.allSatisfy { $0.0 == UUID(uuidString: user.id) && $0.2 == "post" })
            }
        }
    }
}
