import NIOCore
import NIOHTTP1

/// Marks each request after which HTTP/1 ends the connection with `Connection: close`, while its version is still
/// known: HTTP/1.0 without `keep-alive` (RFC 9112 §9.3) looks like HTTP/1.1 once converted to the HTTP types
/// that follow, and its connection was kept open until the idle timeout while the client waited for it to end.
/// ``RequestFramingGuard`` then answers it as any request that asks to close.
final class ConnectionPersistenceMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), !head.isKeepAlive else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
