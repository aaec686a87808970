import Foundation
import Hummingbird
import SoukCore

/// The books over HTTP: `/account/invoices[/{number|current}]` for customers, `/provider/payouts[/{period}]`
/// for providers, `/admin/billing/close`, `/admin/invoices` and `/admin/revenue` for admins, and
/// `/provider/addon-services/{slug}/usage-batches` for providers' metered usage (partner credentials).
struct BillingController: Sendable {
    let biller: Biller
    let usage: UsageDesk

    struct CloseBody: Decodable {
        var period: String
    }

    struct Closed: Encodable {
        var period: BillingMonth
        var invoices: Int
        var closed: Bool
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get("account/invoices", use: invoices)
            .get("account/invoices/:number", use: invoice)
            .get("provider/payouts", use: payouts)
            .get("provider/payouts/:period", use: payout)
            .post("provider/addon-services/:slug/usage-batches", use: reportUsage)
            .post("admin/billing/close", use: close)
            .get("admin/invoices", use: adminInvoices)
            .get("admin/revenue", use: revenue)
    }

    @Sendable func invoices(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Invoice]> {
        JSONResponse(try await biller.invoices(for: try context.requireAccount(), logger: context.logger))
    }

    @Sendable func invoice(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Invoice> {
        let account = try context.requireAccount()
        return JSONResponse(
            try await biller.invoice(context.parameters.require("number"), for: account, logger: context.logger))
    }

    @Sendable func payouts(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Payout]> {
        JSONResponse(try await biller.payouts(for: try context.requireAccount(), month: nil, logger: context.logger))
    }

    @Sendable func payout(request: Request, context: SoukRequestContext) async throws -> JSONResponse<[Payout]> {
        let provider = try context.requireAccount()
        let month = try Self.month(context.parameters.require("period"))
        return JSONResponse(try await biller.payouts(for: provider, month: month, logger: context.logger))
    }

    @Sendable func reportUsage(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        UsageDesk.Answer
    > {
        let provider = try context.requireProvider()
        let body = try await request.decodeJSON(as: JSONValue.self, context: context)
        return JSONResponse(
            try await usage.report(
                body, slug: context.parameters.require("slug"), provider: provider, logger: context.logger))
    }

    @Sendable func close(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Closed> {
        _ = try context.requireAdmin()
        let body = try await request.decodeJSON(as: CloseBody.self, context: context)
        let month = try Self.month(body.period)
        let (invoices, closedNow) = try await biller.close(month, logger: context.logger)
        return JSONResponse(Closed(period: month, invoices: invoices, closed: closedNow))
    }

    @Sendable func adminInvoices(request: Request, context: SoukRequestContext) async throws -> JSONResponse<
        [Invoice]
    > {
        _ = try context.requireAdmin()
        let parameters = request.uri.queryParameters
        var account: UUID?
        if let raw = parameters.get("account"), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw SoukError.invalidParams("account must be an id.") }
            account = id
        }
        let month = try parameters.get("period").flatMap { $0.isEmpty ? nil : try Self.month($0) }
        var range = try ListRange(header: request.headers[.range], fields: ["number"], isDescendingByDefault: true)
        if request.headers[.range] == nil { range.max = 100 }
        guard range.isDescending else { throw SoukError.badRequest("Invoices are listed newest first (order=desc).") }
        let before = try range.start.map { raw -> Int64 in
            guard let number = Int64(raw) else { throw SoukError.badRequest("Invalid Range header: numbers.") }
            return number
        }
        let fetched = try await biller.invoices(
            account: account, month: month, before: before, limit: range.max + 1, logger: context.logger)
        return JSONResponse(page: Page(fetched: fetched, range: range) { String($0.number ?? 0) })
    }

    @Sendable func revenue(request: Request, context: SoukRequestContext) async throws -> JSONResponse<Revenue> {
        _ = try context.requireAdmin()
        guard let raw = request.uri.queryParameters.get("period") else {
            throw SoukError.invalidParams("period is required: YYYY-MM.")
        }
        return JSONResponse(try await biller.revenue(try Self.month(raw), logger: context.logger))
    }

    static func month(_ text: String) throws -> BillingMonth {
        guard let month = BillingMonth(text) else {
            throw SoukError.invalidParams("period must be a month, YYYY-MM (e.g. 2026-11).")
        }
        return month
    }
}
