import Foundation

/// `Creating example:free on ⬢ myapp... done`: the action, then `done` (or the failure). On a terminal a
/// spinner turns while it waits; elsewhere the line is printed plainly.
public enum Progress {
    public static func run<T: Sendable>(_ action: String, _ work: @Sendable () async throws -> T) async throws -> T {
        try await run(action, done: { _ in "done" }, work)
    }

    /// As `run(_:_:)`, with the ending worded from the result: `Setting DEBUG and restarting ⬢ myapp... done, v12`.
    public static func run<T: Sendable>(
        _ action: String, done: (T) -> String, _ work: @Sendable () async throws -> T
    ) async throws -> T {
        let output = FileHandle.standardError
        let spinning = Terminal.isErrorInteractive
        output.write(Data("\(action)... ".utf8))
        let spinner =
            spinning
            ? Task {
                let frames = ["⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"]
                var index = 0
                while !Task.isCancelled {
                    output.write(Data("\(frames[index % frames.count])\u{8}".utf8))
                    index += 1
                    try? await Task.sleep(for: .milliseconds(100))
                }
            } : nil
        do {
            let value = try await work()
            spinner?.cancel()
            output.write(Data("\(done(value))\n".utf8))
            return value
        } catch {
            spinner?.cancel()
            output.write(Data("failed\n".utf8))
            throw error
        }
    }
}
