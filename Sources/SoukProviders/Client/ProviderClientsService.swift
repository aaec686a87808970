import ServiceLifecycle

/// Shuts the shared HTTP client down when the service group stops. Place it before the services that call
/// providers, so that the group, stopping them in reverse order, stops it last.
public struct ProviderClientsService: Service {
    let clients: ProviderClients

    public init(_ clients: ProviderClients) {
        self.clients = clients
    }

    public func run() async throws {
        // cancellation ends the wait as well as a graceful shutdown does
        try? await gracefulShutdown()
        try await clients.shutdown()
    }
}
