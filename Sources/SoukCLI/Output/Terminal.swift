import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How the CLI writes: colour only when stdout is a terminal and `NO_COLOR` is unset, errors as
/// ` ▸ message` on stderr.
public enum Terminal {
    public static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }
    public static var isErrorInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    public static var usesColour: Bool {
        isInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    public enum Colour: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case magenta = "35"
        case cyan = "36"
    }

    public static func styled(_ text: String, _ colour: Colour) -> String {
        usesColour ? "\u{1B}[\(colour.rawValue)m\(text)\u{1B}[0m" : text
    }

    public static func print(_ text: String = "") {
        Swift.print(text)
    }

    /// `=== title`, as the Heroku CLI heads a section.
    public static func header(_ title: String) {
        print(styled("=== \(title)", .bold))
    }

    public static func error(_ message: String) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        let arrow =
            isErrorInteractive && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            ? "\u{1B}[31m ▸\u{1B}[0m" : " ▸"
        for line in lines {
            FileHandle.standardError.write(Data("\(arrow)    \(line)\n".utf8))
        }
    }

    public static func warn(_ message: String) {
        FileHandle.standardError.write(Data(" ▸    \(message)\n".utf8))
    }
}
