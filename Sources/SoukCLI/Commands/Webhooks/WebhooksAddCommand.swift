import ArgumentParser
import Foundation
import NIOHTTP1
import SoukCore

/// `souk webhooks:add -a APP -i KINDS -l LEVEL -u URL`: a webhook that receives the app's events. Without -s the
/// platform generates the signing secret and sends it this once, in the `Heroku-Webhook-Secret` header.
struct WebhooksAddCommand: CLICommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks:add",
        abstract: "Add a webhook to an app.",
        discussion: """
            -i takes event kinds, comma-separated: api:addon, api:addon-attachment,
            api:app, api:collaborator, api:release. A notify webhook gets one attempt
            per event; a sync one is retried for up to 7 days. Deliveries are signed
            with the secret (Heroku-Webhook-Hmac-SHA256); without -s the platform
            generates one and shows it this once. -t is sent as each delivery's
            Authorization header.
            Example:
              $ souk webhooks:add -a ada-blog -i api:addon,api:release -l sync -u https://hooks.example.com/souk
              Adding webhook to ⬢ ada-blog... done
              ID:     5f0c3a8e-2b1d-4c6e-9a7f-1e2d3c4b5a69
              Secret: 9c1e5a7b3d…
               ▸    The secret is shown only this once: keep it to check each delivery's signature.
            """
    )

    static let secretHeader = "Heroku-Webhook-Secret"

    @OptionGroup var app: AppOption

    @Option(name: [.short, .long], help: "The event kinds to send, comma-separated (e.g. api:addon,api:release).")
    var include: String

    @Option(name: [.short, .long], help: "notify (one attempt) or sync (retried until it succeeds).")
    var level: String

    @Option(name: [.short, .long], help: "Where the events are POSTed.")
    var url: String

    @Option(name: [.short, .long], help: "The secret that signs each delivery; generated when left out.")
    var secret: String?

    @Option(name: [.customShort("t"), .long], help: "The Authorization header sent with each delivery.")
    var authorization: String?

    @OptionGroup var output: JSONFlag

    func validate() throws {
        try WebhookBody.validate(include: include, level: level)
    }

    func execute() async throws {
        let name = try app.resolved()
        let client = APIClient()
        let body = WebhookBody(
            include: try WebhookBody.kinds(include), level: level, url: url, secret: secret,
            authorization: authorization)
        let json = try SoukJSON.makeEncoder().encode(body)
        // the raw response, for its headers: a generated secret comes in one, never in the body
        let response = try await Progress.run("Adding webhook to ⬢ \(name)") {
            try await client.send("POST", "/apps/\(segment(name))/webhooks", json: json)
        }
        let generated = response.headers.first(name: Self.secretHeader)
        if output.json {
            try JSONOutput.print(try Self.decode(JSONValue.self, from: response, client: client))
            // stdout stays the API's JSON
            if let generated { Terminal.warn("Secret: \(generated)") }
        } else {
            let webhook = try Self.decode(WebhookSummary.self, from: response, client: client)
            KeyValues([("ID", webhook.id.lowercasedString)] + (generated.map { [("Secret", $0)] } ?? [])).print()
        }
        if generated != nil {
            Terminal.warn("The secret is shown only this once: keep it to check each delivery's signature.")
        }
    }

    /// The body as `T`, failing as `APIClient`'s own (private) decoding does.
    private static func decode<T: Decodable>(
        _ type: T.Type, from response: APIClient.Response, client: APIClient
    ) throws -> T {
        do {
            return try SoukJSON.makeDecoder().decode(type, from: response.body)
        } catch {
            throw CLIError.message("Unexpected answer from \(client.credentials.baseURL): \(error)")
        }
    }
}
