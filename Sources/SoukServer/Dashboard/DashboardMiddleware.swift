import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SoukCore

/// Runs in front of every dashboard route. It finds the browser's session (an API key in `Authorization` does
/// not count here: the dashboard knows only its own sessions), refuses with 403 any POST whose form lacks
/// the visit's CSRF token before the route sees it, sets the security headers on every answer, and turns
/// errors into pages: a missing session into the sign-in page, others into an error page with their status.
struct DashboardMiddleware: RouterMiddleware {
    typealias Context = SoukRequestContext

    let sessions: DashboardSessions
    let pages: DashboardPages
    let cookies: DashboardCookies

    /// Pages load only Souk's own stylesheet and script, post only to Souk, and are never framed.
    static let headers: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        .xContentTypeOptions: "nosniff",
        .cacheControl: "no-store",
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var request = request
        var context = context
        let jar = request.cookies
        context.account = nil
        var sessionToken: String?
        if let token = jar[DashboardCookies.session]?.value, !token.isEmpty,
            let account = try await sessions.account(token: token, logger: context.logger)
        {
            context.account = account
            context.logger[metadataKey: "account_id"] = .string(account.id.lowercasedString)
            sessionToken = token
        }
        var newVisit: String?
        let visitKey =
            jar[DashboardCookies.visit]?.value.nilIfEmpty
            ?? {
                let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64URLEncodedString()
                newVisit = fresh
                return fresh
            }()
        let flash = jar[Flash.cookieName].flatMap { Flash(cookieValue: $0.value) }
        var visit = DashboardVisit(
            sessionToken: sessionToken, csrfToken: CSRFToken.make(key: sessionToken ?? visitKey), flash: flash)

        var response: Response
        do {
            if request.method == .post {
                let form = try FormBody(try await request.collectBody(upTo: context.maxUploadSize))
                guard let given = form["csrf_token"], CSRFToken.matches(given, key: sessionToken ?? visitKey) else {
                    throw SoukError.forbidden(
                        "This form has expired or did not come from Souk. Reload the page and try again.")
                }
                visit.form = form
            }
            context.dashboard = visit
            response = try await next(request, context)
        } catch {
            response = try errorPage(error, request: request, context: context, visit: visit)
        }
        for field in Self.headers where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        if let newVisit {
            response.setCookie(cookies.cookie(DashboardCookies.visit, newVisit))
        }
        // A shown flash is spent; one just set by a redirect stays for the next page.
        if flash != nil, response.status.kind == .successful || response.status.kind == .clientError,
            !response.headers[values: .setCookie].contains(where: { $0.hasPrefix("\(Flash.cookieName)=") })
        {
            response.setCookie(cookies.expired(Flash.cookieName))
        }
        return response
    }

    private func errorPage(
        _ error: any Error, request: Request, context: Context, visit: DashboardVisit
    ) throws -> Response {
        guard let apiError = APIError(error) else {
            context.logger.error("Dashboard request failed", metadata: ["error": "\(String(reflecting: error))"])
            return pages.render(
                "error", ErrorPage(title: "Something went wrong", message: "Souk could not show this page."),
                chrome: Chrome(account: context.account, visit: visit), status: .internalServerError)
        }
        if apiError.status == .unauthorized && context.account == nil
            && (request.method == .get || request.method == .head)
        {
            return DashboardRedirect.to("/dashboard/sign-in", cookies: cookies)
        }
        var response = pages.render(
            "error", ErrorPage(title: Self.title(apiError.status), message: apiError.body.message),
            chrome: Chrome(account: context.account, visit: visit), status: apiError.status)
        response.headers[.retryAfter] = apiError.headers[.retryAfter]
        return response
    }

    static func title(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "Not found"
        case .forbidden: "Forbidden"
        case .unauthorized: "Sign-in needed"
        case .tooManyRequests: "Too many requests"
        case .serviceUnavailable: "Unavailable"
        default: status.reasonPhrase
        }
    }

    struct ErrorPage: Sendable {
        var title: String
        var message: String
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
