import NIOPosix
import SoukCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Keeps provider calls away from Souk's own network: a manifest's `base_url` is chosen by whoever pushed it.
///
/// Names are resolved here and again by the HTTP client when it connects, so a name that answers with a
/// public address now and a private one a moment later (DNS rebinding) is not caught.
enum ProviderAddressGuard {
    /// Refuses a URL that is not http(s); unless `allowsPrivateAddresses`, also one whose host is, or resolves
    /// to, a loopback, private, link-local or unspecified address.
    static func check(_ url: String, allowsPrivateAddresses: Bool) async throws(ProviderError) {
        let parsed: ProviderURL
        do {
            parsed = try ProviderURL(parsing: url)
        } catch {
            throw .forbiddenAddress("\(ResourceURL.redacted(url)) \(error.message)")
        }
        if allowsPrivateAddresses { return }
        let kind = parsed.hostKind
        guard kind == .public else { throw .forbiddenAddress("\(parsed.host) is a \(kind.rawValue) address") }
        let addresses: [String]
        do {
            addresses = try await resolve(parsed.host)
        } catch {
            throw .unreachable("\(parsed.host) did not resolve: \(error.reason)")
        }
        if let address = addresses.first(where: { ProviderURL.HostKind(host: $0) != .public }) {
            let kind = ProviderURL.HostKind(host: address)
            throw .forbiddenAddress("\(parsed.host) resolves to \(address), a \(kind.rawValue) address")
        }
    }

    struct ResolutionFailure: Error {
        var reason: String
    }

    /// Every address `getaddrinfo` gives for `host`, looked up on NIO's blocking-I/O pool.
    static func resolve(_ host: String) async throws(ResolutionFailure) -> [String] {
        do {
            return try await NIOThreadPool.singleton.runIfActive { try resolveBlocking(host) }
        } catch let failure as ResolutionFailure {
            throw failure
        } catch {
            throw ResolutionFailure(reason: "\(error)")
        }
    }

    private static func resolveBlocking(_ host: String) throws -> [String] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { throw ResolutionFailure(reason: String(cString: gai_strerror(status))) }
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
        guard !addresses.isEmpty else { throw ResolutionFailure(reason: "no address") }
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
