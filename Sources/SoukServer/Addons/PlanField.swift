/// A `plan` as Heroku clients send it: `"service:plan"` (or a plan id, or a service), or `{"name": …}`.
struct PlanField: Decodable, Sendable {
    var name: String

    private struct Object: Decodable { var name: String }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let object = try? container.decode(Object.self) {
            name = object.name
        } else {
            name = try container.decode(String.self)
        }
    }
}
