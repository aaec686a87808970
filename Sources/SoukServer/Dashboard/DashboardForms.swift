import Hummingbird
import SoukCore

/// How a dashboard form ends: on success a 303 to the page that shows the result, with a notice; when the
/// request was refused (a validation error, a conflict, a provider's refusal), a 303 back to the form's page
/// with the reason. "Not found" is not a refusal: it becomes the 404 page, so that another customer's app
/// looks exactly like a missing one.
struct DashboardForms: Sendable {
    let cookies: DashboardCookies

    struct Outcome: Sendable {
        var location: String
        var notice: String?
    }

    func act(back: String, _ work: () async throws -> Outcome) async throws -> Response {
        do {
            let outcome = try await work()
            return DashboardRedirect.to(outcome.location, flash: outcome.notice.map(Flash.notice), cookies: cookies)
        } catch {
            guard let apiError = APIError(error), apiError.status != .notFound, apiError.status != .unauthorized,
                apiError.status != .tooManyRequests
            else { throw error }
            return DashboardRedirect.to(back, flash: .error(apiError.body.message), cookies: cookies)
        }
    }
}

extension SoukRequestContext {
    /// The dashboard visit `DashboardMiddleware` set; every dashboard route runs behind it.
    var visit: DashboardVisit {
        dashboard ?? DashboardVisit(sessionToken: nil, csrfToken: "", flash: nil)
    }

    var form: FormBody { visit.form }

    /// The page frame for the signed-in (or anonymous) visitor.
    func chrome(refresh: String? = nil) -> Chrome {
        Chrome(account: account, visit: visit, refresh: refresh)
    }
}
