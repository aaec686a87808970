import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1.1 channel with the platform's guards around it: the connection cap, read
/// deadlines for a request's head and body, the idle timeout, and JSON answers to unparsable requests.
struct SoukHTTPChannel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let settings: HTTPServerSettings
    let connections: ConnectionCount

    /// The server builder for `Application(server:)`; one count of connections per server.
    static func builder(settings: HTTPServerSettings) -> HTTPServerBuilder {
        let connections = ConnectionCount(maximum: settings.maximumConnections)
        return HTTPServerBuilder { responder in
            SoukHTTPChannel(responder: responder, settings: settings, connections: connections)
        }
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let admitted = connections.opened()
        channel.closeFuture.whenComplete { [connections] _ in connections.closed() }
        let deadlines = ClientReadDeadlines(
            headerTimeout: settings.headerTimeout, bodyTimeout: settings.bodyTimeout, logger: logger
        )
        let framing = UncheckedSendable(RequestFramingGuard(deadlines: deadlines, logger: logger))
        let http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [framing.value],
                idleTimeout: settings.idleTimeout.map(TimeAmount.init)
            )
        )
        return channel.eventLoop.makeCompletedFuture {
            if admitted {
                try channel.pipeline.syncOperations.addHandler(deadlines)
            } else {
                logger.debug("Refusing a connection over the cap", metadata: ["cap": "\(connections.maximum)"])
                try channel.pipeline.syncOperations.addHandler(ConnectionRefusal())
            }
        }.flatMap {
            http1.setup(channel: channel, logger: logger)
        }.flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(
                ConnectionPersistenceMarker(),
                position: .before(try operations.handler(type: HTTP1ToHTTPServerCodec.self)))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: value, logger: logger)
    }
}
