import Foundation

/// Where an app runs, which add-on providers learn at provisioning (`amazon-web-services::us-east-1`).
public enum Region: String, Codable, Sendable, CaseIterable {
    case us
    case eu

    /// Stable ids, so that clients may cache them as they do Heroku's.
    public var id: UUID {
        switch self {
        case .us: UUID(uuidString: "59accabd-516d-4f0e-83e6-6e3757701145")!
        case .eu: UUID(uuidString: "ed30241c-ed8c-4bb6-9714-61953675d0b4")!
        }
    }

    public var providerRegion: String {
        switch self {
        case .us: "amazon-web-services::us-east-1"
        case .eu: "amazon-web-services::eu-west-1"
        }
    }

    public typealias Reference = NamedReference

    public var reference: Reference { Reference(id: id, name: rawValue) }
}
