import Foundation
import Logging
import PostgresNIO
import SoukCore

/// Plans of add-on services. Customers see a service's public plans when they may see the service;
/// its provider and admins also see deprecated ones.
public struct PlanRepository: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = """
        pl.id, pl.name, pl.human_name, pl.description, pl.price_cents, pl.price_unit, pl.metered, pl.is_default,
        pl.state,
        pl.created_at, pl.updated_at, s.id AS service_id, s.slug AS service_slug
        """

    /// Inserts or updates the plans a manifest carries (by name); the manifest's default becomes the service's.
    static func upsert(
        _ plans: [PlanDefinition], serviceID: UUID, on connection: DatabaseConnection, logger: Logger
    ) async throws {
        guard !plans.isEmpty else { return }
        if plans.contains(where: \.isDefault) {
            try await connection.query(
                "UPDATE plans SET is_default = false WHERE service_id = \(serviceID) AND is_default",
                logger: logger
            )
        }
        let options = try plans.map { String(decoding: try JSONEncoder().encode($0.options), as: UTF8.self) }
        try await connection.query(
            """
            INSERT INTO plans
                (id, service_id, name, human_name, description, price_cents, price_unit, metered, is_default, options,
                 broker_plan_id)
            SELECT gen_random_uuid(), \(serviceID), t.name, t.human_name, t.description, t.price_cents, t.price_unit,
                   t.metered, t.is_default, t.options::jsonb, NULLIF(t.broker_plan_id, '')
            FROM unnest(\(plans.map(\.name))::text[], \(plans.map(\.humanName))::text[],
                        \(plans.map(\.description))::text[], \(plans.map(\.priceCents))::int[],
                        \(plans.map(\.priceUnit))::text[], \(plans.map(\.metered))::bool[],
                        \(plans.map(\.isDefault))::bool[], \(options)::text[],
                        \(plans.map { $0.brokerPlanID ?? "" })::text[])
                 AS t (name, human_name, description, price_cents, price_unit, metered, is_default, options,
                       broker_plan_id)
            ON CONFLICT (service_id, name) DO UPDATE SET
                human_name = EXCLUDED.human_name, description = EXCLUDED.description,
                price_cents = EXCLUDED.price_cents, price_unit = EXCLUDED.price_unit, metered = EXCLUDED.metered,
                is_default = EXCLUDED.is_default OR plans.is_default AND NOT \(plans.contains(where: \.isDefault)),
                options = EXCLUDED.options, broker_plan_id = COALESCE(EXCLUDED.broker_plan_id, plans.broker_plan_id),
                -- a broker's plan back in its catalog is offered again
                state = CASE WHEN EXCLUDED.broker_plan_id IS NOT NULL THEN 'public' ELSE plans.state END,
                updated_at = now()
            """,
            logger: logger
        )
    }

    /// A broker's id for one of its plans (`plan_id`); `nil` for a plan of a manifest.
    public func brokerPlanID(_ planID: UUID, logger: Logger) async throws -> String? {
        for try await id in try await database.query(
            "SELECT broker_plan_id FROM plans WHERE id = \(planID)", logger: logger
        ).decode(String?.self) {
            return id
        }
        return nil
    }

    /// The plans of a service the viewer may see, cheapest first; `nil` when the service is not visible.
    public func plans(ofService service: String, viewer: Account?, logger: Logger) async throws -> [Plan]? {
        let id = UUID(uuidString: service)
        let rows = try await database.query(
            """
            SELECT s.id AS visible_service, \(unescaped: Self.columns)
            FROM addon_services s
            LEFT JOIN plans pl ON pl.service_id = s.id
                AND (pl.state = 'public' OR s.provider_id = \(viewer?.id) OR \(viewer?.isAdmin ?? false))
            WHERE (s.id = \(id) OR s.slug = \(service))
              AND (s.state <> 'alpha' OR s.provider_id = \(viewer?.id) OR \(viewer?.isAdmin ?? false))
            ORDER BY pl.price_cents, pl.name
            """,
            logger: logger
        )
        var visible = false
        var plans: [Plan] = []
        for try await row in rows {
            visible = true
            let row = row.makeRandomAccess()
            if try row["id"].decode(UUID?.self) != nil { plans.append(try Self.plan(row)) }
        }
        return visible ? plans : nil
    }

    /// The plans the viewer may see of several services at once (the dashboard's plan pickers, the
    /// marketplace), cheapest first within each service: one query, whatever the number of services.
    public func plans(ofServices services: [UUID], viewer: Account?, logger: Logger) async throws -> [Plan] {
        guard !services.isEmpty else { return [] }
        let rows = try await database.query(
            """
            SELECT \(unescaped: Self.columns)
            FROM addon_services s
            JOIN plans pl ON pl.service_id = s.id
                AND (pl.state = 'public' OR s.provider_id = \(viewer?.id) OR \(viewer?.isAdmin ?? false))
            WHERE s.id = ANY(\(services))
              AND (s.state <> 'alpha' OR s.provider_id = \(viewer?.id) OR \(viewer?.isAdmin ?? false))
            ORDER BY s.slug, pl.price_cents, pl.name
            """,
            logger: logger
        )
        var plans: [Plan] = []
        for try await row in rows { plans.append(try Self.plan(row.makeRandomAccess())) }
        return plans
    }

    /// One plan by id, `service:plan`, or (within `service`) its bare name; `nil` when not visible.
    public func plan(_ plan: String, ofService service: String?, viewer: Account?, logger: Logger) async throws -> Plan?
    {
        let planID = UUID(uuidString: plan)
        let parts = plan.split(separator: ":", maxSplits: 1).map(String.init)
        let serviceName = parts.count == 2 ? parts[0] : service
        let planName = parts.count == 2 ? parts[1] : plan
        let serviceID = service.flatMap(UUID.init(uuidString:))
        let rows = try await database.execute(
            PlanLookupStatement(
                planID: planID, planName: planName, serviceName: serviceName, service: service, serviceID: serviceID,
                viewer: viewer?.id, viewerIsAdmin: viewer?.isAdmin ?? false),
            logger: logger)
        if let row = rows.first { return try Self.plan(row.makeRandomAccess()) }
        return nil
    }

    /// Adds a plan to a provider's service; `nil` when the service is not the provider's.
    public func create(
        _ definition: PlanDefinition, serviceSlug: String, provider: UUID, logger: Logger
    ) async throws -> Plan? {
        do {
            return try await database.transaction(logger: logger) { connection in
                guard
                    let serviceID = try await ownedService(
                        serviceSlug, provider: provider, on: connection, logger: logger)
                else { return nil }
                try await Self.insert(definition, serviceID: serviceID, on: connection, logger: logger)
                return try await self.plan(named: definition.name, serviceID: serviceID, on: connection, logger: logger)
            }
        } catch let error as PSQLError where error.isUniqueViolation(of: "plans_service_id_name_key") {
            throw SoukError.conflict("A plan named \(definition.name) already exists.")
        }
    }

    private static func insert(
        _ definition: PlanDefinition, serviceID: UUID, on connection: DatabaseConnection, logger: Logger
    ) async throws {
        if definition.isDefault {
            try await connection.query(
                "UPDATE plans SET is_default = false WHERE service_id = \(serviceID) AND is_default", logger: logger
            )
        }
        let options = String(decoding: try JSONEncoder().encode(definition.options), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO plans
                (id, service_id, name, human_name, description, price_cents, price_unit, metered, is_default, options)
            VALUES (\(UUID()), \(serviceID), \(definition.name), \(definition.humanName), \(definition.description),
                    \(definition.priceCents), \(definition.priceUnit), \(definition.metered), \(definition.isDefault),
                    \(options)::jsonb)
            """,
            logger: logger
        )
    }

    /// Changes a plan of a provider's service (`nil` fields stay); `nil` when there is no such plan of theirs.
    public func update(
        _ planName: String, serviceSlug: String, provider: UUID, changes: PlanInput.Changes, logger: Logger
    ) async throws -> Plan? {
        try await database.transaction(logger: logger) { connection in
            guard
                let serviceID = try await ownedService(serviceSlug, provider: provider, on: connection, logger: logger)
            else { return nil }
            if changes.isDefault == true {
                try await connection.query(
                    """
                    UPDATE plans SET is_default = false
                    WHERE service_id = \(serviceID) AND is_default AND name <> \(planName)
                    """,
                    logger: logger
                )
            }
            try await connection.query(
                """
                UPDATE plans SET
                    human_name = COALESCE(\(changes.humanName), human_name),
                    description = COALESCE(\(changes.description), description),
                    price_cents = COALESCE(\(changes.priceCents), price_cents),
                    price_unit = COALESCE(\(changes.priceUnit), price_unit),
                    metered = COALESCE(\(changes.metered), metered),
                    is_default = COALESCE(\(changes.isDefault), is_default),
                    state = COALESCE(\(changes.state?.rawValue), state),
                    updated_at = now()
                WHERE service_id = \(serviceID) AND name = \(planName)
                """,
                logger: logger
            )
            return try await plan(named: planName, serviceID: serviceID, on: connection, logger: logger)
        }
    }

    /// Deletes a plan of a provider's service; `nil` when there is no such plan of theirs. Plans that
    /// add-ons still use are protected by their foreign key: the caller should deprecate those instead.
    public func delete(_ planName: String, serviceSlug: String, provider: UUID, logger: Logger) async throws -> Plan? {
        do {
            return try await database.transaction(logger: logger) { connection in
                guard
                    let serviceID = try await ownedService(
                        serviceSlug, provider: provider, on: connection, logger: logger),
                    let plan = try await plan(named: planName, serviceID: serviceID, on: connection, logger: logger)
                else { return nil }
                try await connection.query("DELETE FROM plans WHERE id = \(plan.id)", logger: logger)
                return plan
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            throw SoukError.conflict(
                "Add-ons use plan \(planName); deprecate it instead (PATCH {\"state\": \"deprecated\"}).")
        }
    }

    /// How many public plans the service has; `nil` when there is no such service.
    public func publicPlanCount(serviceSlug: String, logger: Logger) async throws -> Int? {
        let rows = try await database.query(
            """
            SELECT count(pl.id) FROM addon_services s
            LEFT JOIN plans pl ON pl.service_id = s.id AND pl.state = 'public'
            WHERE s.slug = \(serviceSlug)
            GROUP BY s.id
            """,
            logger: logger
        )
        for try await count in rows.decode(Int.self) { return count }
        return nil
    }

    private func ownedService(
        _ slug: String, provider: UUID, on connection: DatabaseConnection, logger: Logger
    ) async throws -> UUID? {
        let rows = try await connection.query(
            "SELECT id FROM addon_services WHERE slug = \(slug) AND provider_id = \(provider) FOR UPDATE",
            logger: logger
        )
        for try await id in rows.decode(UUID.self) { return id }
        return nil
    }

    private func plan(named name: String, serviceID: UUID, on connection: DatabaseConnection, logger: Logger)
        async throws -> Plan?
    {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.columns)
            FROM plans pl JOIN addon_services s ON s.id = pl.service_id
            WHERE pl.service_id = \(serviceID) AND pl.name = \(name)
            """,
            logger: logger
        )
        for try await row in rows { return try Self.plan(row.makeRandomAccess()) }
        return nil
    }

    static func plan(_ row: PostgresRandomAccessRow) throws -> Plan {
        Plan(
            id: try row["id"].decode(UUID.self),
            addonService: AddonService.Reference(
                id: try row["service_id"].decode(UUID.self), name: try row["service_slug"].decode(String.self)
            ),
            slug: try row["name"].decode(String.self),
            humanName: try row["human_name"].decode(String.self),
            description: try row["description"].decode(String.self),
            price: Plan.Price(
                cents: try row["price_cents"].decode(Int.self), unit: try row["price_unit"].decode(String.self),
                metered: try row["metered"].decode(Bool.self)),
            isDefault: try row["is_default"].decode(Bool.self),
            state: Plan.State(rawValue: try row["state"].decode(String.self)) ?? .public,
            createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self)
        )
    }
}
