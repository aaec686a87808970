import Configuration
import Foundation
import HTTPTypes
import PostgresNIO
import SoukStore
import Testing

@testable import SoukServer

/// Signing up, in and out of the dashboard; sessions, their cookies, passwords and the sign-in budget.
@Suite("Dashboard sessions", .soukDatabase)
struct DashboardSessionTests {
    let testApp = TestApp()
    static let password = "correct-horse-battery"

    /// Signs a new account up through the form; returns its email.
    @discardableResult
    static func signUp(_ browser: Browser, password: String = password) async throws -> String {
        let email = "dash-\(UUID().uuidString.prefix(10).lowercased())@example.com"
        let response = try await browser.submit(
            on: "/dashboard/sign-up", to: "/dashboard/sign-up", ["email": email, "password": password])
        guard response.status == .seeOther, response.location == "/dashboard/apps" else {
            throw TestFailure("sign-up failed: \(response.status) \(response.text)")
        }
        return email
    }

    @Test("Sign-up opens a session in an HttpOnly, SameSite=Lax cookie; the apps page greets the account")
    func signUpOpensSession() async throws {
        try await testApp.run { api in
            let browser = Browser(api)
            let email = try await Self.signUp(browser)
            let cookie = try #require(browser.cookie("souk_session"))
            #expect(cookie.count == 43)
            let page = try await browser.get("/dashboard/apps")
            #expect(page.status == .ok)
            #expect(page.text.contains("title=\"\(email)\""))
            // The account page makes API keys, each shown once in the answer that made it, never in a cookie.
            let made = try await browser.submit(
                on: "/dashboard/account", to: "/dashboard/account/api-keys", ["description": "laptop"])
            #expect(made.status == .ok)
            #expect(made.headers[values: .setCookie].allSatisfy { !$0.contains("souk_") || !$0.contains("flash") })
            let key = try #require(
                made.text.range(of: #"souk_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { made.text[$0] })
            let account = try await api.call(.get, "/account", key: String(key))
            #expect(account.object["email"] as? String == email)
            let again = try await browser.get("/dashboard/account")
            #expect(!again.text.contains(String(key)))
            #expect(again.text.contains("<td>laptop</td>"))
            let id = try #require(
                again.text.range(of: #"data-key-id="[0-9a-f-]{36}"><td>laptop"#, options: .regularExpression).map {
                    String(again.text[$0].dropFirst(13).prefix(36))
                })
            let revoked = try await browser.post("/dashboard/account/api-keys/\(id)/revoke")
            #expect(revoked.status == .seeOther)
            #expect(try await api.call(.get, "/account", key: String(key)).status == .unauthorized)
        }
    }

    @Test("A refused sign-up shows the form again with the reason, keeps the email, and opens no session")
    func signUpRefused() async throws {
        try await testApp.run { api in
            let taken = try await Self.signUp(Browser(api))
            let browser = Browser(api)
            for (email, password, status, reason) in [
                ("short@example.com", "short", HTTPResponse.Status.unprocessableContent, "at least 10 characters"),
                ("not-an-email", Self.password, .unprocessableContent, "email"),
                (taken, Self.password, .conflict, "already exists"),
            ] {
                let response = try await browser.submit(
                    on: "/dashboard/sign-up", to: "/dashboard/sign-up", ["email": email, "password": password])
                #expect(response.status == status, "\(email)")
                #expect(response.text.contains("class=\"flash error\""))
                #expect(response.text.lowercased().contains(reason), "\(email): \(response.text)")
                #expect(response.text.contains("value=\"\(email)\""))
                #expect(browser.cookie("souk_session") == nil)
            }
        }
    }

    @Test("The session cookie is HttpOnly and SameSite=Lax, and Secure outside development and test")
    func cookieFlags() async throws {
        for environment in ["test", "production"] {
            var app = testApp
            app.overrides["souk.environment"] = .init(.string(environment), isSecret: false)
            try await app.run { api in
                let browser = Browser(api)
                _ = try await browser.get("/dashboard/sign-up")
                let email = "flags-\(UUID().uuidString.prefix(8).lowercased())@example.com"
                let response = try await browser.post(
                    "/dashboard/sign-up", ["email": email, "password": Self.password])
                let header = try #require(response.setCookie("souk_session"))
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
                #expect(header.contains("Secure") == (environment == "production"))
            }
        }
    }

    @Test("Signing out ends the session: the old cookie no longer opens any page")
    func signOut() async throws {
        try await testApp.run { api in
            let browser = Browser(api)
            try await Self.signUp(browser)
            let cookie = try #require(browser.cookie("souk_session"))
            _ = try await browser.get("/dashboard/apps")
            let out = try await browser.post("/dashboard/sign-out")
            #expect(out.status == .seeOther)
            #expect(out.location == "/dashboard/sign-in")
            #expect(browser.cookie("souk_session") == nil)
            // Replaying the old cookie, as a thief would.
            let thief = Browser(api)
            thief.setCookie("souk_session", cookie)
            let page = try await thief.get("/dashboard/apps")
            #expect(page.status == .seeOther)
            #expect(page.location == "/dashboard/sign-in")
        }
    }

    @Test("Sign-in by email and password, and by API key; wrong credentials show the form again with 401")
    func signIn() async throws {
        try await testApp.run { api in
            let email = try await Self.signUp(Browser(api))
            let browser = Browser(api)
            let wrong = try await browser.submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["email": email, "password": "not-the-password"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("class=\"flash error\""))
            #expect(wrong.text.contains("value=\"\(email)\""))
            #expect(browser.cookie("souk_session") == nil)
            let right = try await browser.post(
                "/dashboard/sign-in", ["email": email.uppercased(), "password": Self.password])
            #expect(right.status == .seeOther)
            #expect(right.location == "/dashboard/apps")
            #expect(try await browser.get("/dashboard/apps").status == .ok)

            let user = try await api.createUser()
            let byKey = Browser(api)
            let response = try await byKey.submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["api_key": user.key])
            #expect(response.status == .seeOther)
            #expect(try await byKey.get("/dashboard/account").text.contains(user.email))
            // An account made by an admin has no password: no password opens it.
            let none = try await byKey.submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["email": user.email, "password": ""])
            #expect(none.status == .unauthorized)
        }
    }

    @Test("Changing the password in the dashboard needs the current one and ends the other sessions")
    func changePassword() async throws {
        try await testApp.run { api in
            let first = Browser(api)
            let email = try await Self.signUp(first)
            let second = Browser(api)
            _ = try await second.submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["email": email, "password": Self.password])
            #expect(try await second.get("/dashboard/apps").status == .ok)

            let wrong = try await first.submit(
                on: "/dashboard/account", to: "/dashboard/account/password",
                ["current_password": "nope-nope-nope", "password": "a-brand-new-secret"])
            #expect(wrong.status == .seeOther)
            #expect(try await first.get("/dashboard/account").text.contains("The current password is wrong."))
            #expect(try await second.get("/dashboard/apps").status == .ok)

            let changed = try await first.post(
                "/dashboard/account/password", ["current_password": Self.password, "password": "a-brand-new-secret"])
            #expect(changed.status == .seeOther)
            #expect(try await first.get("/dashboard/apps").status == .ok)
            #expect(try await second.get("/dashboard/apps").location == "/dashboard/sign-in")

            let old = try await Browser(api).submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["email": email, "password": Self.password])
            #expect(old.status == .unauthorized)
            let new = try await Browser(api).submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["email": email, "password": "a-brand-new-secret"])
            #expect(new.status == .seeOther)
        }
    }

    @Test("PATCH /account sets the password with the API key and ends every dashboard session")
    func passwordThroughAPI() async throws {
        try await testApp.run { api in
            let user = try await api.createUser()
            let browser = Browser(api)
            _ = try await browser.submit(on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["api_key": user.key])
            #expect(try await browser.get("/dashboard/apps").status == .ok)

            let short = try await api.call(.patch, "/account", key: user.key, json: ["password": "short"])
            #expect(short.status == .unprocessableContent)
            let set = try await api.call(.patch, "/account", key: user.key, json: ["password": "long-enough-secret"])
            #expect(set.status == .ok)
            #expect(set.object["email"] as? String == user.email)
            #expect(set.object["password"] == nil)
            #expect(try await browser.get("/dashboard/apps").location == "/dashboard/sign-in")

            let signedIn = try await Browser(api).submit(
                on: "/dashboard/sign-in", to: "/dashboard/sign-in",
                ["email": user.email, "password": "long-enough-secret"])
            #expect(signedIn.status == .seeOther)
            #expect(try await api.call(.patch, "/account", key: nil, json: ["password": "x"]).status == .unauthorized)
        }
    }

    @Test("Passwords are stored as scrypt hashes, salted: never the password, never the same twice")
    func storedHashed() async throws {
        try await testApp.run { api in
            let first = try await Self.signUp(Browser(api))
            let second = try await Self.signUp(Browser(api))
            let hashes = try await TestDatabase.strings(
                "SELECT password_hash FROM accounts WHERE email IN ('\(first)', '\(second)') ORDER BY email")
            #expect(hashes.count == 2)
            for hash in hashes {
                #expect(hash.hasPrefix("scrypt$10$8$3$"))
                #expect(!hash.contains(Self.password))
            }
            #expect(Set(hashes).count == 2)
            let tokens = try await TestDatabase.strings("SELECT encode(token_hash, 'hex') FROM dashboard_sessions")
            #expect(tokens.count >= 2)
            #expect(tokens.allSatisfy { $0.count == 64 })
            #expect(!(try await DatabaseDump.take(SoukDatabase.current)).contains(Self.password))
        }
    }
}

extension TestDatabase {
    /// The first column of each row a query returns from the suite's database, as text.
    static func strings(_ sql: String) async throws -> [String] {
        try await withTestDatabase(SoukDatabase.current) { database in
            var values: [String] = []
            for try await value in try await database.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                .decode(String.self)
            {
                values.append(value)
            }
            return values
        }
    }
}
