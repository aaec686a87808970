import SoukStore

/// The partner API's parts, built once and handed to the routes that need them.
struct Partner: Sendable {
    let desk: PartnerDesk
    let addons: AddonRepository
    let oauth: OAuthRepository
    let secrets: SecretBox
    let authenticator: ProviderAuthenticator
}
