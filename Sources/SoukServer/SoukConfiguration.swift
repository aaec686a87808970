import Configuration
import Foundation
import SystemPackage

/// Where configuration comes from, first match wins: explicit overrides (command-line options),
/// environment variables, `config/<SOUK_ENV>.json`, then `config/default.json`.
public enum SoukConfiguration {
    public static func reader(
        overrides: [AbsoluteConfigKey: ConfigValue] = [:],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: String = "config"
    ) async throws -> ConfigReader {
        let name = environment["SOUK_ENV"].flatMap { $0.isEmpty ? nil : $0 } ?? "development"
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw SettingsError.invalid("SOUK_ENV", "an environment name such as development, test or production")
        }
        let secrets = [
            "DATABASE_URL", "SOUK_READ_REPLICA_URLS", "SOUK_ENCRYPTION_KEY", "SOUK_PREVIOUS_ENCRYPTION_KEYS",
            "SOUK_ADMIN_API_KEY", "SOUK_METRICS_TOKEN",
        ]
        return ConfigReader(providers: [
            InMemoryProvider(name: "overrides", values: overrides),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(Set(secrets))),
            try await FileProvider<JSONSnapshot>(filePath: FilePath("\(directory)/\(name).json"), allowMissing: true),
            try await FileProvider<JSONSnapshot>(filePath: FilePath("\(directory)/default.json"), allowMissing: true),
        ])
    }
}
