import Logging
import SoukCore
import SoukProviders

extension ProviderClientSettings {
    /// Short limits, and loopback allowed so that the fakes can be reached.
    static func testing(requestTimeout: Duration = .seconds(5)) -> ProviderClientSettings {
        ProviderClientSettings(
            connectTimeout: .seconds(2),
            requestTimeout: requestTimeout,
            allowsPrivateAddresses: true
        )
    }
}

extension FakeProvider {
    /// Runs a fake of `flavour` and the real client of that flavour, on an HTTP client of its own that is shut
    /// down afterwards.
    static func withClient<T>(
        _ flavour: ManifestFlavour,
        settings: ProviderClientSettings = .testing(),
        configNames: [String] = ["FAKE_URL"],
        _ body: (FakeProvider, any ProviderClient) async throws -> T
    ) async throws -> T {
        let clients = ProviderClients(settings: settings)
        do {
            let result = try await run(flavour: flavour, configNames: configNames) { fake in
                try await body(fake, clients.client(for: flavour))
            }
            try await clients.shutdown()
            return result
        } catch {
            try? await clients.shutdown()
            throw error
        }
    }
}
