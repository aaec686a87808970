import Foundation
import SoukCore

/// The request bodies of the Open Service Broker API, as Souk fills them.
extension OpenServiceBrokerClient {
    /// Where the instance lives, in the `context` object every call carries (`platform: "souk"`).
    struct Context: Encodable {
        var platform = "souk"
        var appGUID: String
        var appName: String
        var ownerGUID: String

        init(_ broker: BrokerInstance) {
            appGUID = broker.appID.lowercasedString
            appName = broker.appName
            ownerGUID = broker.ownerID.lowercasedString
        }

        enum CodingKeys: String, CodingKey {
            case platform
            case appGUID = "app_guid"
            case appName = "app_name"
            case ownerGUID = "owner_guid"
        }
    }

    /// `PUT /v2/service_instances/:id`.
    struct ProvisionBody: Encodable {
        var serviceID: String
        var planID: String
        var context: Context
        var organizationGUID: String
        var spaceGUID: String
        /// The customer's options (`--` flags of `addons:create`).
        var parameters: [String: String]

        init(request: ProvisionRequest, broker: BrokerInstance) {
            serviceID = broker.serviceID
            planID = broker.planID
            context = Context(broker)
            organizationGUID = broker.ownerID.lowercasedString
            spaceGUID = broker.appID.lowercasedString
            parameters = request.options
        }

        enum CodingKeys: String, CodingKey {
            case context, parameters
            case serviceID = "service_id"
            case planID = "plan_id"
            case organizationGUID = "organization_guid"
            case spaceGUID = "space_guid"
        }
    }

    /// `PUT …/service_bindings/:binding_id`, for the billing app.
    struct BindBody: Encodable {
        struct Resource: Encodable {
            var appGUID: String

            enum CodingKeys: String, CodingKey { case appGUID = "app_guid" }
        }

        var serviceID: String
        var planID: String
        var context: Context
        var bindResource: Resource
        var parameters: [String: String] = [:]

        init(broker: BrokerInstance) {
            serviceID = broker.serviceID
            planID = broker.planID
            context = Context(broker)
            bindResource = Resource(appGUID: broker.appID.lowercasedString)
        }

        enum CodingKeys: String, CodingKey {
            case context, parameters
            case serviceID = "service_id"
            case planID = "plan_id"
            case bindResource = "bind_resource"
        }
    }

    /// `PATCH /v2/service_instances/:id` to another plan.
    struct UpdateBody: Encodable {
        struct PreviousValues: Encodable {
            var serviceID: String
            var planID: String

            enum CodingKeys: String, CodingKey {
                case serviceID = "service_id"
                case planID = "plan_id"
            }
        }

        var serviceID: String
        var planID: String
        var context: Context
        var previousValues: PreviousValues

        init(broker: BrokerInstance, planID: String) {
            serviceID = broker.serviceID
            self.planID = planID
            context = Context(broker)
            previousValues = PreviousValues(serviceID: broker.serviceID, planID: broker.planID)
        }

        enum CodingKeys: String, CodingKey {
            case context
            case serviceID = "service_id"
            case planID = "plan_id"
            case previousValues = "previous_values"
        }
    }
}
