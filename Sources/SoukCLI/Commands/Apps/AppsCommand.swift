import ArgumentParser
import Foundation
import SoukCore

/// `souk apps`: the apps you own or collaborate on.
struct AppsCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "apps",
        abstract: "List your apps.",
        discussion: """
            Example:
              $ souk apps
              === ada@example.com Apps
              ada-blog
            """
    )

    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let client = APIClient()
        let apps: [App] = try await client.all("/apps")
        if output.json { return try JSONOutput.print(apps) }
        let account: Account = try await client.get("/account")
        Terminal.header("\(account.email) Apps")
        for app in apps {
            Terminal.print(
                app.owner.id == account.id ? app.name : "\(app.name) \(Terminal.styled(app.owner.email, .dim))")
        }
    }
}
