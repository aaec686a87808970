import ArgumentParser
import Foundation
import SoukCore

/// `souk releases -a APP`: the history of the app's environment, newest first.
struct ReleasesCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List an app's releases, newest first.",
        discussion: """
            Example:
              $ souk releases -a ada-blog -n 2
              === ada-blog Releases
              Version  Description            User             Created
              ───────  ─────────────────────  ───────────────  ────────────────────
              v2       Set DEBUG config vars  ada@example.com  2026-11-23T07:05:00Z
              v1       Initial release        ada@example.com  2026-11-23T07:00:00Z
            """
    )

    @OptionGroup var app: AppOption

    @Option(name: [.short, .customLong("num")], help: "How many releases to show.")
    var num = 15

    @OptionGroup var output: JSONFlag

    func validate() throws {
        guard num > 0 else { throw ValidationError("--num must be at least 1.") }
    }

    func execute() async throws {
        let name = try app.resolved()
        let releases = try await APIClient().releases(of: name, newest: num)
        if output.json { return try JSONOutput.print(releases) }
        Terminal.header("\(name) Releases")
        Table(
            columns: ["Version", "Description", "User", "Created"],
            rows: releases.map { release in
                [
                    "v\(release.version)", release.description, release.user?.email ?? "",
                    release.createdAt.formatted(.iso8601),
                ]
            }
        ).print()
    }
}
