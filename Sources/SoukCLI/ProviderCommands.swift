import ArgumentParser

extension SoukCLI {
    /// `addons:admin:*`: manifests and the conformance tester.
    static var providerCommands: [any ParsableCommand.Type] {
        [
            ManifestGenerateCommand.self, ManifestValidateCommand.self, ManifestPushCommand.self,
            ConformanceCommand.self,
        ]
    }
}
