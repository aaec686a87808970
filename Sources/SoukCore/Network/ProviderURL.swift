import Foundation

/// A provider's URL as a manifest declares it: absolute, http or https, with a host.
public struct ProviderURL: Sendable, Equatable {
    public enum Problem: Error, Sendable, Equatable {
        case malformed
        case unsupportedScheme
        case missingHost

        public var message: String {
            switch self {
            case .malformed: "is not a valid URL"
            case .unsupportedScheme: "must be an http or https URL"
            case .missingHost: "must have a host"
            }
        }
    }

    /// `http` or `https`.
    public var scheme: String
    /// Lower-cased, without a trailing dot, the brackets of an IPv6 literal or its zone.
    public var host: String

    /// Parses an absolute URL; `allowsProtocolRelative` also takes `//host/path` (Scalingo's `logo_url`).
    public init(parsing string: String, allowsProtocolRelative: Bool = false) throws(Problem) {
        let text = allowsProtocolRelative && string.hasPrefix("//") ? "https:" + string : string
        let hasControlOrSpace = text.unicodeScalars.contains {
            $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
        }
        guard !hasControlOrSpace, let components = URLComponents(string: text) else { throw .malformed }
        guard let scheme = components.scheme?.lowercased() else { throw .malformed }
        guard scheme == "http" || scheme == "https" else { throw .unsupportedScheme }
        guard var host = components.host?.lowercased(), !host.isEmpty else { throw .missingHost }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.contains(":"), let zone = host.firstIndex(of: "%") { host = String(host[..<zone]) }
        if host.hasSuffix("."), host.count > 1 { host.removeLast() }
        guard !host.isEmpty else { throw .missingHost }
        if let port = components.port, !(0...65535).contains(port) { throw .malformed }
        self.scheme = scheme
        self.host = host
    }

    public var isSecure: Bool { scheme == "https" }

    public var hostKind: HostKind { HostKind(host: host) }
}
