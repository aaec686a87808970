import Logging
import ServiceLifecycle

/// Runs a server (any Hummingbird application) while `body` runs, then stops it gracefully.
///
/// Cancelling a Hummingbird server outright can drop a connection it has accepted but not yet handed to a
/// handler; NIO then traps on that connection's unfinished writer ("Deinited NIOAsyncWriter without calling
/// finish()") and the whole test process dies. A graceful shutdown first closes the listening socket and
/// hands every accepted connection to a handler, which takes milliseconds. Handlers still busy after a short
/// grace (a fake provider that hangs on purpose) are then cancelled, which is safe: each is inside its own
/// connection's scope by then.
/// `onStop` runs when the server stops, also when it fails to start (to end a wait for its port).
func whileServing<T>(
    _ server: some Service, onStop: @escaping @Sendable () -> Void = {}, _ body: () async throws -> T
) async throws -> T {
    var logger = Logger(label: "souk.tests.server")
    logger.logLevel = .critical
    let group = ServiceGroup(configuration: .init(services: [server], gracefulShutdownSignals: [], logger: logger))
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { onStop() }
            try await group.run()
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        tasks.addTask { try? await Task.sleep(for: .milliseconds(300)) }
        _ = try? await tasks.next()  // the server's end, or the grace's
        tasks.cancelAll()
        return try result.get()
    }
}
