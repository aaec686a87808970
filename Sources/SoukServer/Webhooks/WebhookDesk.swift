import Crypto
import Foundation
import Logging
import SoukCore
import SoukStore

/// Managing webhooks: an app's by its members, an add-on's by its provider (partner credentials). Bodies are
/// Heroku's: `include`, `level`, `url`, `secret`?, `authorization`?.
struct WebhookDesk: Sendable {
    let webhooks: WebhookRepository
    let registry: AppRegistry
    let partner: PartnerDesk
    let rules: ManifestRules

    /// The webhooks of `app` (by id or name) that `viewer` may manage: any member's.
    func scope(app: String, viewer: Account, logger: Logger) async throws -> WebhookRepository.Scope {
        .app(try await registry.access(app, viewer: viewer, logger: logger).app.id)
    }

    /// The webhooks of the provider's add-on `addon`.
    func scope(addon: String, provider: ProviderIdentity, logger: Logger) async throws -> WebhookRepository.Scope {
        .addon(try await partner.record(addon, provider: provider, logger: logger).addon.id)
    }

    /// A new webhook, and the secret when Souk generated it (shown once).
    func create(_ body: JSONValue, in scope: WebhookRepository.Scope, logger: Logger) async throws -> (
        Webhook, generatedSecret: String?
    ) {
        let fields = try Self.object(body)
        guard let include = try Self.include(fields["include"]) else {
            throw SoukError.invalidParams(
                "include is required: one or more of \(Webhook.kinds.joined(separator: ", ")).")
        }
        guard let level = try Self.level(fields["level"]) else {
            throw SoukError.invalidParams("level is required: notify or sync.")
        }
        guard let url = try url(fields["url"]) else { throw SoukError.invalidParams("url is required.") }
        let given = try Self.text(fields["secret"], name: "secret")
        let secret = given ?? Self.generateSecret()
        let webhook = try await webhooks.create(
            scope, include: include, level: level, url: url, secret: secret,
            authorization: try Self.text(fields["authorization"], name: "authorization"), logger: logger)
        return (webhook, given == nil ? secret : nil)
    }

    func update(_ id: String, _ body: JSONValue, in scope: WebhookRepository.Scope, logger: Logger) async throws
        -> Webhook
    {
        let fields = try Self.object(body)
        guard let uuid = UUID(uuidString: id),
            let webhook = try await webhooks.update(
                uuid, scope, include: try Self.include(fields["include"]), level: try Self.level(fields["level"]),
                url: try url(fields["url"]), secret: try Self.text(fields["secret"], name: "secret"),
                authorization: try Self.text(fields["authorization"], name: "authorization"), logger: logger)
        else { throw SoukError.notFound("Couldn't find that webhook.") }
        return webhook
    }

    func webhook(_ id: String, in scope: WebhookRepository.Scope, logger: Logger) async throws -> Webhook {
        guard let uuid = UUID(uuidString: id), let webhook = try await webhooks.webhook(uuid, scope, logger: logger)
        else { throw SoukError.notFound("Couldn't find that webhook.") }
        return webhook
    }

    func delete(_ id: String, in scope: WebhookRepository.Scope, logger: Logger) async throws -> Webhook {
        guard let uuid = UUID(uuidString: id), let webhook = try await webhooks.delete(uuid, scope, logger: logger)
        else { throw SoukError.notFound("Couldn't find that webhook.") }
        return webhook
    }

    static func object(_ body: JSONValue) throws -> [String: JSONValue] {
        guard case .object(let fields) = body else { throw SoukError.invalidParams("The body must be a JSON object.") }
        return fields
    }

    /// `include`, when given: a non-empty list of known kinds, each once.
    static func include(_ value: JSONValue?) throws -> [String]? {
        guard let value, value != .null else { return nil }
        guard case .array(let items) = value, !items.isEmpty, items.count <= Webhook.kinds.count else {
            throw SoukError.invalidParams("include must list one or more of \(Webhook.kinds.joined(separator: ", ")).")
        }
        var kinds: [String] = []
        for item in items {
            guard let kind = item.stringValue, Webhook.kinds.contains(kind) else {
                throw SoukError.invalidParams(
                    "include may only list \(Webhook.kinds.joined(separator: ", ")).")
            }
            if !kinds.contains(kind) { kinds.append(kind) }
        }
        return kinds
    }

    static func level(_ value: JSONValue?) throws -> Webhook.Level? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, let level = Webhook.Level(rawValue: text) else {
            throw SoukError.invalidParams("level must be notify or sync.")
        }
        return level
    }

    static func text(_ value: JSONValue?, name: String) throws -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, !text.isEmpty, text.utf8.count <= 1024, !text.contains("\r"),
            !text.contains("\n")
        else { throw SoukError.invalidParams("\(name) must be a string of 1 to 1024 bytes on one line.") }
        return text
    }

    /// An http(s) URL; outside development and tests, https to a public host, as provider URLs must be.
    func url(_ value: JSONValue?) throws -> String? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue, text.utf8.count <= 2048 else {
            throw SoukError.invalidParams("url must be a string of at most 2048 bytes.")
        }
        let parsed: ProviderURL
        do {
            parsed = try ProviderURL(parsing: text)
        } catch {
            throw SoukError.invalidParams("url \(error.message).")
        }
        guard rules.allowsInsecureURLs || (parsed.isSecure && parsed.hostKind == .public) else {
            throw SoukError.invalidParams("url must use https and point to a public host.")
        }
        return text
    }

    /// 32 random bytes, hex.
    static func generateSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }
}
