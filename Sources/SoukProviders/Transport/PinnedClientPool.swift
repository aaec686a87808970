import AsyncHTTPClient
import NIOConcurrencyHelpers
import NIOCore

/// HTTP clients for pinned calls, one per host and checked address, kept so that calls to the same provider or
/// webhook reuse their connections. AsyncHTTPClient's `dnsOverride` is client-wide, so a pinned address needs a
/// client of its own. At most `capacity` are kept; the least recently used idle one makes room, and when every
/// kept client is busy a call gets a client of its own, shut down after it.
final class PinnedClientPool: Sendable {
    private struct Entry {
        var client: HTTPClient
        var users: Int
        var lastUsed: NIODeadline
    }

    private struct Key: Hashable {
        var host: String
        var address: String
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])
    private let capacity: Int

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// Runs `body` with the client pinned to `pinned`, made from `configuration` on `eventLoopGroup` when new.
    func withClient<T: Sendable>(
        pinned: PinnedAddress,
        configuration: HTTPClient.Configuration,
        eventLoopGroup: any EventLoopGroup,
        _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let key = Key(host: pinned.host, address: pinned.address)
        let make = {
            var configuration = configuration
            configuration.dnsOverride = [pinned.host: pinned.address]
            return HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
        }
        let (client, kept, evicted) = entries.withLockedValue { entries -> (HTTPClient, Bool, HTTPClient?) in
            if var entry = entries[key] {
                entry.users += 1
                entries[key] = entry
                return (entry.client, true, nil)
            }
            var evicted: HTTPClient?
            if entries.count >= capacity {
                guard
                    let idle = entries.filter({ $0.value.users == 0 }).min(by: { $0.value.lastUsed < $1.value.lastUsed }
                    )
                else { return (make(), false, nil) }
                evicted = entries.removeValue(forKey: idle.key)?.client
            }
            let client = make()
            entries[key] = Entry(client: client, users: 1, lastUsed: .now())
            return (client, true, evicted)
        }
        if let evicted { try? await evicted.shutdown() }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(client))
        } catch {
            result = .failure(error)
        }
        if kept {
            entries.withLockedValue { entries in
                entries[key]?.users -= 1
                entries[key]?.lastUsed = .now()
            }
        } else {
            try? await client.shutdown()  // also after a cancellation: a client must be shut down before it goes
        }
        return try result.get()
    }

    /// Shuts every kept client down; call once, after the last call.
    func shutdown() async {
        let clients = entries.withLockedValue { entries in
            defer { entries.removeAll() }
            return entries.values.map(\.client)
        }
        for client in clients { try? await client.shutdown() }
    }
}
