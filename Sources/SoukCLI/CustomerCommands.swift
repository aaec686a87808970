import ArgumentParser

extension SoukCLI {
    /// Apps, config, releases and add-ons, in the order `souk --help` lists them.
    static var customerCommands: [any ParsableCommand.Type] {
        [AppsCommand.self]
    }
}
