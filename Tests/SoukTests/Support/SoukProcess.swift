import Foundation

#if canImport(Glibc)
    import Glibc
#endif
// `sockaddr_in` comes from a C header that both Glibc and NIO's CNIOLinux include, and which of them a clean
// build credits with it depends on the order it compiles in: with both imported, `freePort` builds either way.
#if canImport(CNIOLinux)
    import CNIOLinux
#endif

/// The real `souk serve` binary in a child process, to be killed with SIGKILL: a crash no in-process
/// test can fake.
final class SoukProcess: @unchecked Sendable {
    let process = Process()
    let port: Int

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    init(environment: [String: String]) throws {
        let binary = Self.repositoryRoot.appendingPathComponent(".build/debug/souk")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw TestFailure("\(binary.path) is missing: build the souk product first (scripts/test does)")
        }
        port = try Self.freePort()
        process.executableURL = binary
        process.arguments = ["serve", "--port", String(port)]
        process.currentDirectoryURL = Self.repositoryRoot
        var base = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SOUK_") && $0.key != "DATABASE_URL" }
        base.merge(environment) { $1 }
        process.environment = base
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// SIGKILL, then a wait of at most 5 s until the kernel has it dead (a zombie or gone). Not
    /// `waitUntilExit()`: it spins a run loop until Foundation notices the exit, which under the full suite's
    /// load now and then never came, and each such wait held one of the few cooperative threads for good
    /// (two of them stalled the whole run).
    func kill() {
        let pid = process.processIdentifier
        Glibc.kill(pid, SIGKILL)
        for _ in 0..<500 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let state = stat.split(separator: ")").last?.split(separator: " ").first,
                state != "Z", state != "X"
            else { return }
            usleep(10_000)
        }
    }

    /// A port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw TestFailure("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
