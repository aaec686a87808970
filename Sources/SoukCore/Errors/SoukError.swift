/// What went wrong, in the platform's terms. The HTTP layer maps each case to a status and
/// the Heroku error body `{"id": …, "message": …}`; messages are written for the customer.
public enum SoukError: Error, Equatable, Sendable {
    case badRequest(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case conflict(String)
    case invalidParams(String)
    case payloadTooLarge(String)
    case rateLimited(String)
    /// Overwriting an app's vars needs `confirm` set to the app's name.
    case confirmationRequired(String)
    /// A provider could not be reached or answered nonsense; the message says what Souk did about it.
    case providerUnavailable(String)
    /// A manifest that breaks rules: every problem, each against its field.
    case invalidManifest([FieldError])

    public var message: String {
        switch self {
        case .badRequest(let message), .unauthorized(let message), .forbidden(let message),
            .notFound(let message), .conflict(let message), .invalidParams(let message),
            .payloadTooLarge(let message), .rateLimited(let message), .confirmationRequired(let message),
            .providerUnavailable(let message):
            return message
        case .invalidManifest(let errors):
            return "The manifest is invalid: " + errors.map(\.description).joined(separator: "; ") + "."
        }
    }
}
