/// The pieces of a `postgres://` URL, percent-decoded, before any defaults are applied.
///
/// Parsed by hand rather than with Foundation's `URL`, which differs between platforms on bracketed IPv6
/// hosts, empty hosts (`postgres:///db?host=/tmp`) and unescaped characters in passwords.
struct DatabaseURLParts {
    /// One host of the URL's host list, with its own port when it names one.
    struct Host: Equatable {
        var name: String
        var port: Int?
    }

    var user: String
    var password: String?
    /// `host1:5432,host2:5433`, as libpq takes several: connections go to the one `targetSessionAttributes` wants.
    var hosts: [Host] = []
    /// The port of hosts that name none (`?port=`, or 5432).
    var port: Int?
    /// libpq's `target_session_attrs`: `any` (the first host that answers, the default) or `read-write`
    /// (`primary` is taken as its synonym): the host that isn't a standby in recovery.
    var targetSessionAttributes = "any"
    var database: String?
    var sslMode: String?
    var sslRootCertificate: String?
    var socketDirectory: String?
    var applicationName: String?
    var connectTimeout: Int?

    init(_ url: String) throws {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://"),
            ["postgres", "postgresql"].contains(url[..<colon].lowercased())
        else {
            throw DatabaseURLError.unsupportedScheme
        }
        // The last "@" ends the user info, so that a password holding an unescaped "@", "/", "?" or "#"
        // still lands in the password and nowhere an error message might show it.
        var rest = url[colon...].dropFirst(3)
        var userName: String?
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                userName = try Self.decode(userInfo[..<colon], part: "user name")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], part: "password")
            } else {
                userName = try Self.decode(userInfo, part: "user name")
            }
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring = ""
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        var hostAndPort = rest
        if let slash = rest.firstIndex(of: "/") {
            hostAndPort = rest[..<slash]
            database = try Self.decode(rest[rest.index(after: slash)...], part: "database name")
        }
        user = userName ?? ""
        try parseHostList(hostAndPort)
        try parseQuery(query)
        guard !user.isEmpty else { throw DatabaseURLError.missingUser }
        if socketDirectory == nil, hosts.isEmpty { throw DatabaseURLError.missingHost }
    }

    /// A comma-separated list of `host[:port]`; an empty list leaves the hosts as they were (`postgres:///db`).
    private mutating func parseHostList(_ text: Substring) throws {
        guard !text.isEmpty else { return }
        hosts = try text.split(separator: ",", omittingEmptySubsequences: false).map(Self.parseHost)
    }

    private static func parseHost(_ text: Substring) throws -> Host {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw DatabaseURLError.invalidHost(String(text)) }
            let address = text[text.index(after: text.startIndex)..<close]
            guard !address.isEmpty, address.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw DatabaseURLError.invalidHost(String(text))
            }
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") else { throw DatabaseURLError.invalidHost(String(text)) }
            return Host(name: String(address), port: after.isEmpty ? nil : try port(after.dropFirst()))
        }
        var name = text
        var portText: Substring?
        if let colon = text.firstIndex(of: ":") {
            name = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        let decoded = try decode(name, part: "host")
        guard !decoded.isEmpty, decoded.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) })
        else {
            throw DatabaseURLError.invalidHost(decoded)
        }
        return Host(name: decoded, port: try portText.map(port))
    }

    private mutating func parseQuery(_ query: Substring) throws {
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            let name = try Self.decode(pair[..<equals], part: "parameter name")
            let value = try Self.decode(pair[equals...].dropFirst(), part: "parameter \(name)")
            switch name {
            case "sslmode": sslMode = value
            case "sslrootcert": sslRootCertificate = value
            case "application_name": applicationName = value
            case "user": user = value
            case "dbname": database = value
            case "port": port = try Self.port(Substring(value))
            case "host":
                // libpq reads a host starting with "/" as the directory of a Unix socket.
                if value.hasPrefix("/") {
                    socketDirectory = value.count > 1 && value.hasSuffix("/") ? String(value.dropLast()) : value
                } else {
                    try parseHostList(Substring(value))
                }
            case "target_session_attrs":
                switch value {
                case "any", "read-write": targetSessionAttributes = value
                case "primary": targetSessionAttributes = "read-write"
                default: throw DatabaseURLError.invalidParameterValue(name: name, value: value)
                }
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw DatabaseURLError.invalidParameterValue(name: name, value: value)
                }
                connectTimeout = seconds
            default:
                throw DatabaseURLError.unsupportedParameter(name)
            }
        }
    }

    private static func port(_ text: Substring) throws -> Int {
        // The text isn't echoed: in `postgres://user:secret` (no host) it is the password.
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(text), (1...65535).contains(port) else {
            throw DatabaseURLError.invalidPort
        }
        return port
    }

    /// Percent-decodes one part of the URL; the error names the part, never echoing its text.
    private static func decode(_ text: Substring, part: String) throws -> String {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            let digits = utf8.prefix(2)
            guard digits.count == 2, digits.allSatisfy({ Character(Unicode.Scalar($0)).isHexDigit }),
                let value = UInt8(String(decoding: digits, as: UTF8.self), radix: 16)
            else {
                throw DatabaseURLError.invalidPercentEncoding(part: part)
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw DatabaseURLError.invalidPercentEncoding(part: part)
        }
        return decoded
    }
}
