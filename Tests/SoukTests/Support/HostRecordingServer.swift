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

    /// Starts a server on `address` (port 0), runs `body` against it and stops it.
    static func run<T>(on address: String, _ body: (HostRecordingServer) async throws -> T) async throws -> T {
        let server = HostRecordingServer(address: address)
        return try await serveOnLoopback(address: address, context: BasicRequestContext.self) { request, _ in
            server.state.withLock { $0.hosts.append(request.head.authority ?? "") }
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
