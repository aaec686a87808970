import ArgumentParser
import SoukCore

/// `souk apps:destroy --confirm APP`: deletes an app and everything in it.
struct AppsDestroyCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "apps:destroy",
        abstract: "Permanently destroy an app and its add-ons.",
        discussion: """
            Asks for the app's name on a terminal; scripts pass it with --confirm.
            Example:
              $ souk apps:destroy -a ada-blog --confirm ada-blog
              Destroying ⬢ ada-blog (including all add-ons)... done
            """
    )

    @Argument(help: "The app to destroy (or -a).")
    var name: String?

    @OptionGroup var app: AppOption

    @Option(name: .long, help: "The app's name, to confirm without being asked.")
    var confirm: String?

    func execute() async throws {
        let target = try name ?? app.resolved()
        try Confirmation.require(
            target, confirm: confirm, warning: "This will delete ⬢ \(target) including all add-ons."
        )
        let client = APIClient()
        _ = try await Progress.run("Destroying ⬢ \(target) (including all add-ons)") {
            try await client.delete("/apps/\(segment(target))", as: App.self)
        }
    }
}
