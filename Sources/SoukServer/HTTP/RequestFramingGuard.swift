import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import SoukCore

/// Watches decoded requests right after the HTTP codec. It tells ``ClientReadDeadlines`` where each
/// request's head and end fall, and answers what the HTTP decoder refuses (a control byte in a header,
/// too many or too large headers) with a 400 in the platform's `{"id", "message"}` body, where
/// Hummingbird would send an empty one. A refusal in the middle of a body is left to the request's
/// handler, which meets it while reading the body and answers through ``APIError``; should the handler
/// not read the body, Hummingbird meets the error after the response and sends its empty 400, which is
/// given the JSON body here.
///
/// It also keeps RFC 9112 §9.6 for a request that ends its connection (marked by ``ConnectionPersistenceMarker``):
/// its response says `Connection: close`, and the connection closes after it. Hummingbird closes only after a
/// request whose field is exactly `close` and says nothing of it in the response, so a client that read the
/// answer as keep-alive sent its next request on a connection being closed, and got a 400 for it.
///
/// And it answers `Expect: 100-continue` (RFC 9110 §10.1.1) with `100 Continue` as the head arrives, when a
/// body is to follow: Hummingbird sends none, so curl, which asks for large bodies, waited a second for it
/// before sending the body anyway.
final class RequestFramingGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let deadlines: ClientReadDeadlines?
    let logger: Logger
    /// One entry per request read whose response has not ended yet, in order: whether it asked to close.
    private var unanswered: [Bool] = []
    private var refused = false
    /// A refusal passed on to the request being handled.
    private var passedOn: HTTPParserError?

    init(deadlines: ClientReadDeadlines?, logger: Logger) {
        self.deadlines = deadlines
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // With a response still under way the interim answer would land inside it; the client then
            // waits out its own delay, as it must for a server that never answers 100.
            if unanswered.isEmpty, Self.awaitsContinue(head.headerFields) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            }
            // `ConnectionPersistenceMarker` wrote exactly this on each request HTTP/1 ends the connection after,
            // whatever its version, case or other options: the one form Hummingbird's loop stops at.
            unanswered.append(head.headerFields[.connection] == "close")
            deadlines?.headRead()
        case .body: break
        case .end: deadlines?.requestRead()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head)
        where passedOn != nil && head.status == .badRequest && head.headerFields[.contentLength] == "0":
            // Hummingbird's own answer to the refusal (HTTPChannelHandler): same status, our body.
            let (jsonHead, body) = Self.refusal(APIError.malformed(passedOn!))
            passedOn = nil
            context.write(wrapOutboundOut(.head(jsonHead)), promise: promise)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
        case .head(var head) where head.status.kind != .informational && unanswered.first == true:
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            if !unanswered.isEmpty { unanswered.removeFirst() }
            context.write(data, promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        guard unanswered.isEmpty else {
            passedOn = error
            context.fireErrorCaught(error)
            return
        }
        guard !refused else { return }
        refused = true
        logger.debug("Refusing an unreadable request", metadata: ["error": .string("\(error)")])
        let (head, body) = Self.refusal(APIError.malformed(error))
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.close(promise: nil)
    }

    /// Whether the client waits for `100 Continue` before sending a body it declares.
    static func awaitsContinue(_ fields: HTTPFields) -> Bool {
        guard fields[.expect]?.lowercased() == "100-continue" else { return false }
        if let length = fields[.contentLength] { return length != "0" }
        return fields[.transferEncoding] != nil
    }

    /// The head and body of a refusal that ends the connection.
    private static func refusal(_ error: APIError) -> (HTTPResponse, ByteBuffer) {
        let body = (try? SoukJSON.makeEncoder().encode(error.body)) ?? Data()
        var head = HTTPResponse(status: error.status)
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.count)
        head.headerFields[.connection] = "close"
        return (head, ByteBuffer(bytes: body))
    }
}
