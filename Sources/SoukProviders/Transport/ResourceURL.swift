import SoukCore

/// The URLs Souk builds from a provider's `base_url`, and the form in which they may be recorded.
enum ResourceURL {
    /// `{base_url}/{id}` with exactly one slash between them and the id as one percent-encoded path segment.
    static func joining(_ baseURL: String, id: String) -> String {
        let suffixStart = baseURL.firstIndex { $0 == "?" || $0 == "#" } ?? baseURL.endIndex
        var path = baseURL[..<suffixStart]
        while path.hasSuffix("/") { path.removeLast() }
        return path + "/" + encodedSegment(id) + baseURL[suffixStart...]
    }

    /// One path segment: percent-encoded, and `.` or `..` alone encoded too, or they would be read as
    /// dot-segments and move up the path.
    static func encodedSegment(_ text: String) -> String {
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        return PercentEncoding.encode(text)
    }

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
