/// The error body every failing response carries, as in the Heroku Platform API.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var id: String
    public var message: String
    /// Field by field, for errors about a whole document (`invalid_manifest`).
    public var errors: [FieldError]?
    /// The HTTP status a provider answered with, for `provider_error`.
    public var providerStatus: Int?

    public init(id: String, message: String, errors: [FieldError]? = nil, providerStatus: Int? = nil) {
        self.id = id
        self.message = message
        self.errors = errors
        self.providerStatus = providerStatus
    }

    enum CodingKeys: String, CodingKey {
        case id, message, errors
        case providerStatus = "provider_status"
    }
}
