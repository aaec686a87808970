/// Why `Migrator.migrate()` refused to run or stopped. Nothing after the failing step was applied.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// The migrations directory can't be listed or a file in it can't be read.
    case unreadable(path: String, reason: String)
    /// A `.sql` file whose name isn't `NNNN_name.sql` (four or more digits).
    case badFileName(String)
    /// Two files carry the same version number.
    case duplicateVersion(Int64, files: [String])
    /// A migration the database records as applied has no file any more.
    case missingFile(version: Int64, name: String)
    /// An applied migration's file was edited afterwards.
    case checksumMismatch(file: String, recorded: String, current: String)
    /// A statement failed. Its transaction was rolled back, unless the file is `-- souk:no-transaction`,
    /// in which case the statements before it stay applied.
    case statementFailed(file: String, statement: Int, sqlState: String?, message: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "Cannot read migrations at \(path): \(reason)"
        case .badFileName(let name):
            "Migration file \(name) is not named NNNN_name.sql"
        case .duplicateVersion(let version, let files):
            "Migration version \(version) is used by more than one file: \(files.joined(separator: ", "))"
        case .missingFile(let version, let name):
            "Migration \(version) (\(name)) was applied but its file is missing"
        case .checksumMismatch(let file, let recorded, let current):
            "Migration \(file) changed after it was applied (checksum \(recorded), now \(current)); "
                + "add a new migration instead of editing an applied one"
        case .statementFailed(let file, let statement, let sqlState, let message):
            "Migration \(file) failed at statement \(statement) (SQLSTATE \(sqlState ?? "unknown")): \(message)"
        }
    }
}
