import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore

/// The HTTP face of an error: a status and the Heroku body `{"id", "message"}`. Everything the server
/// throws passes through `init(_:)`; what it doesn't recognise becomes a bare 500 whose detail is
/// logged, never sent.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var body: APIErrorBody
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status, id: String, message: String) {
        self.status = status
        self.body = APIErrorBody(id: id, message: message)
    }

    /// `nil` for errors the platform did not anticipate.
    public init?(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as SoukError:
            self.init(error)
        case is NIOTooManyBytesError:
            self.init(status: .contentTooLarge, id: "request_too_large", message: "Request bodies may not exceed 1 MiB.")
        case let error as HTTPError:
            self.init(error)
        default:
            return nil
        }
    }

    init(_ error: SoukError) {
        switch error {
        case .badRequest(let message): self.init(status: .badRequest, id: "bad_request", message: message)
        case .unauthorized(let message):
            self.init(status: .unauthorized, id: "unauthorized", message: message)
            // HTTP asks every 401 to name a scheme; Basic also makes browsers ask (the key is the password).
            headers[.wwwAuthenticate] = "Basic realm=\"Souk\""
        case .forbidden(let message): self.init(status: .forbidden, id: "forbidden", message: message)
        case .notFound(let message): self.init(status: .notFound, id: "not_found", message: message)
        case .conflict(let message): self.init(status: .conflict, id: "conflict", message: message)
        case .invalidParams(let message):
            self.init(status: .unprocessableContent, id: "invalid_params", message: message)
        case .payloadTooLarge(let message):
            self.init(status: .contentTooLarge, id: "request_too_large", message: message)
        case .rateLimited(let message): self.init(status: .tooManyRequests, id: "rate_limit", message: message)
        case .confirmationRequired(let message):
            self.init(status: .conflict, id: "confirmation_required", message: message)
        case .providerUnavailable(let message):
            self.init(status: .badGateway, id: "provider_unavailable", message: message)
        case .invalidManifest(let errors):
            self.init(status: .unprocessableContent, id: "invalid_manifest", message: error.message)
            body.errors = errors
        }
    }

    /// Hummingbird's own errors (unknown route, wrong method, …) in the platform's wording.
    init(_ error: HTTPError) {
        let id: String
        let message: String
        switch error.status {
        case .notFound: (id, message) = ("not_found", "The requested API endpoint was not found.")
        case .methodNotAllowed: (id, message) = ("method_not_allowed", "This method is not allowed on this endpoint.")
        case .contentTooLarge: (id, message) = ("request_too_large", "Request bodies may not exceed 1 MiB.")
        case .unauthorized: (id, message) = ("unauthorized", "Invalid credentials provided.")
        default:
            id = error.status.code < 500 ? "bad_request" : "internal_error"
            message = error.status.code < 500 ? "The request could not be understood." : "Internal server error."
        }
        self.init(status: error.status, id: id, message: message)
        self.headers = error.headers
    }

    public static let internalError = APIError(
        status: .internalServerError, id: "internal_error", message: "Internal server error."
    )
}
