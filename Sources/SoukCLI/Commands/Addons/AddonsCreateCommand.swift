import ArgumentParser
import Foundation
import SoukCore

/// `souk addons:create SERVICE[:PLAN] -a APP`: installs an add-on, optionally waiting until the provider is done.
struct AddonsCreateCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "addons:create",
        abstract: "Create an add-on and attach it to an app.",
        discussion: """
            Options for the provider follow `--`: --size=large is sent as
            {"size": "large"}, a bare --flag as {"flag": "true"}. Overwriting
            config vars the app already has needs --confirm APP (asked on a
            terminal). --wait polls until a provider that works in the
            background is done. It prints the config vars the app received, or
            says there are none yet when the provider sent none.
            Example:
              $ souk addons:create bugs:premium --as BUGS -a ada-blog -- --size=large
              Creating bugs:premium on ⬢ ada-blog... done
              Created bugs-quiet-1234 as BUGS_URL
            """
    )

    struct Body: Encodable, Sendable {
        struct AttachmentName: Encodable, Sendable {
            var name: String
        }

        var plan: String
        var attachment: AttachmentName?
        var config: [String: String]?
        var name: String?
        var confirm: String?
    }

    @Argument(help: "The service, with a plan after a colon (default: the service's default plan).")
    var plan: String

    @OptionGroup var app: AppOption

    @Option(name: .customLong("as"), help: "The attachment's name, which prefixes the config vars.")
    var attachment: String?

    @Option(name: .long, help: "The add-on's name (default: generated).")
    var name: String?

    @Flag(name: .long, help: "Wait until the add-on is provisioned.")
    var wait = false

    @Option(name: .long, help: "The app's name, to overwrite existing config vars without being asked.")
    var confirm: String?

    @Argument(parsing: .postTerminator, help: "Options for the provider, after --.")
    var providerOptions: [String] = []

    func execute() async throws {
        let appName = try app.resolved()
        let options = try ProviderOptions.parse(providerOptions)
        let client = APIClient()
        let label = await Self.label(plan, client: client)
        let body = Body(
            plan: plan, attachment: attachment.map(Body.AttachmentName.init), config: options.isEmpty ? nil : options,
            name: name
        )
        var addon = try await Confirmation.retrying(app: appName, confirm: confirm) { confirm in
            var body = body
            body.confirm = confirm
            return try await Progress.run("Creating \(label) on ⬢ \(appName)") { [body] in
                try await client.send("POST", "/apps/\(segment(appName))/addons", body: body, as: Addon.self)
            }
        }
        if let message = addon.provisionMessage, !message.isEmpty { Terminal.print(message) }
        // The provider may give up (or the add-on be removed) before the platform has answered.
        guard addon.state != .deprovisioned else {
            throw CLIError.message("The add-on was unable to be created, with status deprovisioned.")
        }
        if addon.state == .provisioning {
            guard wait else {
                Terminal.print("\(addon.name) is being created in the background. The app will restart when complete.")
                Terminal.print("Use souk addons:info \(addon.name) to check creation progress.")
                return
            }
            let created = addon
            addon = try await Progress.run("Waiting for \(addon.name)") {
                try await Self.provisioned(created, app: appName, client: client)
            }
        }
        let received = try await Self.receivedNames(addon, app: appName, client: client)
        if received.isEmpty {
            Terminal.print("Created \(addon.name) on ⬢ \(appName) (no config vars yet)")
        } else {
            Terminal.print("Created \(addon.name) as \(received.joined(separator: ", "))")
        }
    }

    /// `service:plan` for the progress line, naming the default plan when none was given.
    static func label(_ plan: String, client: APIClient) async -> String {
        guard !plan.contains(":") else { return plan }
        let plans = try? await client.all("/addon-services/\(segment(plan))/plans", as: Plan.self)
        return plans?.first(where: \.isDefault)?.name ?? plan
    }

    /// Polls every `SOUK_WAIT_INTERVAL` seconds (default 5) while the provider builds the add-on.
    static func provisioned(_ addon: Addon, app: String, client: APIClient) async throws -> Addon {
        let interval = ProcessInfo.processInfo.environment["SOUK_WAIT_INTERVAL"].flatMap(Double.init) ?? 5
        let path = "/apps/\(segment(app))/addons/\(addon.id.lowercasedString)"
        var current = addon
        while current.state == .provisioning {
            try await Task.sleep(for: .seconds(max(interval, 0.05)))
            do {
                current = try await client.get(path)
            } catch let error as CLIError where error.id == "not_found" {
                // a failed add-on is deprovisioned, and gone from the app
                current.state = .deprovisioned
            }
        }
        guard current.state == .provisioned else {
            throw CLIError.message("The add-on was unable to be created, with status \(current.state.rawValue).")
        }
        return current
    }

    /// The config vars the add-on put in the app. The add-on's `config_vars` are the names it may set (the
    /// manifest's, under the attachment's prefix) whether or not the provider sent them, so only those the app
    /// now has are the ones it received.
    static func receivedNames(_ addon: Addon, app: String, client: APIClient) async throws -> [String] {
        guard !addon.configVars.isEmpty else { return [] }
        let vars: [String: String?] = try await client.get("/apps/\(segment(app))/config-vars")
        return addon.configVars.filter { vars[$0] != nil }.sorted()
    }
}
