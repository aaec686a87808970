/// What went wrong, in the platform's terms. The HTTP layer maps each case to a status and
/// the Heroku error body `{"id": …, "message": …}`; messages are written for the customer.
public enum SoukError: Error, Equatable, Sendable {
    case badRequest(String)
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case conflict(String)
    /// Another live add-on has the name (409 `conflict`).
    case addonNameTaken(String)
    case invalidParams(String)
    case payloadTooLarge(String)
    case rateLimited(String)
    /// Overwriting an app's vars needs `confirm` set to the app's name.
    case confirmationRequired(String)
    /// The provider answered with an HTTP error, or with something Souk can't use (502). `status` is the
    /// provider's HTTP status when it sent one; the message says what Souk did about it.
    case providerError(status: Int?, message: String)
    /// The provider could not be reached: no connection, or it closed without answering (503).
    case providerUnavailable(String)
    /// The provider did not answer within the call timeout (504).
    case providerTimeout(String)
    /// A manifest that breaks rules: every problem, each against its field.
    case invalidManifest([FieldError])
    /// A broker's catalog Souk can't take: every problem, each against its field.
    case invalidCatalog([FieldError])

    public var message: String {
        switch self {
        case .badRequest(let message), .unauthorized(let message), .forbidden(let message),
            .notFound(let message), .conflict(let message), .invalidParams(let message),
            .payloadTooLarge(let message), .rateLimited(let message), .confirmationRequired(let message),
            .providerUnavailable(let message), .providerTimeout(let message), .providerError(_, let message):
            return message
        case .addonNameTaken(let name):
            return "The add-on name \(name) is taken."
        case .invalidManifest(let errors):
            return "The manifest is invalid: " + errors.map(\.description).joined(separator: "; ") + "."
        case .invalidCatalog(let errors):
            return "The broker's catalog is invalid: " + errors.map(\.description).joined(separator: "; ") + "."
        }
    }
}
