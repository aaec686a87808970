import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SoukCore

extension FakeProvider {
    /// A response in the making, which behaviours alter before it is sent.
    struct Answer {
        var status: Int
        var object: [String: JSONValue]?
        /// Sent instead of `object` when set.
        var text: String?
        var contentType: String? = "application/json"
        var headers: HTTPFields = [:]
        /// Set for an oversized body: whether it declares its length.
        var oversizedDeclaringLength: Bool?
        var bodyStall: Duration?

        static let oversizedBytes = (1 << 20) + 64 * 1024

        static func message(_ status: Int, _ text: String) -> Answer {
            Answer(status: status, object: ["message": .string(text)])
        }

        mutating func apply(_ behaviour: Behaviour) {
            switch behaviour {
            case .status(let status): self.status = status
            case .id(let id):
                object = object ?? [:]
                object?["id"] = id
            case .config(let config):
                object = object ?? [:]
                object?["config"] = config
            case .contentType(let contentType): self.contentType = contentType
            case .accepted:
                status = 202
                object?["config"] = nil
            case .garbage: text = "#!garbage, {not: json"
            case .oversized(let declaringLength): oversizedDeclaringLength = declaringLength
            case .stallBody(let duration): bodyStall = duration
            case .redirect(let status, let location):
                self.status = status
                headers[.location] = location
                text = ""
            case .reply, .hang, .closeConnection: break
            }
        }

        func response() -> Response {
            var headers = headers
            if let contentType { headers[.contentType] = contentType }
            let status = HTTPResponse.Status(code: status)
            if let declaringLength = oversizedDeclaringLength {
                let chunk = ByteBuffer(repeating: UInt8(ascii: "a"), count: 64 * 1024)
                let chunks = Array(repeating: chunk, count: Self.oversizedBytes / chunk.readableBytes)
                let body =
                    declaringLength
                    ? ResponseBody(contentsOf: chunks)
                    : ResponseBody { writer in
                        for chunk in chunks { try await writer.write(chunk) }
                        try await writer.finish(nil)
                    }
                return Response(status: status, headers: headers, body: body)
            }
            let bytes: ByteBuffer? =
                if let text { ByteBuffer(string: text) } else if let object {
                    ByteBuffer(bytes: try! SoukJSON.makeEncoder().encode(object))
                } else { nil }
            guard var bytes, bytes.readableBytes > 0 else { return Response(status: status, headers: headers) }
            if let bodyStall {
                let first = bytes.readSlice(length: 1)!
                let rest = bytes
                let body = ResponseBody(contentLength: first.readableBytes + rest.readableBytes) { writer in
                    try await writer.write(first)
                    try await Task.sleep(for: bodyStall)
                    try await writer.write(rest)
                    try await writer.finish(nil)
                }
                return Response(status: status, headers: headers, body: body)
            }
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: bytes))
        }
    }
}
