import ArgumentParser

/// `souk addons:upgrade ADDON PLAN`: moves an add-on to another plan. As in Heroku's CLI, `addons:downgrade`
/// is the same command under another name: the platform doesn't care which way the plan moves.
struct AddonsUpgradeCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:upgrade",
        abstract: "Change an add-on's plan.",
        discussion: """
            PLAN is a plan of the add-on's service, alone or as service:plan.
            The add-on is changed on its billing app. addons:downgrade is the same command.
            Example:
              $ souk addons:upgrade bugs-quiet premium
              Changing bugs-quiet on ⬢ ada-blog from bugs:basic to bugs:premium... done
            """,
        aliases: ["addons:downgrade"]
    )

    @Argument(help: "The add-on's name or id, or with -a an attachment's name.")
    var addon: String

    @Argument(help: "The new plan.")
    var plan: String

    @OptionGroup var app: AppOption

    func execute() async throws {
        try await PlanChange.run(addon: addon, plan: plan, app: app.optional)
    }
}
