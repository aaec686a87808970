import ArgumentParser

extension SoukCLI {
    /// Apps, config, releases, add-ons, invoices and webhooks, in the order `souk --help` lists them.
    static var customerCommands: [any ParsableCommand.Type] {
        [
            AppsCommand.self, AppsCreateCommand.self, AppsInfoCommand.self, AppsDestroyCommand.self,
            ConfigCommand.self, ConfigGetCommand.self, ConfigSetCommand.self, ConfigUnsetCommand.self,
            ReleasesCommand.self, ReleasesRollbackCommand.self,
            AddonsCommand.self, AddonsServicesCommand.self, AddonsPlansCommand.self, AddonsCreateCommand.self,
            AddonsInfoCommand.self, AddonsUpgradeCommand.self,
            AddonsDestroyCommand.self, AddonsAttachCommand.self, AddonsDetachCommand.self, AddonsOpenCommand.self,
            InvoicesCommand.self, InvoicesShowCommand.self,
            WebhooksCommand.self, WebhooksAddCommand.self, WebhooksUpdateCommand.self, WebhooksRemoveCommand.self,
            WebhooksDeliveriesCommand.self, WebhooksEventsCommand.self,
        ]
    }
}
