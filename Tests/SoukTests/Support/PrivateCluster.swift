import Foundation

/// A PostgreSQL cluster of a test's own, to stop and start again under a running Souk (the shared test
/// cluster can't be stopped). Made with `scripts/lib/postgres.sh`, as `scripts/test` makes the shared one.
struct PrivateCluster {
    let directory: String
    let port: Int

    var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres" }

    static func start() async throws -> PrivateCluster {
        let directory = "/var/tmp/souk-test-cluster-\(UUID().uuidString.prefix(8).lowercased())"
        let output = try await shell(
            "pg_cluster_up \(directory) 56100 -c fsync=off >&2 && echo \"$PG_PORT\""
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
                -o "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off" start >&2
            """
        )
    }

    func destroy() async throws {
        _ = try? await Self.shell("pg_as \"$(pg_bin_dir)/pg_ctl\" -D \(directory) -m immediate -w stop >&2")
        _ = try await Self.shell("rm -rf \"$(readlink -f \(directory))\" \(directory) \(directory).lock \(directory).users")
    }

    /// Runs a bash script with `scripts/lib/postgres.sh` loaded, waiting for it on a thread of its own.
    /// Its output goes through files, and it closes every other descriptor it inherited first: the server it
    /// starts would otherwise hold them open for good, Foundation's own that reports the script's exit among them.
    private static func shell(_ script: String) async throws -> String {
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("souk-shell-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(atPath: capture.path + ".out")
            try? FileManager.default.removeItem(atPath: capture.path + ".err")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c",
            """
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null
            { source scripts/lib/postgres.sh && \(script); } >'\(capture.path).out' 2>'\(capture.path).err' </dev/null
            """,
        ]
        process.currentDirectoryURL = SoukProcess.repositoryRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        await onOwnThread { process.waitUntilExit() }
        let output = (try? String(contentsOfFile: capture.path + ".out", encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOfFile: capture.path + ".err", encoding: .utf8)) ?? ""
            throw TestFailure("\(script) exited with \(process.terminationStatus): \(message)")
        }
        return output
    }
}
