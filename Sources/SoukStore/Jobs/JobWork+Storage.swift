import Foundation

/// How a `JobWork` lives in a `jobs` row: its kind in `kind`, its parameters as a JSON object in `payload`.
extension JobWork {
    private struct Deprovision: Codable {
        var mitigate: Bool

        /// Rows written before the work was typed hold `"mitigate": "true"`.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let flag = try? container.decodeIfPresent(Bool.self, forKey: .mitigate) {
                mitigate = flag
            } else {
                mitigate = try container.decodeIfPresent(String.self, forKey: .mitigate) == "true"
            }
        }

        init(mitigate: Bool) {
            self.mitigate = mitigate
        }
    }

    private struct Empty: Codable {}

    private struct Unbind: Codable {
        var bindingID: UUID

        enum CodingKeys: String, CodingKey {
            case bindingID = "binding_id"
        }
    }

    /// The `payload` column's JSON.
    var payload: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data: Data
        switch self {
        case .provision, .expireProvisioning: data = try! encoder.encode(Empty())
        case .changePlan(let change): data = try! encoder.encode(change)
        case .deprovision(let mitigate): data = try! encoder.encode(Deprovision(mitigate: mitigate))
        case .pollBroker(let poll): data = try! encoder.encode(poll)
        case .bind(let binding): data = try! encoder.encode(binding)
        case .unbind(let id): data = try! encoder.encode(Unbind(bindingID: id))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The work a row holds, or nil when its kind or parameters can't be read (a row from a newer Souk).
    init?(kind: String, payload: String) {
        guard let kind = Job.Kind(rawValue: kind) else { return nil }
        let decoder = JSONDecoder()
        let data = Data(payload.utf8)
        switch kind {
        case .provision: self = .provision
        case .expireProvisioning: self = .expireProvisioning
        case .changePlan:
            guard let change = try? decoder.decode(PlanChange.self, from: data) else { return nil }
            self = .changePlan(change)
        case .deprovision:
            self = .deprovision(mitigate: (try? decoder.decode(Deprovision.self, from: data))?.mitigate ?? false)
        case .pollBroker:
            guard let poll = try? decoder.decode(BrokerPoll.self, from: data) else { return nil }
            self = .pollBroker(poll)
        case .bind:
            guard let binding = try? decoder.decode(BrokerBinding.self, from: data) else { return nil }
            self = .bind(binding)
        case .unbind:
            guard let unbind = try? decoder.decode(Unbind.self, from: data) else { return nil }
            self = .unbind(bindingID: unbind.bindingID)
        }
    }
}
