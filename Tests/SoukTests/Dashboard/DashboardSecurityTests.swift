import Foundation
import HTTPTypes
import Testing

@testable import SoukServer

/// What the dashboard refuses: forms from elsewhere, other customers' apps, non-admins on admin pages; and
/// what it sends with every page.
@Suite("Dashboard security", .soukDatabase)
struct DashboardSecurityTests {
    let testApp = TestApp()

    /// A browser signed in with the key of a new account.
    static func signedIn(_ api: API) async throws -> (browser: Browser, key: String, email: String) {
        let user = try await api.createUser()
        let browser = Browser(api)
        let response = try await browser.submit(
            on: "/dashboard/sign-in", to: "/dashboard/sign-in", ["api_key": user.key])
        guard response.status == .seeOther else { throw TestFailure("sign-in failed: \(response.text)") }
        return (browser, user.key, user.email)
    }

    static func config(_ api: API, app: String, key: String) async throws -> [String: String] {
        try await api.call(.get, "/apps/\(app)/config-vars", key: key).decode([String: String].self)
    }

    @Test("A POST without the page's CSRF token is refused with 403 and changes nothing")
    func csrfRefused() async throws {
        try await testApp.run { api in
            let (browser, key, _) = try await Self.signedIn(api)
            let app = try await api.createApp(key: key)
            _ = try await browser.get("/dashboard/apps/\(app)")
            let path = "/dashboard/apps/\(app)/config-vars"

            let missing = try await browser.post(path, ["key": "STOLEN", "value": "1"], token: .some(nil))
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("<h1>Forbidden</h1>"))
            let forged = try await browser.post(path, ["key": "STOLEN", "value": "1"], token: "forged-token")
            #expect(forged.status == .forbidden)
            // A real token, but another visitor's.
            let other = try await Self.signedIn(api).browser
            _ = try await other.get("/dashboard/apps")
            let borrowed = try await browser.post(path, ["key": "STOLEN", "value": "1"], token: other.token)
            #expect(borrowed.status == .forbidden)
            #expect(try await Self.config(api, app: app, key: key)["STOLEN"] == nil)

            let sent = try await browser.post(path, ["key": "FINE", "value": "1"])
            #expect(sent.status == .seeOther)
            #expect(try await Self.config(api, app: app, key: key)["FINE"] == "1")
            // Signing in needs the visit's token too (no logging a victim into an attacker's account).
            let stranger = Browser(api)
            let signIn = try await stranger.post("/dashboard/sign-in", ["api_key": key], token: .some(nil))
            #expect(signIn.status == .forbidden)
            #expect(stranger.cookie("souk_session") == nil)
        }
    }

    @Test("Another customer's app is a 404, to look at and to post to, exactly like a missing one")
    func otherCustomersApp() async throws {
        try await testApp.run { api in
            let owner = try await api.createUser()
            let app = try await api.createApp(key: owner.key)
            let (intruder, _, _) = try await Self.signedIn(api)
            let page = try await intruder.get("/dashboard/apps/\(app)")
            #expect(page.status == .notFound)
            #expect(page.text.contains("<h1>Not found</h1>"))
            let missing = try await intruder.get("/dashboard/apps/no-such-app-here")
            #expect(missing.status == .notFound)

            _ = try await intruder.get("/dashboard/apps")
            for (path, fields) in [
                ("/dashboard/apps/\(app)/config-vars", ["key": "EVIL", "value": "1"]),
                ("/dashboard/apps/\(app)/rename", ["name": "taken-over"]),
                ("/dashboard/apps/\(app)/destroy", ["confirm": app]),
            ] {
                #expect(try await intruder.post(path, fields).status == .notFound, "\(path)")
            }
            #expect(try await Self.config(api, app: app, key: owner.key).isEmpty)
            #expect(try await api.call(.get, "/apps/\(app)", key: owner.key).status == .ok)
        }
    }

    @Test("Config values and names are shown as text: a script in a value never runs")
    func escapesValues() async throws {
        try await testApp.run { api in
            let (browser, key, _) = try await Self.signedIn(api)
            let app = try await api.createApp(key: key)
            let script = "<script>window.__xss=1</script><b>bold</b>\"'&"
            let set = try await browser.submit(
                on: "/dashboard/apps/\(app)", to: "/dashboard/apps/\(app)/config-vars",
                ["key": "EVIL", "value": script])
            #expect(set.status == .seeOther)
            let page = try await browser.get("/dashboard/apps/\(app)")
            #expect(!page.text.contains("<script>window"))
            #expect(!page.text.contains("<b>bold"))
            #expect(
                page.text.contains(
                    "<code class=\"value\">&lt;script&gt;window.__xss=1&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;&quot;&#39;&amp;</code>"
                ))
        }
    }

    @Test("Every page says: no framing, no inline scripts, no referrer beyond Souk, no caching")
    func securityHeaders() async throws {
        try await testApp.run { api in
            let (browser, _, _) = try await Self.signedIn(api)
            for path in ["/dashboard/apps", "/dashboard/marketplace", "/dashboard/apps/missing-app"] {
                let page = try await browser.get(path)
                let policy = try #require(page.headers[.contentSecurityPolicy], "\(path)")
                #expect(policy.contains("default-src 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(page.headers[.cacheControl] == "no-store")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            }
            let signIn = try await Browser(api).get("/dashboard/sign-in")
            #expect(signIn.headers[.contentSecurityPolicy] != nil)
            #expect(signIn.setCookie("souk_visit")?.contains("HttpOnly") == true)
        }
    }

    @Test("Pages need a session: without one, pages lead to sign-in and the root to the dashboard")
    func signInRequired() async throws {
        try await testApp.run { api in
            let browser = Browser(api)
            for path in ["/dashboard/apps", "/dashboard/marketplace", "/dashboard/admin/addons", "/dashboard"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location == "/dashboard/sign-in", "\(path)")
            }
            #expect(try await browser.get("/").location == "/dashboard")
            // An API key is not a dashboard session.
            let user = try await api.createUser()
            let withKey = try await api.call(.get, "/dashboard/apps", key: user.key)
            #expect(withKey.location == "/dashboard/sign-in")
        }
    }

    @Test("Admin pages are for admins: a customer gets 403 and can't change a service's state")
    func adminOnly() async throws {
        try await testApp.run { api in
            let (browser, _, _) = try await Self.signedIn(api)
            for path in ["/dashboard/admin/addons", "/dashboard/admin/attachments", "/dashboard/admin/services"] {
                #expect(try await browser.get(path).status == .forbidden, "\(path)")
            }
            _ = try await browser.get("/dashboard/apps")
            #expect(
                try await browser.post("/dashboard/admin/services/anything/state", ["state": "ga"]).status == .forbidden
            )
            #expect(!(try await browser.get("/dashboard/apps")).text.contains("/dashboard/admin/addons"))
        }
    }
}
