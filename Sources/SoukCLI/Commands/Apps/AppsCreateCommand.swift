import ArgumentParser
import SoukCore

/// `souk apps:create [NAME]`: a new app, named by you or by the platform.
struct AppsCreateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "apps:create",
        abstract: "Create an app.",
        discussion: """
            Without a name the platform picks one.
            Example:
              $ souk apps:create ada-blog --region eu
              Creating ⬢ ada-blog... done, region is eu
            """
    )

    struct Body: Encodable, Sendable {
        var name: String?
        var region: String?
    }

    @Argument(help: "The app's name (lower-case letters, digits and dashes).")
    var name: String?

    @Option(name: .long, help: "Where the app runs: us or eu.")
    var region: String?

    func execute() async throws {
        let client = APIClient()
        let body = Body(name: name, region: region)
        let action = name.map { "Creating ⬢ \($0)" } ?? "Creating app"
        let named = name != nil
        let ending = { (app: App) in named ? "done, region is \(app.region.name)" : "done, ⬢ \(app.name)" }
        _ = try await Progress.run(action, done: ending) {
            try await client.send("POST", "/apps", body: body, as: App.self)
        }
    }
}
