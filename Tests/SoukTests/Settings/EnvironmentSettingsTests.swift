import Testing

@testable import SoukServer

/// The environment variables the README documents reach the settings they name.
@Suite("Settings from the environment")
struct EnvironmentSettingsTests {
    @Test("SOUK_METRICS_TOKEN and SOUK_ADMIN_API_KEY are read; an empty one is none")
    func secrets() async throws {
        let environment = [
            "DATABASE_URL": "postgres://souk@127.0.0.1/souk",
            "SOUK_ENCRYPTION_KEY": TestApp.encryptionKey,
            "SOUK_METRICS_TOKEN": "scrape-me",
            "SOUK_ADMIN_API_KEY": "",
        ]
        let settings = try SoukSettings(
            reader: try await SoukConfiguration.reader(environment: environment, directory: "/nonexistent")
        )
        #expect(settings.metricsToken == "scrape-me")
        #expect(settings.adminAPIKey == nil)
    }

    @Test("A SOUK_ENV that isn't a plain name is refused as invalid, not as missing")
    func invalidEnvironmentName() async throws {
        do {
            _ = try await SoukConfiguration.reader(environment: ["SOUK_ENV": "../etc"], directory: "/nonexistent")
            Issue.record("SOUK_ENV=../etc was accepted")
        } catch let error as SettingsError {
            guard case .invalid(let name, _) = error else {
                Issue.record("expected .invalid, got \(error)")
                return
            }
            #expect(name == "SOUK_ENV")
            #expect(error.description.hasPrefix("SOUK_ENV is invalid: it must hold an environment name"))
        }
    }
}
