import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to 127.0.0.1 for bytes no HTTP client would send. Blocking reads run on a
/// thread of their own (``onThread(_:)``), so that they never hold the few threads Swift concurrency has.
final class RawSocket: @unchecked Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else {
            Glibc.close(fd)
            throw TestFailure("could not connect to 127.0.0.1:\(port) (errno \(errno))")
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends everything it can; a peer that hangs up early (as a server refusing a huge head does) is fine.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Closes the sending half: the server sees the end of the request stream.
    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// What arrives until the server closes the connection or `timeout` passes (blocking).
    func readUntilClosed(timeout: Duration) -> (text: String, closed: Bool) {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return (String(decoding: received, as: UTF8.self), false) }
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000))
            guard poll(&pollFD, 1, milliseconds) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            // 0: an orderly close; below 0: a reset, which also means the server closed it.
            if count <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<count]
        }
    }
}

extension RawSocket {
    /// The bytes of the first read that brings any, or "" if none came within `timeout` (blocking).
    func readSome(timeout: Duration) -> String {
        var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let (seconds, attoseconds) = timeout.components
        guard poll(&pollFD, 1, Int32(seconds * 1000 + attoseconds / 1_000_000_000_000_000)) > 0 else { return "" }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
    }

    /// One whole response with a `Content-Length`, read off a connection kept open (blocking): `nil` when the
    /// server closed it or `timeout` passed first.
    func readResponse(timeout: Duration) -> RawResponse? {
        let deadline = ContinuousClock.now + timeout
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n"), let response = RawResponse(text),
                let length = response.headers["content-length"].flatMap(Int.init),
                text[end.upperBound...].utf8.count >= length
            {
                return response
            }
            var pollFD = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollFD, 1, 50) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return nil }
            received += buffer[0..<count]
        }
        return nil
    }
}

/// Runs blocking work on a new thread and waits for it without blocking a Swift concurrency thread.
func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

/// A raw HTTP exchange's answer: status code, headers and body as text.
struct RawResponse {
    var status: Int
    var headers: [String: String]
    var body: String

    init?(_ text: String) {
        guard let split = text.range(of: "\r\n\r\n") else { return nil }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        self.status = status
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        self.headers = headers
        body = String(text[split.upperBound...])
    }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

extension RawSocket {
    /// Waits (blocking) until at least `count` of `sockets` are closed by the server or `timeout` passes,
    /// and returns what each closed one received, by index. Sockets are watched all at once, since the
    /// server's event loops may close them in any order.
    static func closures(of sockets: [RawSocket], atLeast count: Int, within timeout: Duration) -> [Int: String] {
        let deadline = ContinuousClock.now + timeout
        var received: [Int: [UInt8]] = [:]
        var closed: [Int: String] = [:]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while closed.count < count, ContinuousClock.now < deadline {
            let watched = sockets.indices.filter { closed[$0] == nil }
            var fds = watched.map { pollfd(fd: sockets[$0].fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            for (position, entry) in fds.enumerated() where entry.revents != 0 {
                let index = watched[position]
                let got = buffer.withUnsafeMutableBytes { recv(entry.fd, $0.baseAddress, $0.count, 0) }
                if got <= 0 {
                    closed[index] = String(decoding: received[index] ?? [], as: UTF8.self)
                } else {
                    received[index, default: []] += buffer[0..<got]
                }
            }
        }
        return closed
    }
}
