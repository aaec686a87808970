import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import SoukStore
import Testing

/// Heroku's OAuth authorizations: every API key can be listed, regenerated and revoked by its account,
/// and a revoked key stops working on every Souk process within a second.
@Suite("OAuth authorizations and key revocation", .soukDatabase)
struct AuthorizationTests {
    let testApp = TestApp()

    @Test("An account makes, lists, regenerates and revokes its keys; the token is shown only when made")
    func lifecycle() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let listed = try await api.call(.get, "/oauth/authorizations", key: user.key).array
            #expect(listed.count == 1)
            #expect(listed.first?["description"] as? String == "Created with the account")
            #expect((listed.first?["access_token"] as? [String: Any])?["token"] is NSNull)

            let created = try await api.call(
                .post, "/oauth/authorizations", key: user.key, json: ["description": "CI deploys", "scope": ["global"]]
            )
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created.object["id"] as? String)
            let token = try #require((created.object["access_token"] as? [String: Any])?["token"] as? String)
            #expect(created.object["scope"] as? [String] == ["global"])
            #expect((created.object["user"] as? [String: Any])?["email"] as? String == user.email)
            #expect(created.object.keys.contains("refresh_token") && created.object.keys.contains("client"))
            #expect(try await api.call(.get, "/account", key: token).object["email"] as? String == user.email)

            let shown = try await api.call(.get, "/oauth/authorizations/\(id)", key: user.key)
            #expect(shown.object["description"] as? String == "CI deploys")
            #expect((shown.object["access_token"] as? [String: Any])?["token"] is NSNull)
            #expect(try await api.call(.get, "/oauth/authorizations", key: token).array.count == 2)

            let regenerated = try await api.call(.post, "/oauth/authorizations/\(id)/actions/regenerate", key: user.key)
            #expect(regenerated.status == .ok)
            let newToken = try #require((regenerated.object["access_token"] as? [String: Any])?["token"] as? String)
            #expect(newToken != token && regenerated.object["id"] as? String == id)
            #expect(try await api.call(.get, "/account", key: token).status == .unauthorized)
            #expect(try await api.call(.get, "/account", key: newToken).status == .ok)

            let revoked = try await api.call(.delete, "/oauth/authorizations/\(id)", key: user.key)
            #expect(revoked.status == .ok && revoked.object["id"] as? String == id)
            #expect(try await api.call(.get, "/account", key: newToken).status == .unauthorized)
            #expect(try await api.call(.get, "/oauth/authorizations/\(id)", key: user.key).status == .notFound)

            // The last key can't go: the account could never sign in again.
            let last = try #require(listed.first?["id"] as? String)
            let refused = try await api.call(.delete, "/oauth/authorizations/\(last)", key: user.key)
            #expect(refused.status == .unprocessableContent && refused.errorID == "invalid_params")
            #expect(try await api.call(.get, "/account", key: user.key).status == .ok)
        }
    }

    @Test("Another account's keys are invisible, and bad input is a 4xx that changes nothing")
    func boundaries() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let stranger = try await api.createUser()
            let created = try await api.call(.post, "/oauth/authorizations", key: owner.key, json: ["description": "x"])
            let id = try #require(created.object["id"] as? String)
            for (method, path) in [
                (HTTPRequest.Method.get, "/oauth/authorizations/\(id)"), (.delete, "/oauth/authorizations/\(id)"),
                (.post, "/oauth/authorizations/\(id)/actions/regenerate"), (.get, "/oauth/authorizations/not-a-uuid"),
            ] {
                #expect(try await api.call(method, path, key: stranger.key).status == .notFound, "\(method) \(path)")
            }
            #expect(try await api.call(.get, "/oauth/authorizations", key: nil).status == .unauthorized)
            for body: [String: Any] in [
                ["expires_in": 0], ["expires_in": 31_536_001], ["scope": ["read"]], ["description": 5],
                ["description": String(repeating: "d", count: 201)],
            ] {
                let response = try await api.call(.post, "/oauth/authorizations", key: owner.key, json: body)
                #expect(response.status == .unprocessableContent, "\(body): \(response.text)")
            }
            #expect(try await api.call(.get, "/oauth/authorizations", key: owner.key).array.count == 2)
        }
    }

    @Test("A key made to expire reports its time left and stops working when it is up")
    func expiry() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let created = try await api.call(.post, "/oauth/authorizations", key: user.key, json: ["expires_in": 3600])
            let id = try #require(UUID(uuidString: created.object["id"] as? String ?? ""))
            let access = try #require(created.object["access_token"] as? [String: Any])
            #expect((3590...3600).contains(access["expires_in"] as? Int ?? 0))
            let token = try #require(access["token"] as? String)
            #expect(try await api.call(.get, "/account", key: token).status == .ok)
            // Its hour passes: the clock is the database's, moved here rather than waited for. This process
            // may serve the key from its cache for up to 10 s more (an expiry announces nothing), so a
            // process that hasn't seen the key is asked.
            _ = try await withTestDatabase(SoukDatabase.current) { client in
                try await client.query(
                    "UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = \(id)",
                    logger: Logger(label: "souk.tests")
                )
            }
            try await TestApp(adminKey: api.adminKey, adminEmail: testApp.adminEmail).run { (other: API) async throws in
                #expect(try await other.call(.get, "/account", key: token).status == .unauthorized)
                #expect(try await other.call(.get, "/oauth/authorizations", key: user.key).array.count == 1)
            }
        }
    }

    @Test("A revoked key stops working on another Souk process within a second, though that process cached it")
    func revocationReachesEveryProcess() async throws {
        try await testApp.run { first in
            try await TestApp(adminKey: first.adminKey, adminEmail: testApp.adminEmail).run { second in
                let user = try await first.createUser()
                let created = try await first.call(.post, "/oauth/authorizations", key: user.key, json: [:])
                let id = try #require(created.object["id"] as? String)
                let token = try #require((created.object["access_token"] as? [String: Any])?["token"] as? String)
                // The second process has served the key, so it may hold it in its cache.
                #expect(try await second.call(.get, "/account", key: token).status == .ok)
                #expect(try await second.call(.get, "/account", key: token).status == .ok)

                #expect(try await first.call(.delete, "/oauth/authorizations/\(id)", key: user.key).status == .ok)
                #expect(try await second.refuses(key: token, within: .seconds(1)))
            }
        }
    }

    @Test("A new SOUK_ADMIN_API_KEY replaces the previous one on restart")
    func adminKeyReplaced() async throws {
        let email = "admin-\(UUID().uuidString.prefix(8).lowercased())@souk.test"
        let old = TestApp(adminKey: "old-" + UUID().uuidString, adminEmail: email)
        let new = TestApp(adminKey: "new-" + UUID().uuidString, adminEmail: email)
        try await old.run { (api: API) async throws in
            #expect(try await api.call(.get, "/account", key: old.adminKey).object["role"] as? String == "admin")
        }
        try await new.run { (api: API) async throws in
            #expect(try await api.call(.get, "/account", key: old.adminKey).status == .unauthorized)
            #expect(try await api.call(.get, "/account", key: new.adminKey).object["email"] as? String == email)
            let keys = try await api.call(.get, "/oauth/authorizations", key: new.adminKey).array
            #expect(keys.compactMap { $0["description"] as? String } == ["SOUK_ADMIN_API_KEY"])
        }
        // Restarting with the same key changes nothing.
        try await new.run { (api: API) async throws in
            #expect(try await api.call(.get, "/account", key: new.adminKey).status == .ok)
        }
    }
}
