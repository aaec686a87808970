import Hummingbird
import SoukCore

/// Per-request state: Hummingbird's core storage plus the caller, once `AuthMiddleware` has identified them.
struct SoukRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var account: Account?
    /// Set instead of `account` when a provider calls the partner API.
    var provider: ProviderIdentity?
    /// Set by `RequestLogMiddleware`; echoed as the `Request-Id` response header.
    var requestID: String = ""
    /// Set by `DashboardMiddleware` on dashboard routes: the session, the form token, the posted form.
    var dashboard: DashboardVisit?
    /// The peer's IP address (a proxy's, behind one: see `ClientAddress`); nil in the router test client.
    var peerAddress: String?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Request bodies over 1 MiB are refused with 413.
    var maxUploadSize: Int { 1024 * 1024 }

    /// The authenticated caller, or 401.
    func requireAccount() throws -> Account {
        guard let account else {
            throw SoukError.unauthorized("Invalid credentials provided.")
        }
        return account
    }

    /// The provider calling the partner API, or 401.
    func requireProvider() throws -> ProviderIdentity {
        guard let provider else {
            throw SoukError.unauthorized(
                "This endpoint is for add-on providers: authenticate with the manifest's credentials.")
        }
        return provider
    }

    func requireAdmin() throws -> Account {
        let account = try requireAccount()
        guard account.isAdmin else {
            throw SoukError.forbidden("This action requires an admin account.")
        }
        return account
    }
}
