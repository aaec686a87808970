import Foundation
import Logging
import PostgresNIO
import SoukCore

/// The members of an app: its owner and collaborators.
public struct CollaboratorRepository: Sendable {
    let database: Database
    /// Membership decides who may read an environment, so a change drops the app's cached one.
    let cache: EnvironmentCache
    /// And who may open the app's add-ons' dashboards.
    let ssoTargets: SSOTargetCache

    public init(
        database: Database, cache: EnvironmentCache = EnvironmentCache(), ssoTargets: SSOTargetCache = SSOTargetCache()
    ) {
        self.database = database
        self.cache = cache
        self.ssoTargets = ssoTargets
    }

    /// The app's members changed (or may have), in this process.
    private func dropCached(_ app: UUID) {
        cache.drop(app)
        ssoTargets.drop(app: app)
    }

    typealias MemberRow = (UUID, UUID, String, String, Date, Date)

    /// Every member of the app, owner first. Membership is bounded, so one query returns it all.
    public func members(of app: AppReference, logger: Logger) async throws -> [Collaborator] {
        let rows = try await database.query(
            """
            SELECT m.id, u.id, u.email, m.role, m.created_at, m.updated_at
            FROM app_members m JOIN accounts u ON u.id = m.account_id
            WHERE m.app_id = \(app.id)
            ORDER BY m.role = 'owner' DESC, lower(u.email)
            LIMIT \(Self.maximumMembers)
            """,
            logger: logger
        )
        var members: [Collaborator] = []
        for try await row in rows.decode(MemberRow.self) {
            members.append(Self.collaborator(row, app: app))
        }
        return members
    }

    /// `actor` is who did it, for the webhook event the change writes.
    public func add(_ user: AccountReference, to app: AppReference, actor: UUID? = nil, logger: Logger) async throws
        -> Collaborator
    {
        defer { dropCached(app.id) }
        do {
            let rows = try await database.query(
                """
                WITH acting AS (SELECT set_config('souk.actor', \(actor?.lowercasedString ?? ""), true))
                INSERT INTO app_members (id, app_id, account_id, role)
                SELECT \(UUID()), \(app.id), \(user.id), 'collaborator' FROM acting
                WHERE (SELECT count(*) FROM app_members WHERE app_id = \(app.id)) < \(Self.maximumMembers)
                RETURNING id, account_id, '', role, created_at, updated_at
                """,
                logger: logger
            )
            for try await row in rows.decode(MemberRow.self) {
                var collaborator = Self.collaborator(row, app: app)
                collaborator.user = user
                return collaborator
            }
            throw SoukError.invalidParams("An app may have at most \(Self.maximumMembers) collaborators.")
        } catch let error as PSQLError where error.isUniqueViolation() {
            throw SoukError.conflict("\(user.email) already has access to \(app.name).")
        }
    }

    /// Removes a collaborator (never the owner); `nil` when there was no such collaborator.
    public func remove(_ user: AccountReference, from app: AppReference, actor: UUID? = nil, logger: Logger)
        async throws -> Collaborator?
    {
        defer { dropCached(app.id) }
        let rows = try await database.query(
            """
            -- The acting account, for the webhook event the delete's trigger writes (migration 0016).
            WITH acting AS (SELECT set_config('souk.actor', \(actor?.lowercasedString ?? ""), true))
            DELETE FROM app_members USING acting
            WHERE app_id = \(app.id) AND account_id = \(user.id) AND role = 'collaborator'
            RETURNING id, account_id, '', role, created_at, updated_at
            """,
            logger: logger
        )
        for try await row in rows.decode(MemberRow.self) {
            var collaborator = Self.collaborator(row, app: app)
            collaborator.user = user
            return collaborator
        }
        return nil
    }

    static let maximumMembers = 500

    private static func collaborator(_ row: MemberRow, app: AppReference) -> Collaborator {
        Collaborator(
            id: row.0, app: app, user: AccountReference(id: row.1, email: row.2),
            role: Collaborator.Role(rawValue: row.3) ?? .collaborator, createdAt: row.4, updatedAt: row.5
        )
    }
}
