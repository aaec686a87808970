import Foundation

/// `~/.netrc`, where the Heroku CLI keeps API keys per host (`machine HOST login EMAIL password KEY`);
/// Souk's CLI keeps them the same way, file mode 600.
public struct Netrc: Sendable {
    public struct Entry: Sendable, Equatable {
        public var machine: String
        public var login: String
        public var password: String
    }

    public var entries: [Entry]

    public static var defaultPath: String {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".netrc")
    }

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// Parses the tokens of a netrc file; unknown tokens (`macdef`, `default`) are skipped.
    public init(contents: String) {
        let tokens = contents.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).map(
            String.init)
        var entries: [Entry] = []
        var index = 0
        var current: Entry?
        while index < tokens.count {
            let token = tokens[index]
            let value = index + 1 < tokens.count ? tokens[index + 1] : ""
            switch token {
            case "machine":
                if let current { entries.append(current) }
                current = Entry(machine: value, login: "", password: "")
                index += 2
            case "login":
                current?.login = value
                index += 2
            case "password":
                current?.password = value
                index += 2
            default:
                index += 1
            }
        }
        if let current { entries.append(current) }
        self.entries = entries
    }

    public static func load(path: String = defaultPath) -> Netrc {
        guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { return Netrc() }
        return Netrc(contents: contents)
    }

    public func entry(for machine: String) -> Entry? {
        entries.first { $0.machine == machine }
    }

    public mutating func set(_ entry: Entry) {
        entries.removeAll { $0.machine == entry.machine }
        entries.append(entry)
    }

    public mutating func remove(machine: String) {
        entries.removeAll { $0.machine == machine }
    }

    public var contents: String {
        entries.map { "machine \($0.machine)\n  login \($0.login)\n  password \($0.password)\n" }.joined()
    }

    public func save(path: String = defaultPath) throws {
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
