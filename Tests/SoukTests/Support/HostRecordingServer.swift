import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An HTTP server on one loopback address that answers every request with `{"id": "pinned"}` and records the
/// `Host` header and the client's port of each: enough to see where a provider call really connected, and
/// whether calls shared a connection.
final class HostRecordingServer: Sendable {
    let address: String
    private let state = Mutex((port: 0, hosts: [String](), clientPorts: [Int]()))

    private init(address: String) {
        self.address = address
    }

    var port: Int { state.withLock { $0.port } }
    var hosts: [String] { state.withLock { $0.hosts } }
    /// The port each request came from: one per connection.
    var clientPorts: [Int] { state.withLock { $0.clientPorts } }

    /// Starts a server on `address` (port 0), runs `body` against it and stops it.
    static func run<T>(on address: String, _ body: (HostRecordingServer) async throws -> T) async throws -> T {
        let server = HostRecordingServer(address: address)
        return try await serveOnLoopback(address: address, context: PeerRequestContext.self) { request, context in
            server.state.withLock {
                $0.hosts.append(request.head.authority ?? "")
                $0.clientPorts.append(context.remoteAddress?.port ?? 0)
            }
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"id": "pinned"}"#))
            )
        } _: { port in
            server.state.withLock { $0.port = port }
            return try await body(server)
        }
    }
}

/// A request context that knows the client's address.
struct PeerRequestContext: RequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
