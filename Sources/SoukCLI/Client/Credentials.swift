import Foundation

/// Where the CLI talks to and as whom: `SOUK_API_URL` (default `http://127.0.0.1:5000`) and
/// `SOUK_API_KEY`, else the key `souk login` stored in `~/.netrc` for that host.
public struct Credentials: Sendable {
    public var baseURL: String
    public var apiKey: String?

    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Credentials {
        var baseURL = environment["SOUK_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:5000"
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        let key =
            environment["SOUK_API_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Netrc.load().entry(for: host(of: baseURL))?.password
        return Credentials(baseURL: baseURL, apiKey: key)
    }

    /// The netrc machine name of a URL: its host, with the port when there is one.
    public static func host(of url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    public var host: String { Self.host(of: baseURL) }
}
