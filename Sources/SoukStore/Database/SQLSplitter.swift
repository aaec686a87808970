/// Splits a migration file into single statements.
///
/// PostgresNIO sends every query over the extended protocol, which accepts one statement per query, so a
/// file has to be cut at the semicolons that end statements, and only those: not the ones inside quotes,
/// quoted identifiers, `E''` strings, `$tag$` bodies or comments. Comments and whitespace around a
/// statement are trimmed; statements with nothing but comments are dropped.
public enum SQLSplitter {
    public static func split(_ sql: String) -> [String] {
        var scanner = StatementScanner(Array(sql.utf8))
        return scanner.statements()
    }
}

/// Walks the UTF-8 bytes: every delimiter is ASCII, and no byte of a multi-byte character is.
private struct StatementScanner {
    let bytes: [UInt8]
    var index = 0
    /// First and one-past-last byte of SQL (not whitespace, not comment) in the current statement.
    var start: Int?
    var end = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func statements() -> [String] {
        var result: [String] = []
        while index < bytes.count {
            let byte = bytes[index]
            let begin = index
            switch byte {
            case .semicolon:
                if let start { result.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
                start = nil
                index += 1
            case .dash where peek(1) == .dash:
                while index < bytes.count, bytes[index] != .newline { index += 1 }
            case .slash where peek(1) == .star:
                skipBlockComment()
            case .singleQuote:
                skipQuoted(by: .singleQuote, backslashEscapes: isEscapeStringPrefix(before: index))
                markSQL(from: begin)
            case .doubleQuote:
                skipQuoted(by: .doubleQuote, backslashEscapes: false)
                markSQL(from: begin)
            case .dollar where !isIdentifierByte(at: index - 1):
                if let tag = dollarTag(at: index) {
                    skipDollarBody(tag: tag)
                } else {
                    index += 1
                }
                markSQL(from: begin)
            case .space, .tab, .newline, .carriageReturn, .formFeed, .verticalTab:
                index += 1
            default:
                index += 1
                markSQL(from: begin)
            }
        }
        if let start { result.append(String(decoding: bytes[start..<end], as: UTF8.self)) }
        return result
    }

    private mutating func markSQL(from begin: Int) {
        if start == nil { start = begin }
        end = index
    }

    private func peek(_ offset: Int) -> UInt8? {
        let position = index + offset
        return position < bytes.count ? bytes[position] : nil
    }

    /// Block comments nest in PostgreSQL, unlike in C.
    private mutating func skipBlockComment() {
        var depth = 0
        repeat {
            if bytes[index] == .slash, peek(1) == .star {
                depth += 1
                index += 2
            } else if bytes[index] == .star, peek(1) == .slash {
                depth -= 1
                index += 2
            } else {
                index += 1
            }
        } while depth > 0 && index < bytes.count
    }

    /// Skips from an opening quote past its closing one; a doubled quote is an escaped quote.
    /// An unterminated quote runs to the end, and the server reports the error.
    private mutating func skipQuoted(by quote: UInt8, backslashEscapes: Bool) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if backslashEscapes, byte == .backslash {
                index += 2
            } else if byte == quote {
                index += 1
                guard index < bytes.count, bytes[index] == quote else { return }
                index += 1
            } else {
                index += 1
            }
        }
        index = min(index, bytes.count)
    }

    /// `E'…'` (or `e'…'`) where the `E` is a word of its own, not the end of an identifier like `name'`.
    private func isEscapeStringPrefix(before quote: Int) -> Bool {
        guard quote >= 1, bytes[quote - 1] == UInt8(ascii: "E") || bytes[quote - 1] == UInt8(ascii: "e") else {
            return false
        }
        return !isIdentifierByte(at: quote - 2)
    }

    /// The whole opening delimiter (`$$` or `$tag$`) at `position`, or nil for `$1` and lone dollars.
    private func dollarTag(at position: Int) -> ArraySlice<UInt8>? {
        var cursor = position + 1
        while cursor < bytes.count, bytes[cursor] != .dollar {
            let byte = bytes[cursor]
            let isDigit = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isIdentifierByte(at: cursor), !(isDigit && cursor == position + 1) else {
                return nil
            }
            cursor += 1
        }
        return cursor < bytes.count ? bytes[position...cursor] : nil
    }

    private mutating func skipDollarBody(tag: ArraySlice<UInt8>) {
        index += tag.count
        while index < bytes.count {
            if bytes[index] == .dollar, bytes[index...].starts(with: tag) {
                index += tag.count
                return
            }
            index += 1
        }
    }

    /// Letters, digits, `_`, `$` and any non-ASCII byte can continue an identifier.
    private func isIdentifierByte(at position: Int) -> Bool {
        guard position >= 0, position < bytes.count else { return false }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), .dollar, 0x80...:
            return true
        default:
            return false
        }
    }
}

extension UInt8 {
    fileprivate static let semicolon = UInt8(ascii: ";")
    fileprivate static let dash = UInt8(ascii: "-")
    fileprivate static let slash = UInt8(ascii: "/")
    fileprivate static let star = UInt8(ascii: "*")
    fileprivate static let singleQuote = UInt8(ascii: "'")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let dollar = UInt8(ascii: "$")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let formFeed: UInt8 = 0x0C
    fileprivate static let verticalTab: UInt8 = 0x0B
}
