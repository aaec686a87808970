import PostgresNIO

extension PSQLError {
    /// True when this is a unique violation (SQLSTATE 23505), optionally of one named constraint or index.
    public func isUniqueViolation(of constraint: String? = nil) -> Bool {
        guard serverInfo?[.sqlState] == "23505" else { return false }
        guard let constraint else { return true }
        return serverInfo?[.constraintName] == constraint
    }
}
