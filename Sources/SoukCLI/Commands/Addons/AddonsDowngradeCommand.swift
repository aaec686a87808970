import ArgumentParser

/// `souk addons:downgrade ADDON PLAN`: moves an add-on to a smaller plan.
struct AddonsDowngradeCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:downgrade",
        abstract: "Change an add-on's plan.",
        discussion: """
            PLAN is a plan of the add-on's service, alone or as service:plan.
            The add-on is changed on its billing app.
            Example:
              $ souk addons:downgrade bugs-quiet basic
              Changing bugs-quiet on ⬢ ada-blog from bugs:premium to bugs:basic... done
            """
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
