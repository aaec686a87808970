import ArgumentParser

/// Every client command of `souk`, for the executable to list beside `serve` and `migrate`.
public enum SoukCLI {
    public static var commands: [any ParsableCommand.Type] {
        [LoginCommand.self, LogoutCommand.self] + customerCommands + providerCommands + adminCommands
    }
}
