import Hummingbird

/// Post/Redirect/Get: every successful form ends in a 303 to the page that shows its result.
enum DashboardRedirect {
    static func to(_ location: String, flash: Flash? = nil, cookies: DashboardCookies) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        if let flash {
            response.setCookie(cookies.cookie(Flash.cookieName, flash.cookieValue, maxAge: 60))
        }
        return response
    }
}
