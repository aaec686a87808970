/// What each operation makes of an answer; the same for every flavour.
extension ProviderReply {
    func provisionResult() -> Result<ProvisionResult, ProviderError> {
        guard isSuccess else { return .failure(failure()) }
        do throws(ProviderError) {
            let object = try decodedObject()
            let providerID: String
            switch object.id {
            case .valid(let id): providerID = id
            case .invalid(let reason): throw .invalidResponse(reason)
            case .missing: throw .invalidResponse("the answer has no id")
            }
            return .success(
                ProvisionResult(
                    outcome: status == 202 ? .provisioning : .provisioned,
                    providerID: providerID,
                    config: try object.configObject(),
                    message: object.message,
                    logDrainURL: object.logDrainURL
                )
            )
        } catch {
            return .failure(error)
        }
    }

    /// Any 2xx is success; bodies such as `""`, `ok` or `Ok` carry nothing and are ignored.
    func planChangeResult() -> Result<PlanChangeResult, ProviderError> {
        guard isSuccess else { return .failure(failure()) }
        guard body != nil else { return .failure(.invalidResponse("the body is larger than the size cap")) }
        guard let object = try? decodedObject() else { return .success(PlanChangeResult()) }
        do throws(ProviderError) {
            return .success(PlanChangeResult(config: try object.configObject(), message: object.message))
        } catch {
            return .failure(error)
        }
    }

    func deprovisionResult() -> Result<DeprovisionResult, ProviderError> {
        switch status {
        case _ where body == nil && isSuccess: .failure(.invalidResponse("the body is larger than the size cap"))
        case 202: .success(.accepted)
        case 200..<300: .success(.removed)
        case 404, 410: .success(.alreadyGone)
        default: .failure(failure())
        }
    }
}
