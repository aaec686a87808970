import Foundation

/// The address a request came from, for metering failed sign-ins: the peer's, unless the peer is one of
/// the configured proxies (`SOUK_HTTP_TRUSTED_PROXIES`, none by default); then the nearest address in
/// `X-Forwarded-For` that isn't a trusted proxy. An untrusted peer can't choose its address by sending
/// the header.
enum ClientAddress {
    static func of(peer: String?, forwardedFor: String?, trustedProxies: Set<String>) -> String {
        let peer = peer ?? "unknown"
        guard trustedProxies.contains(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        // The right-most entries were appended by our own proxies; the first one that isn't is the client.
        for hop in hops.reversed() where !trustedProxies.contains(hop) {
            return String(hop.prefix(64))
        }
        return hops.first.map { String($0.prefix(64)) } ?? peer
    }
}
