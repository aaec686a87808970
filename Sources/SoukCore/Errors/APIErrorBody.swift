/// The error body every failing response carries, as in the Heroku Platform API.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var id: String
    public var message: String
    /// Field by field, for errors about a whole document (`invalid_manifest`).
    public var errors: [FieldError]?

    public init(id: String, message: String, errors: [FieldError]? = nil) {
        self.id = id
        self.message = message
        self.errors = errors
    }
}
