import Logging
import NIOCore

/// Closes a connection whose client is too slow to send a request: its head must arrive within
/// `headerTimeout` of its first byte (slow-header attacks), its body within `bodyTimeout` of the head
/// (slow-body attacks). Waiting for the first byte of a request is the idle timeout's business.
///
/// It sits first in the pipeline, before the HTTP decoder, so it sees when a request starts;
/// ``RequestFramingGuard``, after the decoder, tells it when a head and an end have been read.
///
/// A request moves its deadline twice and clears it once. Scheduling and cancelling a timer each time cost
/// about a twentieth of a config read's CPU, so a connection keeps one timer instead: moving a deadline later
/// only records it, and the timer, when it fires, closes the connection if the deadline has passed or waits
/// for it if it hasn't. Only a deadline earlier than the timer's reschedules it.
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
    /// When the part being read must have arrived by; `nil` while nothing is awaited.
    private var deadline: (at: NIODeadline, part: String)?
    private var timer: (task: Scheduled<Void>, firesAt: NIODeadline)?
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
        stop()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .betweenRequests {
            phase = .readingHead
            expect(headerTimeout, part: "head")
        }
        context.fireChannelRead(data)
    }

    /// A request's head has been decoded: its body's clock starts.
    func headRead() {
        phase = .readingBody
        expect(bodyTimeout, part: "body")
    }

    /// A request has been read to its end.
    func requestRead() {
        phase = .betweenRequests
        deadline = nil
    }

    /// The `part` must arrive within `timeout` from now (never, when `nil`).
    private func expect(_ timeout: TimeAmount?, part: String) {
        guard let timeout else {
            deadline = nil
            return
        }
        let at = NIODeadline.now() + timeout
        deadline = (at, part)
        if let timer, timer.firesAt <= at { return }
        schedule(at)
    }

    private func schedule(_ at: NIODeadline) {
        guard let context else { return }
        timer?.task.cancel()
        let task = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [self] in
            timer = nil
            guard let deadline else { return }
            if deadline.at > .now() {
                schedule(deadline.at)
                return
            }
            logger.debug("Closing a connection: the request \(deadline.part) did not arrive in time")
            self.context?.close(promise: nil)
        }
        timer = (task, at)
    }

    private func stop() {
        timer?.task.cancel()
        timer = nil
        deadline = nil
    }
}
