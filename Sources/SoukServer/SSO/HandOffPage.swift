import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore

/// The browser side of a hand-off: a 302 to a GET-style `action`, or `SSOHandOffPage`, whose form POSTs the
/// params there. Never cached, never framed, and no Referer for the provider.
struct HandOffPage: ResponseGenerator {
    var handOff: SSOHandOff

    static let headers: HTTPFields = [
        .cacheControl: "no-store",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        HTTPField.Name("X-Frame-Options")!: "DENY",
        .xContentTypeOptions: "nosniff",
    ]

    /// Whether the page's answer to a `method` request sends the hand-off's tokens. A HEAD answer has no body,
    /// so only a redirect's `Location` carries them then.
    static func sendsTokens(_ handOff: SSOHandOff, answering method: HTTPRequest.Method) -> Bool {
        method != .head || handOff.method == .get
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = Self.headers
        switch handOff.method {
        case .get:
            headers[.location] = handOff.action
            return Response(status: .found, headers: headers)
        case .post:
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.contentSecurityPolicy] = SSOHandOffPage.contentSecurityPolicy
            let html = SSOHandOffPage(handOff: handOff).html
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
    }
}
