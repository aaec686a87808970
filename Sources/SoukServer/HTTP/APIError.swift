import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import SoukCore
import SoukStore

/// The HTTP face of an error: a status and the Heroku body `{"id", "message"}`. Everything the server
/// throws passes through `init(_:)`; what it doesn't recognise becomes a bare 500 whose detail is
/// logged, never sent.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var body: APIErrorBody
    var headers: HTTPFields = [:]

    init(status: HTTPResponse.Status, id: String, message: String) {
        self.status = status
        self.body = APIErrorBody(id: id, message: message)
    }

    /// `nil` for errors the platform did not anticipate.
    init?(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as SoukError:
            self.init(error)
        case is NIOTooManyBytesError:
            self.init(
                status: .contentTooLarge, id: "request_too_large", message: "Request bodies may not exceed 1 MiB.")
        case let error as HTTPError:
            self.init(error)
        case let error as HTTPParserError:
            self = .malformed(error)
        case let error as ChannelError where Self.closedConnection.contains(error):
            // The client went away mid-request: nobody reads this answer, but it is the client's doing.
            self.init(
                status: .badRequest, id: "bad_request", message: "The connection closed before the request was read."
            )
        case _ where DatabaseOutage.contains(error):
            self = .databaseUnavailable
        default:
            return nil
        }
    }

    /// Whether the client, not the platform, is to blame (worth a debug line, never an error one).
    static func isClientTransportError(_ error: any Error) -> Bool {
        switch error {
        case is HTTPParserError: true
        case let error as ChannelError: closedConnection.contains(error)
        default: false
        }
    }

    private static let closedConnection: [ChannelError] = [.ioOnClosedChannel, .alreadyClosed, .eof, .inputClosed]
    /// PostgreSQL could not be reached, or hung up: nothing the client did, and worth retrying shortly.
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
        case .addonNameTaken: self.init(status: .conflict, id: "conflict", message: error.message)
        case .invalidParams(let message):
            self.init(status: .unprocessableContent, id: "invalid_params", message: message)
        case .payloadTooLarge(let message):
            self.init(status: .contentTooLarge, id: "request_too_large", message: message)
        case .rateLimited(let message): self.init(status: .tooManyRequests, id: "rate_limit", message: message)
        case .confirmationRequired(let message):
            self.init(status: .conflict, id: "confirmation_required", message: message)
        case .providerError(let status, let message):
            self.init(status: .badGateway, id: "provider_error", message: message)
            body.providerStatus = status
        case .providerUnavailable(let message):
            self.init(status: .serviceUnavailable, id: "provider_unavailable", message: message)
            // The call that failed is retried (or cleaned up) in the background; asking again soon is fine.
            headers[.retryAfter] = "5"
        case .providerTimeout(let message):
            self.init(status: .gatewayTimeout, id: "provider_timeout", message: message)
        case .invalidManifest(let errors):
            self.init(status: .unprocessableContent, id: "invalid_manifest", message: error.message)
            body.errors = errors
        case .invalidCatalog(let errors):
            self.init(status: .unprocessableContent, id: "invalid_catalog", message: error.message)
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

    /// The database does not answer (down, unreachable, or hanging up); the request changed nothing.
    static let databaseUnavailable = {
        var error = APIError(
            status: .serviceUnavailable, id: "unavailable",
            message: "The service is temporarily unavailable: its database cannot be reached. Try again shortly."
        )
        error.headers[.retryAfter] = "5"
        return error
    }()

    /// What the HTTP decoder refused, in words a client can act on.
    static func malformed(_ error: HTTPParserError) -> APIError {
        let message =
            switch error {
            case .headerOverflow: "The request's headers are too many or too large."
            case .invalidChunkSize: "The request body's chunked encoding is malformed: a chunk size is not hexadecimal."
            case .invalidEOFState, .closedConnection: "The connection closed before the request was read."
            case .invalidContentLength, .unexpectedContentLength: "The request's Content-Length is invalid."
            case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected:
                "The request head contains characters HTTP does not allow."
            case .invalidMethod: "The request method is not valid HTTP."
            case .invalidURL, .invalidPath, .invalidQueryString, .invalidFragment, .invalidHost, .invalidPort:
                "The request target is not a valid URL."
            case .invalidVersion: "Only HTTP/1.0 and HTTP/1.1 are spoken here."
            default: "The request is not valid HTTP/1.1."
            }
        return APIError(status: .badRequest, id: "bad_request", message: message)
    }

    static let unexpected = APIError(
        status: .internalServerError, id: "internal_error", message: "Internal server error."
    )
}
