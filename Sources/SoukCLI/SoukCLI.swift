import ArgumentParser

/// Every client command of `souk`, for the executable to list beside `serve` and `migrate`.
public enum SoukCLI {
    public static var commands: [any ParsableCommand.Type] {
        [LoginCommand.self, LogoutCommand.self] + authorizationCommands + customerCommands + providerCommands
            + adminCommands
    }

    /// A customer's own API keys, as `heroku authorizations` manages them.
    static var authorizationCommands: [any ParsableCommand.Type] {
        [
            AuthorizationsCommand.self, AuthorizationsCreateCommand.self, AuthorizationsRevokeCommand.self,
            AuthorizationsRotateCommand.self,
        ]
    }
}
