import Logging
import NIOCore

/// Closes a connection whose client is too slow to send a request: its head must arrive within
/// `headerTimeout` of its first byte (slow-header attacks), its body within `bodyTimeout` of the head
/// (slow-body attacks). Waiting for the first byte of a request is the idle timeout's business.
///
/// It sits first in the pipeline, before the HTTP decoder, so it sees when a request starts;
/// ``RequestFramingGuard``, after the decoder, tells it when a head and an end have been read.
final class ClientReadDeadlines: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum Phase {
        case betweenRequests, readingHead, readingBody
    }

    let headerTimeout: TimeAmount?
    let bodyTimeout: TimeAmount?
    let logger: Logger
    private var phase = Phase.betweenRequests
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(headerTimeout: Duration?, bodyTimeout: Duration?, logger: Logger) {
        self.headerTimeout = headerTimeout.map(TimeAmount.init)
        self.bodyTimeout = bodyTimeout.map(TimeAmount.init)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .betweenRequests {
            phase = .readingHead
            arm(headerTimeout, waitingFor: "head")
        }
        context.fireChannelRead(data)
    }

    /// A request's head has been decoded: its body's clock starts.
    func headRead() {
        disarm()
        phase = .readingBody
        arm(bodyTimeout, waitingFor: "body")
    }

    /// A request has been read to its end.
    func requestRead() {
        disarm()
        phase = .betweenRequests
    }

    private func arm(_ timeout: TimeAmount?, waitingFor part: String) {
        guard let timeout, let context else { return }
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            deadline = nil
            logger.debug("Closing a connection: the request \(part) did not arrive in time")
            self.context?.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
