import Foundation
import Synchronization

/// A PostgreSQL cluster of a test's own, to stop and start again under a running Souk (the shared test
/// cluster can't be stopped). Made with `scripts/lib/postgres.sh`, as `scripts/test` makes the shared one.
struct PrivateCluster {
    let directory: String
    let port: Int

    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    /// Where the next cluster looks for a free port. Each cluster gets a range of its own: two started at
    /// once would otherwise find the same port free, and one stopped for a while would find its port taken
    /// by another on its restart. They sit below Linux's ephemeral range (32768–60999), where a client
    /// connection's own port could hold one bound while nothing accepts on it.
    private static let nextPort = Mutex(31000)

    static func start() async throws -> PrivateCluster {
        let directory = "/var/tmp/souk-test-cluster-\(UUID().uuidString.prefix(8).lowercased())"
        let firstPort = nextPort.withLock { port in
            defer { port += 20 }
            return port
        }
        let output = try await shell(
            "pg_cluster_up \(directory) \(firstPort) -c fsync=off >&2 && echo \"$PG_PORT\""
        )
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("no port from pg_cluster_up: \(output)")
        }
        return PrivateCluster(directory: directory, port: port)
    }

    /// As a crash would: no shutdown checkpoint, connections cut. (Commits are synchronous on this cluster,
    /// so what a test wrote before survives.)
    func stop() async throws {
        _ = try await Self.shell("pg_as \"$(pg_bin_dir)/pg_ctl\" -D \(directory) -m immediate -w stop >&2")
    }

    func restart() async throws {
        _ = try await Self.shell(
            """
            pg_as "$(pg_bin_dir)/pg_ctl" -D \(directory) -l \(directory)/server.log -w -t 60 \
                -o "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
                start >&2
            """
        )
    }

    /// A hot standby of this cluster in a new directory, streaming from it (`pg_basebackup -R`), started.
    func startStandby() async throws -> PrivateCluster {
        let directory = "/var/tmp/souk-test-standby-\(UUID().uuidString.prefix(8).lowercased())"
        let port = Self.nextPort.withLock { port in
            defer { port += 20 }
            return port
        }
        _ = try await Self.shell(
            """
            mkdir -p \(directory) && chmod 700 \(directory) && { [[ $EUID -ne 0 ]] || chown postgres: \(directory); } && \
            pg_as "$(pg_bin_dir)/pg_basebackup" -h 127.0.0.1 -p \(self.port) -U postgres -D \(directory) -R \
                -X stream -c fast >&2 && \
            pg_as "$(pg_bin_dir)/pg_ctl" -D \(directory) -l \(directory)/server.log -w -t 60 \
                -o "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" \
                start >&2
            """
        )
        return PrivateCluster(directory: directory, port: port)
    }

    /// Commits wait until a standby has the commit's WAL, so that what a primary acknowledged survives its loss.
    func requireSynchronousStandby() async throws {
        _ = try await Self.shell(
            """
            "$(pg_bin_dir)/psql" -h 127.0.0.1 -p \(port) -U postgres -d postgres -qAt \
                -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >&2
            """
        )
    }

    /// Ends a standby's recovery: it becomes a primary that takes writes.
    func promote() async throws {
        _ = try await Self.shell("pg_as \"$(pg_bin_dir)/pg_ctl\" -D \(directory) -w -t 60 promote >&2")
    }

    func destroy() async throws {
        _ = try? await Self.shell("pg_as \"$(pg_bin_dir)/pg_ctl\" -D \(directory) -m immediate -w stop >&2")
        _ = try await Self.shell(
            "rm -rf \"$(readlink -f \(directory))\" \(directory) \(directory).lock \(directory).users")
    }

    /// Runs a bash script with `scripts/lib/postgres.sh` loaded and returns its output. Its output goes
    /// through files, and it closes every other descriptor it inherited first: the server it starts would
    /// otherwise hold them open for good. The script's end is read from a status file it writes last,
    /// not from Foundation's notice of the exit, which under the full suite's load now and then never came
    /// (the test then hung for good).
    private static func shell(_ script: String, timeout: Duration = .seconds(120)) async throws -> String {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("souk-shell-\(UUID().uuidString)")
            .path
        defer {
            for suffix in [".out", ".err", ".status"] { try? FileManager.default.removeItem(atPath: capture + suffix) }
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c",
            """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            { source scripts/lib/postgres.sh && \(script); } >'\(capture).out' 2>'\(capture).err' </dev/null
            echo $? >'\(capture).status.tmp' && mv '\(capture).status.tmp' '\(capture).status'
            """,
        ]
        process.currentDirectoryURL = SoukProcess.repositoryRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        var status: String?
        while status == nil {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("\(script) did not finish within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
            status = try? String(contentsOfFile: capture + ".status", encoding: .utf8)
        }
        let output = (try? String(contentsOfFile: capture + ".out", encoding: .utf8)) ?? ""
        guard status?.trimmingCharacters(in: .whitespacesAndNewlines) == "0" else {
            let message = (try? String(contentsOfFile: capture + ".err", encoding: .utf8)) ?? ""
            throw TestFailure("\(script) exited with \(status ?? ""): \(message)")
        }
        return output
    }
}
