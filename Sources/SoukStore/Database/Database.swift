import CoreMetrics
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The platform's pool of PostgreSQL connections. Repositories hold a `Database`, never the
/// `PostgresClient` underneath, so that:
/// - a wait for a connection ends when the database is found unreachable (`record(reachable:)`, from the
///   server's probe), or after `leaseLimit` in any case, rather than after PostgresNIO's minute
///   (`BoundedLease`);
/// - no statement is sent on a lost connection, where it would never be answered (`DatabaseConnection`);
/// - `/metrics` can count what holds a connection (`souk_database_pool_in_use`) and what waits for one
///   (`souk_database_pool_waiting`);
/// - with several hosts (`DATABASE_URL` as libpq takes them), leases come from the host the server's probe
///   last found to be the primary (`use(host:)`), and move when a standby is promoted.
public final class Database: Service, Sendable {
    /// A pool per host; only the primary's is leased from, the others stay empty.
    private let clients: [PostgresClient]
    private let primary: PrimaryHost
    private let leaseLimit: Duration
    private let waiters: LeaseWaiters
    private let inUse: Meter
    private let waiting: Meter
    /// Standbys for reads that may be a little stale; used only by the view `readingFromReplicas()` gives.
    private let replicas: ReadReplicas?
    private let readsFromReplicas: Bool

    public convenience init(
        configuration: PostgresClient.Configuration, logger: Logger,
        leaseLimit: Duration = .seconds(30),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) {
        self.init(configurations: [configuration], logger: logger, leaseLimit: leaseLimit, metrics: metrics)
    }

    /// One configuration per host, in the URL's order; the first is used until the probe says otherwise.
    /// `replicas` take the reads of `readingFromReplicas()` while fresh; `run()` runs their pools too.
    public init(
        configurations: [PostgresClient.Configuration], logger: Logger,
        leaseLimit: Duration = .seconds(30),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance,
        replicas: ReadReplicas? = nil
    ) {
        precondition(!configurations.isEmpty, "a database has at least one host")
        clients = configurations.map { PostgresClient(configuration: $0, backgroundLogger: logger) }
        primary = PrimaryHost()
        self.leaseLimit = leaseLimit
        waiters = LeaseWaiters()
        inUse = Meter(label: "souk_database_pool_in_use", factory: metrics)
        waiting = Meter(label: "souk_database_pool_waiting", factory: metrics)
        Meter(label: "souk_database_pool_max", factory: metrics).set(configurations[0].options.maximumConnections)
        self.replicas = replicas
        readsFromReplicas = false
    }

    /// The same database, whose connections come from a fresh read replica when there is one: for reads where
    /// a few seconds of staleness is harmless (the catalog, admin listings), never for what a customer has
    /// just changed. Without replicas, or with none fresh, it is the primary. Run the original, not this.
    public func readingFromReplicas() -> Database {
        Database(sharing: self)
    }

    private init(sharing database: Database) {
        clients = database.clients
        primary = database.primary
        leaseLimit = database.leaseLimit
        waiters = database.waiters
        inUse = database.inUse
        waiting = database.waiting
        replicas = database.replicas
        readsFromReplicas = true
    }

    /// The host new leases come from (an index into the URL's hosts).
    public var primaryHost: Int { primary.index.load(ordering: .relaxed) }

    /// Sends new leases to another host: the probe found it to be the primary. Leases already out finish
    /// where they are (on a lost host, with a connection error the request answers 503 for); waits still in
    /// the old host's queue end at once, as that host may never connect (else they'd last the lease limit).
    public func use(host index: Int) {
        precondition(clients.indices.contains(index), "no host \(index)")
        guard primary.index.exchange(index, ordering: .relaxed) != index else { return }
        waiters.endAll()
    }

    public func run() async {
        await withDiscardingTaskGroup { group in
            for client in clients {
                group.addTask { await client.run() }
            }
            if let replicas {
                group.addTask { await replicas.run(leaseLimit: self.leaseLimit) }
            }
            group.addTask {
                // Ends overdue waits; the pool ends with cancellation or a graceful shutdown, and so does this.
                try? await cancelWhenGracefulShutdown {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(250))
                        self.waiters.expire(olderThan: self.leaseLimit)
                    }
                }
            }
        }
    }

    /// Whether the database answers, as a probe found it. While it doesn't, waits for a connection end at
    /// once with `DatabaseUnavailableError.unreachable`, instead of lasting up to the lease limit.
    public func record(reachable: Bool) {
        waiters.record(reachable: reachable)
    }

    /// Runs one statement on a pooled connection and reads its rows in full.
    @discardableResult
    public func query(
        _ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> DatabaseRows {
        try await withConnection { connection in
            try await connection.query(query, logger: logger, file: file, line: line)
        }
    }

    /// Runs one prepared statement (`DatabaseConnection.execute`) on a pooled connection.
    public func execute<Statement: PostgresPreparedStatement>(
        _ statement: Statement, logger: Logger, file: String = #fileID, line: Int = #line
    ) async throws -> [Statement.Row] {
        try await withConnection { connection in
            try await connection.execute(statement, logger: logger, file: file, line: line)
        }
    }

    /// `body` with a pooled connection, run on the connection's event loop (`EventLoopTaskExecutor`). Inside
    /// `holding`, the held connection when it is free.
    public func withConnection<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> sending Result
    ) async throws -> sending Result {
        if let held = heldHere, let connection = held.borrow() {
            defer { held.giveBack() }
            return try await Self.run(body, on: connection, isolation: isolation)
        }
        let lease = try await lease()
        defer {
            inUse.decrement()
            lease.release()
        }
        return try await Self.run(body, on: lease.connection, isolation: isolation)
    }

    /// Runs `body` holding one pooled connection, which every `withConnection` and `transaction` inside it on
    /// this database (or its replicas' view) borrows while it is free: a request's reads and its transaction take
    /// one lease and stay on one event loop, where each would lease a connection of its own and hop threads to
    /// it. Hold it only for statements run one after another, never across a call to anything outside.
    public func holding<Result>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        if heldHere != nil { return try await body() }
        let lease = try await lease()
        let held = HeldConnection(lease: lease, pool: ObjectIdentifier(waiters)) { [inUse] in inUse.decrement() }
        defer { held.end() }
        let result = try await withTaskExecutorPreference(
            EventLoopTaskExecutor.of(lease.connection.eventLoop), isolation: isolation
        ) {
            try await HeldConnection.$current.withValue(held) { Disconnected(value: try await body()) }
        }
        return result.value
    }

    /// The connection the current task's `holding` scope holds from this database's pool, if any.
    private var heldHere: HeldConnection? {
        HeldConnection.current.flatMap { $0.pool == ObjectIdentifier(waiters) ? $0 : nil }
    }

    /// A lease from the pool, counted in `souk_database_pool_in_use` until its holder decrements it.
    private func lease() async throws -> BoundedLease {
        waiting.increment()
        defer { waiting.decrement() }
        let lease = try await takeLease()
        inUse.increment()
        return lease
    }

    private static func run<Result>(
        _ body: (DatabaseConnection) async throws -> sending Result, on connection: PostgresConnection,
        isolation: isolated (any Actor)?
    ) async throws -> sending Result {
        // `body` gives its result up (`sending`); the preference's closure can't say so, hence the box.
        let result = try await withTaskExecutorPreference(
            EventLoopTaskExecutor.of(connection.eventLoop), isolation: isolation
        ) {
            Disconnected(value: try await body(DatabaseConnection(base: connection)))
        }
        return result.value
    }

    /// A connection from a fresh replica if this is the replicas' view and one is; else from the primary,
    /// which is also where a read goes whose replica was found stale while it waited.
    private func takeLease() async throws -> BoundedLease {
        if readsFromReplicas, let replica = replicas?.next() {
            do {
                return try await BoundedLease.take(from: replica.client, waiters: replica.waiters)
            } catch DatabaseUnavailableError.unreachable {}
        }
        return try await BoundedLease.take(from: clients[primaryHost], waiters: waiters)
    }

    /// `body` in a transaction on a pooled connection; what `body` throws comes out as thrown.
    public func transaction<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> sending Result
    ) async throws -> sending Result {
        try await withConnection(isolation: isolation) { connection in
            try await connection.transaction(logger: logger, isolation: isolation, body)
        }
    }
}
