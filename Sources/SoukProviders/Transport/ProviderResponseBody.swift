import SoukCore

/// The fields Souk reads from a provider's JSON object, each decoded on its own: a field of an unexpected
/// type is kept as missing (or, for `id` and `config`, reported) instead of failing the whole body.
struct ProviderResponseBody: Decodable {
    enum Identifier: Equatable {
        case missing
        case valid(String)
        case invalid(String)
    }

    static let maximumIdentifierLength = 255

    var id: Identifier
    /// As sent; `null` and absence both come out as `nil`.
    var config: JSONValue?
    var message: String?
    var error: String?
    var descriptionText: String?
    var logDrainURL: String?

    private enum CodingKeys: String, CodingKey {
        case id, config, message, error
        case descriptionText = "description"
        case logDrainURL = "log_drain_url"
    }

    /// Throws unless the body is a JSON object.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = Self.identifier(in: container)
        config = try? container.decodeIfPresent(JSONValue.self, forKey: .config)
        if config == .null { config = nil }
        message = try? container.decodeIfPresent(String.self, forKey: .message)
        error = try? container.decodeIfPresent(String.self, forKey: .error)
        descriptionText = try? container.decodeIfPresent(String.self, forKey: .descriptionText)
        logDrainURL = try? container.decodeIfPresent(String.self, forKey: .logDrainURL)
    }

    // providers send ids as numbers or strings; integers keep every digit ("123", never "123.0")
    private static func identifier(in container: KeyedDecodingContainer<CodingKeys>) -> Identifier {
        guard container.contains(.id), (try? container.decodeNil(forKey: .id)) == false else { return .missing }
        let text: String
        if let string = try? container.decode(String.self, forKey: .id) {
            text = string
        } else if let integer = try? container.decode(Int64.self, forKey: .id) {
            text = String(integer)
        } else if let integer = try? container.decode(UInt64.self, forKey: .id) {
            text = String(integer)
        } else if let number = try? container.decode(Double.self, forKey: .id), number.rounded() == number,
            abs(number) < 9.2e18
        {
            text = String(Int64(number))
        } else {
            return .invalid("the id is neither a string nor an integer")
        }
        if text.isEmpty { return .invalid("the id is empty") }
        if text.count > maximumIdentifierLength {
            return .invalid("the id is longer than \(maximumIdentifierLength) characters")
        }
        return .valid(text)
    }

    /// The config object; anything but an object or nothing is an answer Souk cannot use.
    func configObject() throws(ProviderError) -> [String: JSONValue]? {
        switch config {
        case nil: return nil
        case .object(let object): return object
        case .some: throw .invalidResponse("config is not a JSON object")
        }
    }
}
