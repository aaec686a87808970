import SoukCore

/// What every page's frame shows around its content: who is signed in, the form token, the flash.
struct Chrome: Sendable {
    struct Viewer: Sendable {
        var email: String
        var isAdmin: Bool
    }

    var viewer: Viewer?
    var csrf: String
    var flash: Flash?
    /// Where to reload from every two seconds, while something on the page is still changing (an add-on
    /// provisioning). The page's own path without a `#section`: a browser treats reloading an address with
    /// a fragment as a jump within the page and wouldn't fetch it again.
    var refresh: String?

    init(account: Account?, visit: DashboardVisit, refresh: String? = nil) {
        self.viewer = account.map { Viewer(email: $0.email, isAdmin: $0.isAdmin) }
        self.csrf = visit.csrfToken
        self.flash = visit.flash
        self.refresh = refresh
    }
}

/// The object a template renders: the frame's `chrome` and the page's own `page`.
struct PageFrame<Page: Sendable>: Sendable {
    var chrome: Chrome
    var page: Page
}
