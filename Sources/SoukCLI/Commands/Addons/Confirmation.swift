import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The Heroku CLI's `--confirm APP`: on a terminal the CLI asks for the app's name; elsewhere it says how to
/// re-run the command, so that scripts never hang on a question.
enum Confirmation {
    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 }

    /// Runs `work` with `confirm`. When the platform answers `confirmation_required`, prints its message, then
    /// asks and runs `work` again confirmed (terminal), or fails asking for `--confirm APP`.
    static func retrying<T>(app: String, confirm: String?, _ work: (String?) async throws -> T) async throws -> T {
        do {
            return try await work(confirm)
        } catch let error as CLIError where error.id == "confirmation_required" {
            guard confirm == nil, isInteractive else {
                throw CLIError.message("\(error.description)\nTo proceed, re-run this command with --confirm \(app).")
            }
            Terminal.warn(error.description)
            try ask(app)
            return try await work(app)
        }
    }

    /// Before something that can't be undone: `confirm` must be `app`, or typed on a terminal when missing.
    static func require(_ app: String, confirm: String?, warning: String) throws {
        if let confirm {
            guard confirm == app else {
                throw CLIError.message("Confirmation \(confirm) did not match \(app). Aborted.")
            }
            return
        }
        guard isInteractive else {
            throw CLIError.message("WARNING: \(warning)\nTo proceed, re-run this command with --confirm \(app).")
        }
        Terminal.warn("WARNING: \(warning)")
        try ask(app)
    }

    private static func ask(_ app: String) throws {
        let question = " ▸    To proceed, type \(app) or re-run this command with --confirm \(app)\n\n> "
        FileHandle.standardError.write(Data(question.utf8))
        guard readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces) == app else {
            throw CLIError.message("Confirmation did not match \(app). Aborted.")
        }
    }
}
