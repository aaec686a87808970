import Foundation
import Hummingbird
import Logging
import NIOCore
import SoukCore
import SoukStore

/// `POST /oauth/token`: a provider trades the `oauth_grant` code of a provision request, or a refresh
/// token, for a Bearer token to the partner API, with its manifest password as `client_secret`.
/// Parameters may come as a form, as JSON, or in the query string (as sudo-sandwich sends them).
struct OAuthController: Sendable {
    let oauth: OAuthRepository
    let secrets: SecretBox
    static let accessLifetime: TimeInterval = 8 * 3600

    struct TokenResponse: Encodable, Sendable {
        var accessToken: String
        var refreshToken: String?
        var expiresIn: Int
        var tokenType = "Bearer"

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case refreshToken = "refresh_token"
            case expiresIn = "expires_in"
            case tokenType = "token_type"
        }
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .post(use: token)
    }

    @Sendable func token(request: Request, context: SoukRequestContext) async throws -> JSONResponse<TokenResponse> {
        let parameters = try await Self.parameters(of: request, context: context)
        let access = APIKeyToken.generate()
        let expiresAt = Date.now.addingTimeInterval(Self.accessLifetime)
        switch parameters["grant_type"] {
        case "authorization_code":
            guard let code = parameters["code"], let secret = parameters["client_secret"] else {
                throw SoukError.badRequest("code and client_secret are required.")
            }
            let refresh = APIKeyToken.generate()
            guard
                try await oauth.exchange(
                    grantDigest: SecretHash.sha256(code), clientSecret: secret, accessDigest: SecretHash.sha256(access),
                    refreshDigest: SecretHash.sha256(refresh), accessExpiresAt: expiresAt, secrets: secrets,
                    logger: context.logger
                ) != nil
            else {
                throw SoukError.unauthorized("The grant is unknown, used, expired, or the client_secret is wrong.")
            }
            return JSONResponse(
                TokenResponse(accessToken: access, refreshToken: refresh, expiresIn: Int(Self.accessLifetime)))
        case "refresh_token":
            guard let refresh = parameters["refresh_token"] else {
                throw SoukError.badRequest("refresh_token is required.")
            }
            guard
                try await oauth.refresh(
                    refreshDigest: SecretHash.sha256(refresh), clientSecret: parameters["client_secret"],
                    accessDigest: SecretHash.sha256(access), accessExpiresAt: expiresAt, secrets: secrets,
                    logger: context.logger
                ) != nil
            else {
                throw SoukError.unauthorized("The refresh token is unknown or the client_secret is wrong.")
            }
            return JSONResponse(
                TokenResponse(accessToken: access, refreshToken: nil, expiresIn: Int(Self.accessLifetime)))
        default:
            throw SoukError.badRequest("grant_type must be authorization_code or refresh_token.")
        }
    }

    /// Query parameters, overridden by a form or JSON body.
    static func parameters(of request: Request, context: SoukRequestContext) async throws -> [String: String] {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let body = String(buffer: buffer)
        guard !body.isEmpty else { return parameters }
        if request.headers[.contentType]?.hasPrefix("application/json") == true {
            guard let object = try? JSONDecoder().decode([String: String].self, from: Data(body.utf8)) else {
                throw SoukError.badRequest("The request body is not a JSON object of strings.")
            }
            parameters.merge(object) { $1 }
        } else {
            for pair in body.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                if parts.count == 2 { parameters[parts[0]] = parts[1] }
            }
        }
        return parameters
    }
}
