import Logging
import PostgresNIO
import SoukStore
import Synchronization

/// What a LISTEN heard: each notification's payload, in order.
final class Heard: Sendable {
    private let payloads = Mutex<[String]>([])

    func append(_ payload: String) { payloads.withLock { $0.append(payload) } }

    /// The payloads that begin with `prefix`.
    func of(_ prefix: String) -> [String] { payloads.withLock { $0.filter { $0.hasPrefix(prefix) } } }
}

/// Runs `body` while a connection of its own listens on `channel`; the connection is closed however `body`
/// ends. PostgresNIO stops the process when a connection is let go unclosed (an assertion in its deinit),
/// which turned one failed step of a test into a crash of the whole run.
func whileListening<T>(
    to url: String, on channel: String, logger: Logger,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (Heard) async throws -> T
) async throws -> T {
    let connection = try await PostgresConnection.connect(configuration: try .init(url: url), id: 1, logger: logger)
    let heard = Heard()
    let (started, ready) = AsyncStream.makeStream(of: Void.self)
    let listener = Task {
        try await connection.listen(on: channel) { notifications in
            ready.yield()
            for try await notification in notifications { heard.append(notification.payload) }
        }
    }
    let outcome: Result<T, any Error>
    do {
        for await _ in started { break }
        outcome = .success(try await body(heard))
    } catch {
        outcome = .failure(error)
    }
    try? await connection.close()
    listener.cancel()
    _ = await listener.result
    return try outcome.get()
}
