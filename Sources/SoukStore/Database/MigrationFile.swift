import Crypto
import Foundation
import SoukCore

/// One `NNNN_name.sql` file of the migrations directory, read and split.
struct MigrationFile: Sendable {
    /// A first line that makes the file run statement by statement, for what PostgreSQL refuses inside a
    /// transaction block (`CREATE INDEX CONCURRENTLY`, `ALTER TYPE … ADD VALUE` before 12). The file is
    /// recorded after its last statement, so one that failed halfway runs again from the top: write its
    /// statements to be repeatable (`IF NOT EXISTS`).
    static let noTransactionMarker = "-- souk:no-transaction"

    let fileName: String
    let version: Int64
    let name: String
    /// SHA-256 of the file's bytes, lowercase hex.
    let checksum: String
    let statements: [String]
    let runsOutsideTransaction: Bool

    /// Every `.sql` file in `directory`, by version. Other files (a README) are ignored; a badly named
    /// `.sql` file or a reused version is an error rather than a migration silently skipped.
    static func load(from directory: String) throws -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw MigrationError.unreadable(path: directory, reason: "\(error)")
        }
        var files: [MigrationFile] = []
        for fileName in names where fileName.hasSuffix(".sql") {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(fileName).path
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw MigrationError.unreadable(path: path, reason: "the file can't be read")
            }
            files.append(try MigrationFile(fileName: fileName, contents: Array(contents)))
        }
        files.sort { ($0.version, $0.fileName) < ($1.version, $1.fileName) }
        for (previous, next) in zip(files, files.dropFirst()) where previous.version == next.version {
            let sameVersion = files.filter { $0.version == next.version }.map(\.fileName)
            throw MigrationError.duplicateVersion(next.version, files: sameVersion)
        }
        return files
    }

    init(fileName: String, contents: [UInt8]) throws {
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_") else { throw MigrationError.badFileName(fileName) }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.allSatisfy(\.isASCIIDigit), let version = Int64(digits),
            !name.isEmpty, name.allSatisfy({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "_" || $0 == "-" })
        else {
            throw MigrationError.badFileName(fileName)
        }
        guard let sql = String(validating: contents, as: UTF8.self) else {
            throw MigrationError.unreadable(path: fileName, reason: "not valid UTF-8")
        }
        let firstLine = sql.prefix { $0 != "\n" && $0 != "\r\n" }
        self.fileName = fileName
        self.version = version
        self.name = String(name)
        self.checksum = SHA256.hash(data: contents).withUnsafeBytes(\.lowercaseHex)
        self.statements = SQLSplitter.split(sql)
        self.runsOutsideTransaction = firstLine.trimmingCharacters(in: .whitespaces) == Self.noTransactionMarker
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isASCIILetter: Bool { isASCII && isLetter }
}
