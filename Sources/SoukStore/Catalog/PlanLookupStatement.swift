import Foundation
import PostgresNIO

/// A plan by id or `service:plan` as `viewer` may install it (`PlanRepository.plan`). Prepared: every install
/// starts with it, and it cost more to plan than to run.
struct PlanLookupStatement: PostgresPreparedStatement {
    static let name = "souk_plan_lookup"
    static let sql = """
        SELECT \(PlanRepository.columns)
        FROM plans pl JOIN addon_services s ON s.id = pl.service_id
        WHERE (pl.id = $1 OR (pl.name = $2 AND s.slug = $3))
          AND ($4::text IS NULL OR s.id = $5 OR s.slug = $4)
          AND (s.state <> 'alpha' OR s.provider_id = $6 OR $7)
          AND (pl.state = 'public' OR s.provider_id = $6 OR $7)
        """
    static let bindingDataTypes: [PostgresDataType] = [.uuid, .text, .text, .text, .uuid, .uuid, .bool]
    typealias Row = PostgresRow

    var planID: UUID?
    var planName: String
    var serviceName: String?
    var service: String?
    var serviceID: UUID?
    var viewer: UUID?
    var viewerIsAdmin: Bool

    func makeBindings() -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(planID)
        bindings.append(planName)
        bindings.append(serviceName)
        bindings.append(service)
        bindings.append(serviceID)
        bindings.append(viewer)
        bindings.append(viewerIsAdmin)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}
