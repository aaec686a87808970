import Foundation
import Hummingbird
import SoukCore

/// Signing up, in and out, the account page with its password form, and the stylesheet and script.
struct DashboardAuthController: Sendable {
    let sessions: DashboardSessions
    let pages: DashboardPages
    let forms: DashboardForms
    let trustedProxies: Set<String>

    func register(on group: RouterGroup<SoukRequestContext>) {
        group.get(use: home)
            .get("sign-in", use: signInPage)
            .post("sign-in", use: signIn)
            .get("sign-up", use: signUpPage)
            .post("sign-up", use: signUp)
            .post("sign-out", use: signOut)
            .get("account", use: accountPage)
            .post("account/password", use: changePassword)
            .post("account/api-keys", use: createKey)
            .post("account/api-keys/:id/revoke", use: revokeKey)
            .get("assets/:name", use: asset)
    }

    struct SignInPage: Sendable {
        var email: String
    }

    @Sendable func home(request: Request, context: SoukRequestContext) async throws -> Response {
        DashboardRedirect.to(
            context.account == nil ? "/dashboard/sign-in" : "/dashboard/apps", cookies: forms.cookies)
    }

    @Sendable func signInPage(request: Request, context: SoukRequestContext) async throws -> Response {
        if context.account != nil { return DashboardRedirect.to("/dashboard/apps", cookies: forms.cookies) }
        return pages.render("sign-in", SignInPage(email: ""), chrome: context.chrome())
    }

    @Sendable func signIn(request: Request, context: SoukRequestContext) async throws -> Response {
        let form = context.form
        let client = ClientAddress.of(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor], trustedProxies: trustedProxies)
        do {
            let opened: DashboardSessions.Opened
            if let key = form.optional("api_key") {
                opened = try await sessions.signIn(apiKey: key, client: client, logger: context.logger)
            } else {
                opened = try await sessions.signIn(
                    email: form.optional("email") ?? "", password: form["password"] ?? "", client: client,
                    logger: context.logger)
            }
            return signedIn(opened, notice: nil)
        } catch {
            return try refused("sign-in", error, context: context)
        }
    }

    @Sendable func signUpPage(request: Request, context: SoukRequestContext) async throws -> Response {
        pages.render("sign-up", SignInPage(email: ""), chrome: context.chrome())
    }

    @Sendable func signUp(request: Request, context: SoukRequestContext) async throws -> Response {
        let form = context.form
        let client = ClientAddress.of(
            peer: context.peerAddress, forwardedFor: request.headers[.xForwardedFor], trustedProxies: trustedProxies)
        do {
            let opened = try await sessions.signUp(
                email: form.optional("email") ?? "", password: form["password"] ?? "", client: client,
                logger: context.logger)
            return signedIn(opened, notice: "Welcome to Souk.")
        } catch {
            return try refused("sign-up", error, context: context)
        }
    }

    /// The form shown again after a refusal, with what was typed but the password, the reason and its status.
    private func refused(_ template: String, _ error: any Error, context: SoukRequestContext) throws -> Response {
        guard let apiError = APIError(error), apiError.status.kind == .clientError else { throw error }
        var chrome = context.chrome()
        chrome.flash = .error(apiError.body.message)
        var response = pages.render(
            template, SignInPage(email: context.form.optional("email") ?? ""), chrome: chrome, status: apiError.status)
        response.headers[.retryAfter] = apiError.headers[.retryAfter]
        return response
    }

    @Sendable func signOut(request: Request, context: SoukRequestContext) async throws -> Response {
        if let token = context.visit.sessionToken {
            try await sessions.signOut(token: token, logger: context.logger)
        }
        var response = DashboardRedirect.to(
            "/dashboard/sign-in", flash: .notice("You are signed out."), cookies: forms.cookies)
        response.setCookie(forms.cookies.expired(DashboardCookies.session))
        return response
    }

    @Sendable func accountPage(request: Request, context: SoukRequestContext) async throws -> Response {
        try await renderAccount(context: context, newKey: nil)
    }

    /// The account page, with the key just made when there is one: shown in this answer only, never stored
    /// in a cookie or a redirect.
    private func renderAccount(context: SoukRequestContext, newKey: String?) async throws -> Response {
        let account = try context.requireAccount()
        let keys = try await sessions.accounts.authorizations(of: account, logger: context.logger)
        return pages.render(
            "account", AccountPage(account: account, keys: keys, newKey: newKey), chrome: context.chrome())
    }

    @Sendable func createKey(request: Request, context: SoukRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        do {
            let made = try await sessions.accounts.authorize(
                account, description: context.form.optional("description") ?? "Made in the dashboard",
                expiresIn: nil, scope: nil, logger: context.logger)
            return try await renderAccount(context: context, newKey: made.accessToken.token)
        } catch let error as SoukError {
            return DashboardRedirect.to(
                "/dashboard/account", flash: .error(APIError(error).body.message), cookies: forms.cookies)
        }
    }

    @Sendable func revokeKey(request: Request, context: SoukRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        let id = try context.parameters.require("id")
        return try await forms.act(back: "/dashboard/account") {
            let revoked = try await sessions.accounts.revoke(id, of: account, logger: context.logger)
            return .init(location: "/dashboard/account", notice: "Revoked the key “\(revoked.description)”.")
        }
    }

    @Sendable func changePassword(request: Request, context: SoukRequestContext) async throws -> Response {
        let account = try context.requireAccount()
        return try await forms.act(back: "/dashboard/account") {
            try await sessions.changePassword(
                of: account, to: context.form["password"] ?? "", current: context.form["current_password"],
                session: context.visit.sessionToken, logger: context.logger)
            return .init(
                location: "/dashboard/account", notice: "Password changed. Your other sessions have been signed out.")
        }
    }

    @Sendable func asset(request: Request, context: SoukRequestContext) async throws -> Response {
        let name = try context.parameters.require("name")
        guard let body = pages.assets[name] else { throw SoukError.notFound("No such file.") }
        let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: body))
    }

    private func signedIn(_ opened: DashboardSessions.Opened, notice: String?) -> Response {
        var response = DashboardRedirect.to(
            "/dashboard/apps", flash: notice.map(Flash.notice), cookies: forms.cookies)
        response.setCookie(
            forms.cookies.cookie(
                DashboardCookies.session, opened.token,
                maxAge: Int(sessions.settings.sessionLifetime.inSeconds)))
        return response
    }
}
