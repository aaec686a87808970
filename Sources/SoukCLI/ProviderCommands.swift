import ArgumentParser

extension SoukCLI {
    /// `addons:admin:*`: manifests and the conformance tester; `provider:payouts`.
    static var providerCommands: [any ParsableCommand.Type] {
        [
            ManifestGenerateCommand.self, ManifestValidateCommand.self, ManifestPushCommand.self,
            ConformanceCommand.self, ProviderPayoutsCommand.self,
        ]
    }
}
