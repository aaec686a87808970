import Foundation
import SoukCore

/// `/dashboard/provider/services/{slug}`: one service as its provider sees it: the manifest (secrets masked),
/// plans, and Souk's calls to it.
struct ProviderServicePage: Sendable {
    struct PlanRow: Sendable {
        var slug: String
        var name: String
        var price: String
        var state: String
    }

    var slug: String
    var name: String
    var state: String
    var flavour: String
    var baseURL: String
    var ssoURL: String
    var manifest: String
    var plans: [PlanRow]
    var calls: CallLog

    init(service: ProviderAddonService, manifest: JSONValue, plans: [Plan], calls: CallLog) throws {
        slug = service.service.name
        name = service.service.humanName
        state = service.service.state.rawValue
        flavour = service.flavour.rawValue
        baseURL = service.production.baseURL ?? ""
        ssoURL = service.production.ssoURL ?? ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        self.manifest = String(decoding: try encoder.encode(Self.masked(manifest)), as: UTF8.self)
        self.plans = plans.map {
            PlanRow(slug: $0.slug, name: $0.humanName, price: Money.price($0.price), state: $0.state.rawValue)
        }
        self.calls = calls
    }

    /// Passwords, salts and client secrets are shown as dots: the page may be on a shared screen.
    static func masked(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(
                object.reduce(into: [:]) { masked, member in
                    masked[member.key] =
                        secretKeys.contains(member.key) && member.value.stringValue != nil
                        ? .string("••••••••") : Self.masked(member.value)
                })
        case .array(let array):
            return .array(array.map(masked))
        default:
            return value
        }
    }

    static let secretKeys: Set<String> = ["password", "sso_salt", "client_secret", "secret"]
}
