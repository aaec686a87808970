import Foundation
import NIOCore
import SoukCore

/// Put first on a connection over the cap: it answers 503 `unavailable` straight onto the socket (no
/// HTTP decoding needed) and closes, so a flood of idle sockets cannot starve real clients of answers.
final class ConnectionRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context)
        context.fireChannelActive()
    }

    /// Whatever the client sends is dropped.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    private func refuse(_ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: Self.response)), promise: nil)
        context.close(promise: nil)
    }

    static let response: [UInt8] = {
        let body = APIErrorBody(
            id: "unavailable", message: "The server has too many open connections. Try again shortly."
        )
        let json = (try? SoukJSON.makeEncoder().encode(body)) ?? Data()
        let head =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(json.count)\r\nRetry-After: 5\r\nConnection: close\r\n\r\n"
        return Array(head.utf8) + Array(json)
    }()
}
