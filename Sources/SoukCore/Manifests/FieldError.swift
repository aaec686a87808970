/// One problem with one field of a pushed document: `{"field": "api.password", "message": "can't be blank"}`.
public struct FieldError: Codable, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field) \(message)" }
}
