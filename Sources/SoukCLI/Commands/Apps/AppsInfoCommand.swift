import ArgumentParser
import Foundation
import SoukCore

/// `souk apps:info -a APP`: an app's facts.
struct AppsInfoCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "apps:info",
        abstract: "Show an app's details.",
        discussion: """
            Example:
              $ souk apps:info -a ada-blog
              === ada-blog
              Name:     ada-blog
              ID:       0b6e1e9c-…
              Owner:    ada@example.com
              Region:   eu
              Created:  2026-11-23T07:00:00Z
              Released: 2026-11-23T07:05:00Z
            """
    )

    @OptionGroup var app: AppOption
    @OptionGroup var output: JSONFlag

    func execute() async throws {
        let found: App = try await APIClient().get("/apps/\(segment(try app.resolved()))")
        if output.json { return try JSONOutput.print(found) }
        Terminal.header(found.name)
        KeyValues([
            ("Name", found.name),
            ("ID", found.id.lowercasedString),
            ("Owner", found.owner.email),
            ("Region", found.region.name),
            ("Created", found.createdAt.formatted(.iso8601)),
            ("Released", found.releasedAt?.formatted(.iso8601) ?? "never"),
        ]).print()
    }
}
