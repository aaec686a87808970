import Foundation
import PostgresNIO

/// A service by id with its provider (`AddonServiceRepository.service(id:)`). Prepared: every install reads it.
struct ServiceByIDStatement: RowByIDStatement {
    static let name = "souk_service_by_id"
    static let sql = """
        SELECT \(ServiceRow.columns)
        FROM addon_services s JOIN accounts p ON p.id = s.provider_id
        WHERE s.id = $1
        """

    var id: UUID
}
