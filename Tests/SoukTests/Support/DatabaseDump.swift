import Foundation

/// A `pg_dump` of a test database, to check what an attacker with a copy of the database would read.
enum DatabaseDump {
    /// Waits for pg_dump on a thread of its own (`onOwnThread`).
    static func take(_ url: String) async throws -> String {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = ["--data-only", "--dbname", url]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let (data, message) = await onOwnThread {
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (data, message)
        }
        guard process.terminationStatus == 0 else {
            throw TestFailure("pg_dump exited with \(process.terminationStatus): \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The newest server version's pg_dump, else the one on PATH.
    private static func executable() throws -> URL {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let path = "\(root)/\(version)/bin/pg_dump"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/pg_dump"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        throw TestFailure("pg_dump not found")
    }
}
