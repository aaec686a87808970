import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A platform on 127.0.0.1 that answers every request with one fixed error, for checking how the CLI renders
/// error bodies the real platform sends only in hard-to-reach states. Records the paths it was asked for.
///
/// ```swift
/// try await FakePlatform.run(status: 504, body: #"{"id": "provider_timeout", "message": "…"}"#) { platform in
///     let cli = try CLIRunner(baseURL: platform.baseURL)
/// }
/// ```
final class FakePlatform: Sendable {
    let status: Int
    let body: String
    private let state = Mutex((port: 0, paths: [String]()))

    init(status: Int, body: String) {
        self.status = status
        self.body = body
    }

    var baseURL: String { "http://127.0.0.1:\(state.withLock { $0.port })" }
    var paths: [String] { state.withLock { $0.paths } }

    static func run<T>(status: Int, body: String, _ work: (FakePlatform) async throws -> T) async throws -> T {
        let platform = FakePlatform(status: status, body: body)
        return try await serveOnLoopback(context: BasicRequestContext.self) { request, _ in
            platform.state.withLock { $0.paths.append("\(request.method.rawValue) \(request.uri.path)") }
            return Response(
                status: HTTPResponse.Status(code: platform.status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: platform.body))
            )
        } _: { port in
            platform.state.withLock { $0.port = port }
            return try await work(platform)
        }
    }
}
