import CoreMetrics
import HTTPTypes
import Hummingbird
import SoukCore

/// Single sign-on routes: the hand-off as JSON (`…/sso`, for API clients and the CLI) and the browser hand-off
/// (`…/sso/open`, each add-on's `web_url`). Without a context app the add-on opens from its billing app.
/// Each issued token counts in `souk_sso_issued_total`.
struct SSOController: Sendable {
    let singleSignOn: SingleSignOn
    /// `souk_sso_issued_total` by method, made once: asking the registry on each hand-off cost a lookup.
    let issued: [SSOHandOff.Method: Counter]

    init(singleSignOn: SingleSignOn, metrics: any MetricsFactory) {
        self.singleSignOn = singleSignOn
        issued = Dictionary(
            uniqueKeysWithValues: [SSOHandOff.Method.get, .post].map {
                ($0, Counter(label: "souk_sso_issued_total", dimensions: [("method", $0.rawValue)], factory: metrics))
            })
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("apps/:app/addons/:addon/sso", use: showForApp)
            .get("addons/:addon/sso", use: show)
            .get("apps/:app/addons/:addon/sso/open", use: openForApp)
            .get("addons/:addon/sso/open", use: open)
    }

    @Sendable func showForApp(request: Request, context: SoukRequestContext) async throws -> JSONResponse<SSOHandOff> {
        JSONResponse(
            try await handOff(
                request, context: context, viewer: context.requireAccount(), app: context.parameters.require("app"),
                page: false
            ),
            headers: HandOffPage.headers
        )
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<SSOHandOff> {
        JSONResponse(
            try await handOff(request, context: context, viewer: context.requireAccount(), app: nil, page: false),
            headers: HandOffPage.headers
        )
    }

    @Sendable func openForApp(request: Request, context: SoukRequestContext) async throws -> HandOffPage {
        HandOffPage(
            handOff: try await handOff(
                request, context: context, viewer: Self.browserAccount(context), app: context.parameters.require("app"),
                page: true
            )
        )
    }

    @Sendable func open(request: Request, context: SoukRequestContext) async throws -> HandOffPage {
        HandOffPage(
            handOff: try await handOff(
                request, context: context, viewer: Self.browserAccount(context), app: nil, page: true
            )
        )
    }

    /// The hand-off, as JSON or as a `page` (`HandOffPage`), issued when the answer sends its tokens.
    func handOff(
        _ request: Request, context: SoukRequestContext, viewer: Account, app: String?, page: Bool
    ) async throws -> SSOHandOff {
        let prepared = try await singleSignOn.prepare(
            context.parameters.require("addon"), contextApp: app, extras: SSOExtras.parse(query: request.uri.query),
            viewer: viewer, logger: context.logger
        )
        let handOff = prepared.handOff
        let sendsTokens =
            page ? HandOffPage.sendsTokens(handOff, answering: request.method) : request.method != .head
        if sendsTokens {
            try await singleSignOn.issue(prepared, logger: context.logger)
            issued[handOff.method]?.increment()
        }
        return handOff
    }

    /// Browsers cannot send a Bearer header: a 401 asks them for Basic (the API key as password), which they can.
    static func browserAccount(_ context: SoukRequestContext) throws -> Account {
        guard let account = context.account else {
            throw SoukError.unauthorized("Sign in with your API key as the password.")
        }
        return account
    }
}
