import NIOPosix

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Turns a provider's host name into the numeric addresses a call may connect to. `system` asks `getaddrinfo`;
/// tests answer for themselves, which plays a rebinding name on loopback without any DNS server.
struct ProviderHostResolver: Sendable {
    struct Failure: Error {
        var reason: String
    }

    let resolve: @Sendable (String) async throws(Failure) -> [String]

    /// Every address `getaddrinfo` gives, in its order (RFC 6724 destination selection), on NIO's blocking-I/O
    /// pool. A literal resolves to itself without DNS.
    static let system = ProviderHostResolver { host throws(Failure) in
        do {
            return try await NIOThreadPool.singleton.runIfActive { try resolveBlocking(host) }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(reason: "\(error)")
        }
    }

    private static func resolveBlocking(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { throw Failure(reason: String(cString: gai_strerror(status))) }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let info = entry?.pointee {
            if let address = info.ai_addr, let text = numericHost(address, length: info.ai_addrlen),
                !addresses.contains(text)
            {
                addresses.append(text)
            }
            entry = info.ai_next
        }
        guard !addresses.isEmpty else { throw Failure(reason: "no address") }
        return addresses
    }

    private static func numericHost(_ address: UnsafeMutablePointer<sockaddr>, length: socklen_t) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        guard getnameinfo(address, length, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 else {
            return nil
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return String(text.prefix { $0 != "%" })  // fe80::1%eth0: the zone says nothing about the kind
    }
}
