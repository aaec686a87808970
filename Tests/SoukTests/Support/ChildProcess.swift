import Foundation

/// A program run to its end, as its user would run it: the `souk` CLI, a third-party client.
enum ChildProcess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable ARGUMENTS` with exactly `environment`, feeding it `stdin`, and waits for it to exit.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String], stdin: String? = nil)
        async throws -> Result
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Blocking reads and the wait run on threads of their own: on the cooperative pool they would
        // starve the in-process server the program is talking to.
        // A test that fails while the program runs (an `async let` left behind) cancels it: the program
        // is stopped rather than waited for, or a `--wait` for what never comes would hang the suite.
        let (outData, errData) = await withTaskCancellationHandler {
            await onOwnThread {
                let errorReader = ErrorReader(err.fileHandleForReading)
                let outData = out.fileHandleForReading.readDataToEndOfFile()
                let errData = errorReader.finish()
                process.waitUntilExit()
                return (outData, errData)
            }
        } onCancel: {
            process.terminate()
        }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

/// Drains a pipe on its own thread, so that a chatty stderr cannot block the process while stdout is read.
private final class ErrorReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
