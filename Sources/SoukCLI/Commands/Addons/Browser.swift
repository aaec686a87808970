import Foundation

/// The desktop's opener for URLs and files: `xdg-open`, or `open` on macOS.
enum Browser {
    #if os(macOS)
        static let opener = "open"
    #else
        static let opener = "xdg-open"
    #endif

    /// Opens `target`; false when there is no opener or it failed, so that the caller prints `target` instead.
    static func open(_ target: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        guard
            let executable = path.split(separator: ":").map({ "\($0)/\(opener)" })
                .first(where: FileManager.default.isExecutableFile(atPath:))
        else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [target]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
