/// The error body every failing response carries, as in the Heroku Platform API.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var id: String
    public var message: String

    public init(id: String, message: String) {
        self.id = id
        self.message = message
    }
}
