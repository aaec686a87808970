import Foundation
import Testing

@testable import SoukCore

/// Responses are written by `StreamingJSONEncoder`; what they say must be what Foundation's encoder in
/// `SoukJSON.makeEncoder()` says, member for member.
@Suite("The streaming JSON encoder")
struct StreamingJSONEncoderTests {
    static let awkward = "quote \" backslash \\ slash / tab \t newline \n nul \u{0} bell \u{7} \u{1F} é 漢字 🙂"

    static func addon(providerID: String?, webURL: String?, created: Date) -> Addon {
        Addon(
            id: UUID(), name: "postgresql-\(awkward)", addonService: .init(id: UUID(), name: "postgresql"),
            plan: .init(id: UUID(), name: "postgresql:basic"), app: AppReference(id: UUID(), name: "my-app"),
            configVars: ["DATABASE_URL", "DATABASE_\(awkward)"], providerID: providerID,
            provisionMessage: nil, state: .provisioned, webURL: webURL, createdAt: created,
            updatedAt: created.addingTimeInterval(0.999)
        )
    }

    /// Both texts parsed and written again with sorted keys, so that only key order may differ.
    static func normalized(_ bytes: [UInt8]) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    static func expectSameAsFoundation<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let streamed = try #require(
            try StreamingJSONEncoder.encode(value), "fell back to Foundation", sourceLocation: sourceLocation)
        let foundation = Array(try SoukJSON.makeEncoder().encode(value))
        #expect(try normalized(streamed) == normalized(foundation), sourceLocation: sourceLocation)
        #expect(try SoukJSON.encode(value) == streamed, sourceLocation: sourceLocation)
    }

    @Test("Add-ons, with and without optional members, a page of them, and nested JSON documents")
    func sameMembers() throws {
        let now = Date(timeIntervalSince1970: 1_796_000_000.75)
        try Self.expectSameAsFoundation(Self.addon(providerID: nil, webURL: nil, created: now))
        try Self.expectSameAsFoundation(Self.addon(providerID: "res-1", webURL: "https://x.test/a?b=c", created: now))
        try Self.expectSameAsFoundation(
            (0..<50).map { Self.addon(providerID: "\($0)", webURL: nil, created: now.addingTimeInterval(Double($0))) })
        var priced = Self.addon(providerID: "res-2", webURL: nil, created: now)
        priced.provisionMessage = Self.awkward
        priced.billedPrice = Plan.Price(cents: 2500, unit: "month")
        try Self.expectSameAsFoundation(priced)
        priced.billedPrice = Plan.Price(cents: 3, unit: "\(Self.awkward)", metered: true)
        priced.configVars = []
        try Self.expectSameAsFoundation(["addon": priced])
        // Attachments write themselves too (the admin listing's rows).
        let attachments = (0..<3).map { index in
            Attachment(
                id: UUID(), name: "DATABASE_\(Self.awkward)",
                addon: .init(id: UUID(), name: "pg-\(index)", app: AppReference(id: UUID(), name: "billing")),
                app: AppReference(id: UUID(), name: Self.awkward), webURL: index == 0 ? nil : "https://x.test/\(index)",
                createdAt: now, updatedAt: now.addingTimeInterval(Double(index)))
        }
        try Self.expectSameAsFoundation(attachments)
        try Self.expectSameAsFoundation(attachments[0])
        let document: JSONValue = .object([
            "numbers": .array([.number(1), .number(-0.25), .number(1.5e20), .number(123_456_789_012), .number(0)]),
            "nested": .object(["empty": .object([:]), "none": .array([]), "null": .null, "yes": .bool(true)]),
            Self.awkward: .string(Self.awkward),
        ])
        try Self.expectSameAsFoundation(document)
        try Self.expectSameAsFoundation([Optional<String>.none, "a"])
        try Self.expectSameAsFoundation(Data([0, 1, 2, 250]))
        try Self.expectSameAsFoundation(URL(string: "https://example.test/path?q=1")!)
    }

    @Test("Single sign-on hand-offs write themselves, params sorted, as Foundation writes them")
    func handOffs() throws {
        let params = ["token": Self.awkward, "id": "res-1", "nav-data": "eyJ9", "user_id": "u", "Z": "upper first"]
        for handOff in [
            SSOHandOff(method: .post, action: "https://x.test/sso?a=b&c=\(Self.awkward)", params: params),
            SSOHandOff(method: .get, action: "https://x.test/", params: [:]),
        ] {
            try Self.expectSameAsFoundation(handOff)
        }
    }

    @Test("A dictionary comes out byte for byte as Foundation writes it: keys sorted, strings escaped alike")
    func dictionaryBytes() throws {
        var values: [String: String] = [Self.awkward: Self.awkward, "": "", "Z": "/", "a": "\u{7F}"]
        for index in 0..<40 { values["VAR_\(index)"] = String(repeating: "x", count: index) }
        let streamed = try #require(try StreamingJSONEncoder.encode(values))
        #expect(streamed == Array(try SoukJSON.makeEncoder().encode(values)))
    }

    @Test(
        "Dates are whole UTC seconds, as Foundation writes them",
        arguments: [0, 0.999, -0.5, -1_000_000_000.25, 1_796_000_000.5, 4_102_444_799.999, 951_782_400]
    )
    func dates(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let streamed = try #require(try StreamingJSONEncoder.encode(["at": date]))
        #expect(streamed == Array(try SoukJSON.makeEncoder().encode(["at": date])))
    }

    /// Encodes with a container that outlives the member it was opened for: not something a stream can write.
    struct Interleaved: Encodable {
        enum Keys: String, CodingKey { case inner, after, late }

        func encode(to encoder: any Encoder) throws {
            var outer = encoder.container(keyedBy: Keys.self)
            var inner = outer.nestedContainer(keyedBy: Keys.self, forKey: .inner)
            try outer.encode(1, forKey: .after)
            try inner.encode(2, forKey: .late)
        }
    }

    struct WithSuper: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try "x".encode(to: container.superEncoder())
        }
    }

    @Test("What it can't stream goes to Foundation's encoder, and comes out as that one writes it")
    func fallsBack() throws {
        let cases: [any Encodable] = [
            Interleaved(), WithSuper(), ["price": Decimal(string: "12.50")!], [Float(1.5)], [Double.nan],
            ["far": Date(timeIntervalSince1970: 300_000_000_000)],
        ]
        for value in cases {
            #expect(try StreamingJSONEncoder.encode(value) == nil, "\(type(of: value)) streamed")
            let viaFoundation = Result { Array(try SoukJSON.makeEncoder().encode(value)) }
            let viaSouk = Result { try SoukJSON.encode(value) }
            switch (viaFoundation, viaSouk) {
            case (.success(let expected), .success(let actual)): #expect(actual == expected)
            case (.failure, .failure): break
            default: Issue.record("\(type(of: value)): Foundation gave \(viaFoundation), SoukJSON \(viaSouk)")
            }
        }
    }
}
