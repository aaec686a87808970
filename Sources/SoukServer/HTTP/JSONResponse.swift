import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore

/// A JSON response in the platform's dialect (`SoukJSON`), with a status and extra headers.
struct JSONResponse<Body: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status
    var body: Body
    var headers: HTTPFields

    init(_ body: Body, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// The JSON, with its `ETag` when it answers a read (`Response.json`).
    func response(from request: Request, context: some RequestContext) throws -> Response {
        let json = try SoukJSON.encode(body)
        return .json(ByteBuffer(bytes: json), status: status, headers: headers, to: request) { EntityTag(of: json) }
    }
}

extension JSONResponse {
    /// A list page: 206 with `Next-Range` while more remain, 200 for the last page.
    init<Element: Encodable & Sendable>(page: Page<Element>) where Body == [Element] {
        var headers: HTTPFields = [:]
        if let next = page.nextRange {
            headers[.nextRange] = next
        }
        self.init(page.items, status: page.nextRange == nil ? .ok : .partialContent, headers: headers)
    }
}

extension HTTPField.Name {
    static let nextRange = Self("Next-Range")!
    static let requestID = Self("Request-Id")!
    static let rateLimitRemaining = Self("RateLimit-Remaining")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}
