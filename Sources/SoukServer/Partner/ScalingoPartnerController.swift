import Foundation
import Hummingbird
import SoukCore
import SoukStore

/// The Scalingo-flavour partner API: `GET /v1/provider/apps` (paged by `page`/`per_page`),
/// `GET|PATCH /v1/provider/apps/{id}`, where the id is the add-on's uuid (sent as `app_id`).
/// Scalingo-flavour Basic `username:password` only, as Scalingo itself takes; see `PartnerDesk.admit`.
struct ScalingoPartnerController: Sendable {
    let desk: PartnerDesk
    let addons: AddonRepository

    struct AppSummary: Encodable, Sendable {
        var addonProviderID: String?
        var appID: String
        var plan: String

        enum CodingKeys: String, CodingKey {
            case plan
            case addonProviderID = "addon_provider_id"
            case appID = "app_id"
        }
    }

    struct AppList: Encodable, Sendable {
        struct Pagination: Encodable, Sendable {
            var prevPage: Int?
            var currentPage: Int
            var nextPage: Int?
            var totalPages: Int
            var totalCount: Int

            enum CodingKeys: String, CodingKey {
                case prevPage = "prev_page"
                case currentPage = "current_page"
                case nextPage = "next_page"
                case totalPages = "total_pages"
                case totalCount = "total_count"
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(prevPage, forKey: .prevPage)
                try container.encode(currentPage, forKey: .currentPage)
                try container.encode(nextPage, forKey: .nextPage)
                try container.encode(totalPages, forKey: .totalPages)
                try container.encode(totalCount, forKey: .totalCount)
            }
        }

        struct Meta: Encodable, Sendable { var pagination: Pagination }

        var apps: [AppSummary]
        var meta: Meta
    }

    struct AppDetail: Encodable, Sendable {
        struct App: Encodable, Sendable {
            var addonProviderID: String?
            var id: String
            var name: String
            var ownerEmail: String?
            var plan: String
            var config: [String: String]

            enum CodingKeys: String, CodingKey {
                case id, name, plan, config
                case addonProviderID = "addon_provider_id"
                case ownerEmail = "owner_email"
            }
        }

        var app: App
    }

    struct ConfigBody: Decodable {
        var config: [String: String?]
    }

    var routes: RouteCollection<SoukRequestContext> {
        RouteCollection(context: SoukRequestContext.self)
            .get(use: list)
            .get(":id", use: show)
            .patch(":id", use: update)
    }

    @Sendable func list(request: Request, context: SoukRequestContext) async throws -> JSONResponse<AppList> {
        // Only a Scalingo service's own Basic credentials list: never another flavour's, nor an add-on's token.
        let provider = try PartnerDesk.admit(context.provider, on: .scalingo)
        let query = try PageQuery(query: request.uri.queryParameters)
        let (page, perPage) = (query.page, query.perPage)
        let (records, total) = try await addons.records(
            service: provider.serviceID, page: page, perPage: perPage, logger: context.logger
        )
        let totalPages = query.pageCount(total: total)
        let summaries = records.map {
            AppSummary(
                addonProviderID: $0.addon.providerID, appID: $0.addon.id.lowercasedString, plan: $0.planSlug)
        }
        let pagination = AppList.Pagination(
            prevPage: page > 1 ? page - 1 : nil, currentPage: page, nextPage: page < totalPages ? page + 1 : nil,
            totalPages: totalPages, totalCount: total
        )
        return JSONResponse(AppList(apps: summaries, meta: .init(pagination: pagination)))
    }

    @Sendable func show(request: Request, context: SoukRequestContext) async throws -> JSONResponse<AppDetail> {
        let provider = try context.requireProvider()
        let record = try await desk.record(
            context.parameters.require("id"), provider: provider, on: .scalingo, logger: context.logger
        )
        return JSONResponse(try await detail(record, context: context))
    }

    @Sendable func update(request: Request, context: SoukRequestContext) async throws -> JSONResponse<AppDetail> {
        let provider = try context.requireProvider()
        let record = try await desk.record(
            context.parameters.require("id"), provider: provider, on: .scalingo, logger: context.logger
        )
        let body = try await request.decodeJSON(as: ConfigBody.self, context: context)
        guard body.config.count <= 100 else { throw SoukError.invalidParams("At most 100 config vars at once.") }
        let updated = try await desk.updateConfig(record, changes: body.config, logger: context.logger)
        return JSONResponse(try await detail(updated, context: context))
    }

    private func detail(_ record: AddonRecord, context: SoukRequestContext) async throws -> AppDetail {
        AppDetail(
            app: .init(
                addonProviderID: record.addon.providerID, id: record.addon.id.lowercasedString,
                name: record.addon.app.name,
                ownerEmail: try await addons.ownerEmail(ofBillingApp: record.addon.id, logger: context.logger),
                plan: record.planSlug, config: record.providerConfig
            )
        )
    }
}
