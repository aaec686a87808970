import Configuration
import Foundation
import HTTPTypes
import Testing

@Suite("Accounts and authentication", .soukDatabase)
struct AccountTests {
    let testApp = TestApp()

    @Test("An admin creates an account and its key is shown once, then works as Bearer and as Basic")
    func createAccount() async throws {
        try await testApp.run { api in
            let email = "Person-\(UUID().uuidString.prefix(6))@Example.com"
            let created = try await api.call(.post, "/accounts", key: api.adminKey, json: ["email": email])
            #expect(created.status == .created)
            let key = try #require(created.object["api_key"] as? String)
            #expect(key.hasPrefix("souk_") && key.count == 48)
            #expect(created.object["role"] as? String == "user")
            #expect(created.object["email"] as? String == email)

            let viaBearer = try await api.call(.get, "/account", key: key)
            #expect(viaBearer.status == .ok)
            #expect(viaBearer.object["email"] as? String == email)
            #expect(viaBearer.object["api_key"] == nil)
            #expect(viaBearer.object["id"] as? String == created.object["id"] as? String)

            let basic = "Basic " + Data(":\(key)".utf8).base64EncodedString()
            let viaBasic = try await api.call(.get, "/account", key: nil, headers: [.authorization: basic])
            #expect(viaBasic.status == .ok)
            #expect(viaBasic.object["email"] as? String == email)

            let netrcStyle = "Basic " + Data("\(email):\(key)".utf8).base64EncodedString()
            #expect(try await api.call(.get, "/account", key: nil, headers: [.authorization: netrcStyle]).status == .ok)
        }
    }

    @Test("Emails are unique regardless of case")
    func duplicateEmail() async throws {
        try await testApp.run { api in
            let email = "dup-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            #expect(
                try await api.call(.post, "/accounts", key: api.adminKey, json: ["email": email]).status == .created)
            let again = try await api.call(.post, "/accounts", key: api.adminKey, json: ["email": email.uppercased()])
            #expect(again.status == .conflict)
            #expect(again.errorID == "conflict")
        }
    }

    @Test(
        "Account creation rejects bad input with a 4xx",
        arguments: [
            (#"{"email": "not-an-email"}"#, 422),
            (#"{"email": "a@b.com", "role": "root"}"#, 422),
            (#"{"email": 42}"#, 422),
            (#"{}"#, 422),
            (#"{"email": "#, 400),
            (#"[1, 2]"#, 422),
        ]
    )
    func badAccountInput(body: String, status: Int) async throws {
        try await testApp.run { api in
            let response = try await api.call(.post, "/accounts", key: api.adminKey, body: body)
            #expect(response.status.code == status, "\(body) → \(response.text)")
            #expect(response.errorID == (status == 400 ? "bad_request" : "invalid_params"))
        }
    }

    @Test("Only admins create accounts; strangers are 401")
    func onlyAdminsCreateAccounts() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let byUser = try await api.call(.post, "/accounts", key: user.key, json: ["email": "x@example.com"])
            #expect(byUser.status == .forbidden)
            #expect(byUser.errorID == "forbidden")
            let anonymous = try await api.call(.post, "/accounts", key: nil, json: ["email": "y@example.com"])
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorID == "unauthorized")
        }
    }

    @Test(
        "Wrong or malformed credentials are 401",
        arguments: [
            "Bearer nope", "Bearer ", "Basic !!!", "Basic " + Data("user-only".utf8).base64EncodedString(), "Token x",
        ]
    )
    func wrongCredentials(header: String) async throws {
        try await testApp.run { api in
            let response = try await api.call(.get, "/account", key: nil, headers: [.authorization: header])
            #expect(response.status == .unauthorized)
            #expect(response.errorID == "unauthorized")
            #expect(response.headers[.wwwAuthenticate] == "Basic realm=\"Souk\"")
            #expect(try await api.call(.get, "/apps", key: nil).status == .unauthorized)
        }
    }

    @Test("The rate limit budget is reported and spent per request")
    func rateLimits() async throws {
        // 100 an hour refills one request in 36 s: no refill lands between the two calls.
        var slow = TestApp()
        slow.overrides["souk.rateLimit.perHour"] = .init(.int(100), isSecret: false)
        try await slow.run { api in
            let user = try await api.createUser()
            let first = try await api.call(.get, "/account/rate-limits", key: user.key)
            #expect(first.status == .ok)
            let remaining = try #require(first.object["remaining"] as? Int)
            #expect(remaining == 99)
            #expect(first.headers[HTTPField.Name("RateLimit-Remaining")!] != nil)
            let second = try await api.call(.get, "/account/rate-limits", key: user.key)
            #expect(second.object["remaining"] as? Int == remaining - 1)
        }
    }

    @Test("A spent budget answers 429 until it refills")
    func rateLimitExhausted() async throws {
        var small = TestApp()
        small.overrides["souk.rateLimit.perHour"] = .init(.int(3), isSecret: false)
        try await small.run { api in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(Int(try await api.call(.get, "/account", key: api.adminKey).status.code))
            }
            #expect(statuses == [200, 200, 200, 429])
            #expect(try await api.call(.get, "/account", key: api.adminKey).errorID == "rate_limit")
        }
    }

    @Test("API keys are stored only as hashes")
    func keysAreHashed() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let dump = try await DatabaseDump.take(SoukDatabase.current)
            #expect(!dump.contains(user.key))
            #expect(!dump.contains(api.adminKey))
            #expect(dump.contains(user.email))
        }
    }
}
