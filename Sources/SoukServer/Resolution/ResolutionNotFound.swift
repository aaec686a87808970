/// A resolve action's 404: Heroku's error body plus `resource` (`add_on`, `add_on attachment`, `app`),
/// which the Heroku CLI reads to decide whether to retry without the app or to report a missing app.
struct ResolutionNotFound: Encodable, Sendable {
    var id = "not_found"
    var message: String
    var resource: String

    static let app = ResolutionNotFound(message: "Couldn't find that app.", resource: "app")
    static let addon = ResolutionNotFound(message: "Couldn't find that add-on.", resource: "add_on")
    static let attachment = ResolutionNotFound(
        message: "Couldn't find that add-on attachment.", resource: "add_on attachment"
    )
}
