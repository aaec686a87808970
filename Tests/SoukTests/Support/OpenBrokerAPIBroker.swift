import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SoukCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A real Open Service Broker in a process of its own: `scripts/lib/osb-broker.py`, an in-memory broker served
/// by the unmodified `openbrokerapi` package (PyPI), on 127.0.0.1 with Basic auth. `scripts/test` installs
/// openbrokerapi into `.data/osb-venv` and names its Python in `SOUK_OSB_PYTHON`; without it, `python3`.
///
/// Its catalog: `souk-test-db` (bindable, plan-updateable; plans `small`, free, and `large`, 25 USD a
/// month) and `souk-test-queue` (not bindable; plan `basic`, free). `instances()` shows what it holds.
final class OpenBrokerAPIBroker: @unchecked Sendable {
    static let databaseServiceID = "8b9a2c1e-0000-4000-8000-000000000001"
    static let smallPlanID = "8b9a2c1e-0000-4000-8000-000000000011"
    static let largePlanID = "8b9a2c1e-0000-4000-8000-000000000012"
    static let queueServiceID = "8b9a2c1e-0000-4000-8000-000000000002"
    static let basicPlanID = "8b9a2c1e-0000-4000-8000-000000000021"

    /// `http://127.0.0.1:PORT`, no trailing slash.
    let url: String
    let port: Int
    let username: String
    let password: String

    /// The broker's own process id (not a child of this process).
    private let pid: Int32
    private let capture: String
    private let stopped = Mutex(false)

    /// `Basic base64(username:password)`, for an `Authorization` header.
    var authorization: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }

    private init(pid: Int32, capture: String, port: Int, username: String, password: String) {
        self.pid = pid
        self.capture = capture
        self.port = port
        self.url = "http://127.0.0.1:\(port)"
        self.username = username
        self.password = password
    }

    /// Starts a broker on a free port and returns once it listens; `stop()` it when done (or use
    /// `withBroker`).
    static func start(timeout: Duration = .seconds(30)) async throws -> OpenBrokerAPIBroker {
        let environment = ProcessInfo.processInfo.environment
        let python = environment["SOUK_OSB_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        let script = SoukProcess.repositoryRoot.appendingPathComponent("scripts/lib/osb-broker.py").path
        let username = randomAlphanumeric(16)
        let password = randomAlphanumeric(32)
        let capture = FileManager.default.temporaryDirectory
            .appendingPathComponent("souk-osb-broker-\(UUID().uuidString)").path

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Every descriptor it inherited beyond 0–2 is closed first (the broker would otherwise hold this
        // process's sockets and pipes open), and its output goes to files, read by polling: no pipe to
        // drain. The broker runs in the background and bash exits at once, leaving its id in a file: a
        // long-lived child of this process stalled Foundation's notices of other children's exits (a CLI
        // run's `waitUntilExit` spun until the broker was gone, which was never).
        process.arguments = [
            "-c",
            """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            ( exec "$0" "$1" 0 >"$2.out" 2>"$2.err" </dev/null ) &
            echo $! >"$2.pid.tmp" && mv "$2.pid.tmp" "$2.pid"
            """,
            python, script, capture,
        ]
        process.currentDirectoryURL = SoukProcess.repositoryRoot
        // openbrokerapi as shipped: none of its checks turned off from outside.
        var childEnvironment = environment.filter {
            $0.key != "DISABLE_VERSION_CHECK" && $0.key != "DISABLE_SPACE_ORG_GUID_CHECK"
        }
        childEnvironment["OSB_USERNAME"] = username
        childEnvironment["OSB_PASSWORD"] = password
        childEnvironment["PYTHONUNBUFFERED"] = "1"
        process.environment = childEnvironment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = ContinuousClock.now + timeout
        while true {
            let pid = (try? String(contentsOfFile: capture + ".pid", encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            let output = (try? String(contentsOfFile: capture + ".out", encoding: .utf8)) ?? ""
            if let pid, let line = output.split(separator: "\n", omittingEmptySubsequences: false).first,
                output.contains("\n"), let port = Int(line.trimmingCharacters(in: .whitespaces))
            {
                return OpenBrokerAPIBroker(
                    pid: pid, capture: capture, port: port, username: username, password: password)
            }
            let exited = pid.map { kill($0, 0) != 0 } ?? false
            if exited || ContinuousClock.now >= deadline {
                let errors = (try? String(contentsOfFile: capture + ".err", encoding: .utf8)) ?? ""
                if let pid { kill(pid, SIGKILL) }
                removeCapture(capture)
                throw TestFailure(
                    "\(python) \(script) \(exited ? "exited" : "printed no port within \(timeout)"): \(errors)")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Starts a broker, runs `body` with it and stops it, whether `body` returns or throws.
    static func withBroker<T>(_ body: (OpenBrokerAPIBroker) async throws -> T) async throws -> T {
        let broker = try await start()
        do {
            let result = try await body(broker)
            broker.stop()
            return result
        } catch {
            broker.stop()
            throw error
        }
    }

    /// Kills the broker (SIGKILL: its state is memory only) and removes its output files. Idempotent.
    func stop() {
        let alreadyStopped = stopped.withLock { stopped in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        kill(pid, SIGKILL)
        Self.removeCapture(capture)
    }

    /// What the broker holds, from its `GET /test/instances`: `{"instances": {id: {service_id, plan_id,
    /// parameters, context, organization_guid, space_guid}}, "bindings": {id: {instance_id, app_guid}}}`.
    func instances() async throws -> JSONValue {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "\(url)/test/instances"), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 4 << 20)
        guard response.status == .ok else {
            throw TestFailure("GET \(url)/test/instances answered \(response.status): \(String(buffer: body))")
        }
        return try JSONDecoder().decode(JSONValue.self, from: body)
    }

    /// What the broker wrote to stderr so far (its request log and any traceback).
    func log() -> String {
        (try? String(contentsOfFile: capture + ".err", encoding: .utf8)) ?? ""
    }

    private static func removeCapture(_ capture: String) {
        for suffix in [".out", ".err", ".pid"] { try? FileManager.default.removeItem(atPath: capture + suffix) }
    }

    private static func randomAlphanumeric(_ count: Int) -> String {
        let characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { _ in characters.randomElement()! })
    }
}
