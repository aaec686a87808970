import Hummingbird

/// What the dashboard knows of a browser's request: its session, the token its forms must carry, the flash
/// left by the previous page, and the posted form.
struct DashboardVisit: Sendable {
    /// The session cookie's token, when it names a live session.
    var sessionToken: String?
    /// What this visit's forms carry and its posts must return (`CSRFToken`).
    var csrfToken: String
    var flash: Flash?
    /// A POST's form, already checked for its CSRF token.
    var form = FormBody(fields: [:])
}
