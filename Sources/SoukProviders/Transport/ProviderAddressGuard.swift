import Foundation
import SoukCore

/// Keeps provider calls away from Souk's own network: a manifest's `base_url` is chosen by whoever pushed it.
///
/// A name is resolved once, here; every address it gives must be global unicast, and the call then connects
/// to the first of them (`PinnedAddress`), never to a second resolution that a name answering with a public
/// address now and a private one a moment later (DNS rebinding) could steer.
enum ProviderAddressGuard {
    /// Refuses a URL that is not http(s); unless `allowsPrivateAddresses`, also one whose host is, or resolves
    /// to, an address that is not global unicast (`ProviderURL.HostKind`, `SpecialPurposeAddresses`).
    ///
    /// Returns the address to connect to, or `nil` where private addresses are allowed and `pinning` is off:
    /// then nothing needs checking and the HTTP client resolves as usual.
    static func admit(
        _ url: String,
        allowsPrivateAddresses: Bool,
        pinning: Bool,
        resolver: ProviderHostResolver
    ) async throws(ProviderError) -> PinnedAddress? {
        let parsed: ProviderURL
        do {
            parsed = try ProviderURL(parsing: url)
        } catch {
            throw .forbiddenAddress("\(ResourceURL.redacted(url)) \(error.message)")
        }
        if !allowsPrivateAddresses {
            let kind = parsed.hostKind
            guard kind == .public else { throw .forbiddenAddress("\(parsed.host) is \(kind.withArticle) address") }
        }
        guard pinning || !allowsPrivateAddresses else { return nil }
        guard let host = clientHost(url) else {
            throw .forbiddenAddress("\(ResourceURL.redacted(url)) is not a valid URL")
        }
        let addresses: [String]
        do {
            addresses = try await resolver.resolve(host)
        } catch {
            throw .unreachable("\(parsed.host) did not resolve: \(error.reason)")
        }
        guard let first = addresses.first else { throw .unreachable("\(parsed.host) did not resolve: no address") }
        for address in addresses where !allowsPrivateAddresses {
            let kind = ProviderURL.HostKind(host: address)
            guard kind == .public else {
                throw .forbiddenAddress("\(parsed.host) resolves to \(address), \(kind.withArticle) address")
            }
        }
        return PinnedAddress(host: host, address: first)
    }

    /// The host exactly as AsyncHTTPClient takes it from the URL (`DeconstructedURL`: Foundation's `URL.host`,
    /// IPv6 brackets trimmed), so that the name resolved here is the name whose connection is redirected.
    private static func clientHost(_ url: String) -> String? {
        guard var host = URL(string: url)?.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : host
    }
}
