import PostgresNIO
import SoukStore
import _ConnectionPoolModule

/// Whether an error says the database can't be used right now (down, unreachable, shutting down or starting,
/// a host just turned standby in a failover) rather than that a statement was wrong. A request that meets one
/// changed nothing and gets 503; a job recording what a provider did tries again once the database answers.
enum DatabaseOutage {
    static func contains(_ error: any Error) -> Bool {
        switch error {
        case let error as PSQLError:
            if lostConnection.contains(error.code) { return true }
            return error.serverInfo?[.sqlState].map(outageStates.contains) ?? false
        case is DatabaseUnavailableError:
            return true
        case let error as ConnectionPoolError:
            // The pool gave up connecting: the database is gone, not the request wrong.
            return error == .connectionCreationCircuitBreakerTripped || error == .poolShutdown
        default:
            return false
        }
    }

    private static let lostConnection: [PSQLError.Code] = [
        .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed,
    ]

    /// `read_only_sql_transaction` (the host leased from is a standby now: a failover under way, and the probe
    /// moves the pool to the new primary), `admin_shutdown`, `crash_shutdown`, `cannot_connect_now`.
    private static let outageStates: Set<String> = ["25006", "57P01", "57P02", "57P03"]
}
