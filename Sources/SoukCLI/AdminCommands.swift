import ArgumentParser

extension SoukCLI {
    /// `admin:*`: the platform-wide views.
    static var adminCommands: [any ParsableCommand.Type] {
        [
            AdminAddonsCommand.self, AdminAttachmentsCommand.self, AdminServiceStateCommand.self,
            AdminRevenueCommand.self,
        ]
    }
}
