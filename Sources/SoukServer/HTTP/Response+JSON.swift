import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore

extension Response {
    /// A JSON answer to `request`, with its `ETag` when it answers a read, or `304 Not Modified` (the same fields
    /// but the type, no body) when the request's `If-None-Match` names that tag. `tag` is asked for only when the answer gets one.
    static func json(
        _ body: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], to request: Request,
        tag: () -> EntityTag
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        if Self.isTagged(method: request.method, status: status, headers: headers) {
            let tag = tag()
            headers[.eTag] = tag.value
            if let condition = request.headers[.ifNoneMatch], tag.isNamed(byIfNoneMatch: condition) {
                // A 304 describes no body of its own (RFC 9110 §15.4.5).
                headers[.contentType] = nil
                return Response(status: .notModified, headers: headers)
            }
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// Reads that succeeded get a tag, unless their answer may not be stored at all (a single sign-on hand-off,
    /// `no-store`): no cache could revalidate it.
    private static func isTagged(method: HTTPRequest.Method, status: HTTPResponse.Status, headers: HTTPFields) -> Bool {
        (method == .get || method == .head) && (status == .ok || status == .partialContent)
            && !(headers[.cacheControl].map(forbidsStoring) ?? false)
    }

    /// Whether a `Cache-Control` value has the `no-store` directive: its directives, between commas and blanks,
    /// compared case-insensitively (RFC 9111 §5.2). On bytes: `String.contains` searched the value as Unicode
    /// text, about 2 % of a hand-off's CPU.
    static func forbidsStoring(_ cacheControl: String) -> Bool {
        let blank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        return cacheControl.utf8.split(separator: UInt8(ascii: ",")).contains { directive in
            var trimmed = directive.drop(while: blank)
            while let last = trimmed.last, blank(last) { trimmed = trimmed.dropLast() }
            return trimmed.elementsEqual("no-store".utf8) {
                (UInt8(ascii: "A")...UInt8(ascii: "Z") ~= $0 ? $0 | 0x20 : $0) == $1
            }
        }
    }
}
