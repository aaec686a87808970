import Foundation
import Hummingbird

/// The dashboard's cookies: all `HttpOnly`, `SameSite=Lax` (a link from elsewhere arrives signed in, a form
/// posted from elsewhere doesn't), scoped to `/`, and `Secure` outside development and test.
struct DashboardCookies: Sendable {
    static let session = "souk_session"
    /// Before sign-in, the key of the visitor's form tokens.
    static let visit = "souk_visit"

    let secure: Bool

    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    func expired(_ name: String) -> Cookie {
        cookie(name, "", maxAge: 0)
    }
}
