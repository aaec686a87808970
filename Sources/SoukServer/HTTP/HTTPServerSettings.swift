import Configuration
import Foundation

/// How long the server waits on a client, and how many clients it holds at once
/// (`souk.http.*`, e.g. `SOUK_HTTP_IDLE_TIMEOUT_SECONDS`). A timeout of 0 turns that timeout off.
struct HTTPServerSettings: Sendable {
    /// A connection with no request in progress is closed after this long.
    var idleTimeout: Duration?
    /// Once the first byte of a request has arrived, its whole head must arrive within this.
    var headerTimeout: Duration?
    /// Once a request's head has arrived, its whole body must arrive within this.
    var bodyTimeout: Duration?
    /// Connections beyond this many are answered 503 and closed at once.
    var maximumConnections: Int
    /// Peers whose `X-Forwarded-For` is believed (`SOUK_HTTP_TRUSTED_PROXIES`, comma-separated addresses).
    var trustedProxies: Set<String>

    /// The defaults hold 5,000 idle sockets comfortably: the cap of 10,000 stays under the file-descriptor
    /// limit the container gets (`ulimit -n` 1,048,576 under Docker; raise it where it is 1,024), an idle
    /// connection costs about 15 KiB, so 10,000 of them 150 MiB, and each is dropped after a minute.
    init(reader: ConfigReader) {
        idleTimeout = Self.timeout(reader, "souk.http.idleTimeoutSeconds", default: 60)
        headerTimeout = Self.timeout(reader, "souk.http.headerTimeoutSeconds", default: 10)
        bodyTimeout = Self.timeout(reader, "souk.http.bodyTimeoutSeconds", default: 30)
        maximumConnections = max(1, reader.int(forKey: "souk.http.maxConnections", default: 10_000))
        trustedProxies = Set(reader.commaSeparated(forKey: "souk.http.trustedProxies"))
    }

    private static func timeout(_ reader: ConfigReader, _ key: ConfigKey, default value: Double) -> Duration? {
        let seconds = reader.double(forKey: key, default: value)
        return seconds > 0 ? .milliseconds(Int64(seconds * 1000)) : nil
    }
}
