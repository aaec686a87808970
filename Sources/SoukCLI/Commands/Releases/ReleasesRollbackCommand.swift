import ArgumentParser
import Foundation
import SoukCore

/// `souk releases:rollback vN -a APP`: a new release holding the environment of an old one.
struct ReleasesRollbackCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "releases:rollback",
        abstract: "Roll an app's config back to an earlier release.",
        discussion: """
            Rolling back cuts a new release holding the old environment.
            Without a release, goes back one step.
            Example:
              $ souk releases:rollback v2 -a ada-blog
              Rolling back ⬢ ada-blog to v2... done, v5
            """
    )

    struct Body: Encodable, Sendable {
        var release: String
    }

    @Argument(help: "The release to go back to: v12, 12 or its id.")
    var release: String?

    @OptionGroup var app: AppOption

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let target: String
        if let release {
            switch ReleaseIdentifier(release) {
            case .version(let version): target = String(version)
            case .id(let id): target = id.lowercasedString
            case nil: throw CLIError.message("\(release) is not a release: give its version (v12) or id.")
            }
        } else {
            let recent = try await client.releases(of: name, newest: 2)
            guard recent.count == 2 else { throw CLIError.message("⬢ \(name) has no earlier release to roll back to.") }
            target = String(recent[1].version)
        }
        let label = Int(target).map { "v\($0)" } ?? target
        let ending = { (new: Release) in "done, v\(new.version)" }
        _ = try await Progress.run("Rolling back ⬢ \(name) to \(label)", done: ending) {
            try await client.send(
                "POST", "/apps/\(segment(name))/releases", body: Body(release: target), as: Release.self
            )
        }
    }
}
