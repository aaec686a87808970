/// The URLs Souk builds from a provider's `base_url`, and the form in which they may be recorded.
enum ResourceURL {
    /// `{base_url}/{id}` with exactly one slash between them and the id as one percent-encoded path segment.
    static func joining(_ baseURL: String, id: String) -> String {
        let suffixStart = baseURL.firstIndex { $0 == "?" || $0 == "#" } ?? baseURL.endIndex
        var path = baseURL[..<suffixStart]
        while path.hasSuffix("/") { path.removeLast() }
        return path + "/" + encodedSegment(id) + baseURL[suffixStart...]
    }

    /// RFC 3986: everything but the unreserved characters is percent-encoded, byte by byte of its UTF-8.
    static func encodedSegment(_ text: String) -> String {
        // `.` and `..` alone would be read as dot-segments and move up the path
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded.unicodeScalars.append("%")
                encoded.unicodeScalars.append(hex[Int(byte >> 4)])
                encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return encoded
    }

    private static let hex = Array("0123456789ABCDEF".unicodeScalars)

    /// The URL without user info, query or fragment: what logs and call records may hold.
    static func redacted(_ url: String) -> String {
        var text = url[..<(url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex)]
        if let schemeEnd = text.firstRange(of: "://") {
            let authorityEnd = text[schemeEnd.upperBound...].firstIndex(of: "/") ?? text.endIndex
            if let at = text[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") {
                text.removeSubrange(schemeEnd.upperBound...at)
            }
        }
        return String(text)
    }
}
