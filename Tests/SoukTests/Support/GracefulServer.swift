import Hummingbird
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

/// Serves `respond` on a free port of `address` while `body` runs with that port, then stops it as
/// `whileServing` does: the one way every fake server in the tests runs.
func serveOnLoopback<Context: RequestContext, T>(
    address: String = "127.0.0.1", context: Context.Type,
    _ respond: @escaping @Sendable (Request, Context) async throws -> Response,
    _ body: (_ port: Int) async throws -> T
) async throws -> T where Context: InitializableFromSource<ApplicationRequestContextSource> {
    let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
    var logger = Logger(label: "souk.tests.loopback")
    logger.logLevel = .critical
    let app = Application(
        responder: CallbackResponder<Context>(callback: respond),
        configuration: ApplicationConfiguration(address: .hostname(address, port: 0)),
        onServerRunning: { channel in
            portContinuation.yield(channel.localAddress?.port ?? 0)
            portContinuation.finish()
        },
        logger: logger
    )
    let stop: @Sendable () -> Void = { portContinuation.finish() }
    return try await whileServing(app, onStop: stop) {
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else { throw LoopbackServerFailure.noPort }
        return try await body(port)
    }
}

enum LoopbackServerFailure: Error { case noPort }
