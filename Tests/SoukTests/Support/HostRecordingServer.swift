import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An HTTP server on one loopback address that answers every request with `{"id": "pinned"}` and records the
/// `Host` header of each: enough to see where a provider call really connected.
final class HostRecordingServer: Sendable {
    let address: String
    private let state = Mutex((port: 0, hosts: [String]()))

    private init(address: String) {
        self.address = address
    }

    var port: Int { state.withLock { $0.port } }
    var hosts: [String] { state.withLock { $0.hosts } }

    enum StartFailure: Error { case noPort }

    /// Starts a server on `address` (port 0), runs `body` against it and stops it.
    static func run<T>(on address: String, _ body: (HostRecordingServer) async throws -> T) async throws -> T {
        let server = HostRecordingServer(address: address)
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "HostRecordingServer")
        logger.logLevel = .critical
        let app = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in
                server.state.withLock { $0.hosts.append(request.head.authority ?? "") }
                return Response(
                    status: .ok,
                    headers: [.contentType: "application/json"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"id": "pinned"}"#))
                )
            },
            configuration: ApplicationConfiguration(address: .hostname(address, port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            },
            logger: logger
        )
        return try await whileServing(app, onStop: { portContinuation.finish() }) {
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port != 0 else { throw StartFailure.noPort }
            server.state.withLock { $0.port = port }
            return try await body(server)
        }
    }
}
