import Configuration
import Foundation
import HTTPTypes
import Testing

@testable import SoukServer

// The sign-in budgets are shared through the database by client address, and a router test's requests all
// come from the same (unknown) address: each budget test has a database, hence a suite, of its own.

@Suite("Dashboard sign-in budget per account", .soukDatabase)
struct DashboardAccountBudgetTests {
    let testApp = TestApp()

    @Test("Failed sign-ins are limited per account: once spent, even the right password is refused")
    func signInBudget() async throws {
        var app = testApp
        app.overrides["souk.dashboard.signInFailuresPerAccount"] = .init(.int(3), isSecret: false)
        try await app.run { api in
            let email = try await DashboardSessionTests.signUp(Browser(api))
            let browser = Browser(api)
            _ = try await browser.get("/dashboard/sign-in")
            for _ in 0..<3 {
                let wrong = try await browser.post(
                    "/dashboard/sign-in", ["email": email, "password": "wrong-guess-123"])
                #expect(wrong.status == .unauthorized)
            }
            let refused = try await browser.post(
                "/dashboard/sign-in", ["email": email, "password": DashboardSessionTests.password])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
            #expect(browser.cookie("souk_session") == nil)
            // Another account is not held back by this one's budget.
            let other = try await DashboardSessionTests.signUp(Browser(api))
            let fine = try await browser.post(
                "/dashboard/sign-in", ["email": other, "password": DashboardSessionTests.password])
            #expect(fine.status == .seeOther, "\(fine.text)")
        }
    }
}

@Suite("Dashboard sign-in budget per address", .soukDatabase)
struct DashboardAddressBudgetTests {
    let testApp = TestApp()

    @Test("Failed sign-ins are limited per client address, across accounts")
    func signInBudgetPerAddress() async throws {
        var app = testApp
        app.overrides["souk.dashboard.signInFailuresPerAddress"] = .init(.int(2), isSecret: false)
        try await app.run { api in
            let email = try await DashboardSessionTests.signUp(Browser(api))
            let browser = Browser(api)
            _ = try await browser.get("/dashboard/sign-in")
            for guess in ["a@example.com", "b@example.com"] {
                let wrong = try await browser.post(
                    "/dashboard/sign-in", ["email": guess, "password": "wrong-guess-123"])
                #expect(wrong.status == .unauthorized)
            }
            let refused = try await browser.post(
                "/dashboard/sign-in", ["email": email, "password": DashboardSessionTests.password])
            #expect(refused.status == .tooManyRequests)
        }
    }
}

@Suite("Dashboard sign-up budget per address", .soukDatabase)
struct DashboardSignUpBudgetTests {
    @Test("Sign-ups are limited per client address: once spent, 429 with Retry-After and no account made")
    func signUpBudget() async throws {
        var app = TestApp()
        app.overrides["souk.dashboard.signUpsPerAddress"] = .init(.int(2), isSecret: false)
        try await app.run { api in
            _ = try await DashboardSessionTests.signUp(Browser(api))
            _ = try await DashboardSessionTests.signUp(Browser(api))
            let browser = Browser(api)
            _ = try await browser.get("/dashboard/sign-up")
            let email = "late-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let refused = try await browser.post(
                "/dashboard/sign-up", ["email": email, "password": DashboardSessionTests.password])
            #expect(refused.status == .tooManyRequests, "\(refused.text)")
            #expect(refused.headers[.retryAfter] != nil)
            #expect(refused.text.contains("Too many sign-ups"))
            #expect(browser.cookie("souk_session") == nil)
            let signIn = try await browser.post(
                "/dashboard/sign-in", ["email": email, "password": DashboardSessionTests.password])
            #expect(signIn.status == .unauthorized, "an account was made: \(signIn.status)")
        }
    }
}
