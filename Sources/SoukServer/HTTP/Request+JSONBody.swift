import Foundation
import Hummingbird
import NIOCore
import SoukCore

extension Request {
    /// Decodes a JSON body of at most 1 MiB. Malformed JSON or invalid UTF-8 is a 400; well-formed JSON
    /// of the wrong shape is a 422 that names the offending field. An empty body decodes as `{}`.
    func decodeJSON<T: Decodable>(as type: T.Type, context: SoukRequestContext) async throws -> T {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        var data = Data(buffer.readableBytesView)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            data = Data("{}".utf8)
        }
        guard !Self.containsEscapedNUL(data) else {
            // PostgreSQL text can't hold NUL, and neither can an environment variable.
            throw SoukError.invalidParams("Strings may not contain the NUL character (\\u0000).")
        }
        do {
            return try SoukJSON.makeDecoder().decode(T.self, from: data)
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // The decoder reports unparseable input (bad syntax, invalid UTF-8) at the root.
            throw SoukError.badRequest("The request body is not valid JSON.")
        } catch let error as DecodingError {
            throw SoukError.invalidParams(Self.describe(error))
        }
    }

    /// `\u0000` in a JSON text, unless its backslash is itself escaped.
    static func containsEscapedNUL(_ data: Data) -> Bool {
        let bytes = Array(data)
        let pattern: [UInt8] = Array("u0000".utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x5C {  // a backslash escapes the next character, whatever it is
                if index + 5 < bytes.count, Array(bytes[(index + 1)...(index + 5)]) == pattern { return true }
                index += 2
            } else {
                index += 1
            }
        }
        return false
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the body" : path
        }
        switch error {
        case .typeMismatch(let type, let context):
            let expected = type == String.self || type == String?.self ? "a string" : "\(type)".lowercased()
            return "\(path(context)) must be \(expected)."
        case .valueNotFound(_, let context):
            return "\(path(context)) must not be null."
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return parent == "the body"
                ? "\(key.stringValue) is required." : "\(parent).\(key.stringValue) is required."
        case .dataCorrupted(let context):
            return "\(path(context)) is invalid."
        @unknown default:
            return "The request body has the wrong shape."
        }
    }
}
