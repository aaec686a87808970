import Foundation

extension HerokuProviderClient {
    struct ProvisionBody: Encodable {
        var uuid: String
        var name: String
        var plan: String
        var region: String
        var options: [String: String]
        var callbackURL: String
        var herokuID: String
        var oauthGrant: Grant?
        var logInputURL: String?
        var logDrainToken: String?

        enum CodingKeys: String, CodingKey {
            case uuid, name, plan, region, options
            case callbackURL = "callback_url"
            case herokuID = "heroku_id"
            case oauthGrant = "oauth_grant"
            case logInputURL = "log_input_url"
            case logDrainToken = "log_drain_token"
        }
    }

    struct Grant: Encodable {
        var code: String
        var expiresAt: Date
        var type = "authorization_code"

        enum CodingKeys: String, CodingKey {
            case code, type
            case expiresAt = "expires_at"
        }
    }

    struct PlanChangeBody: Encodable {
        var plan: String
        var uuid: String
        var herokuID: String?

        enum CodingKeys: String, CodingKey {
            case plan, uuid
            case herokuID = "heroku_id"
        }
    }
}
