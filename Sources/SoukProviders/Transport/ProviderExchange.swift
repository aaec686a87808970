/// The outcome of one call together with its record, which the caller stores whatever the outcome.
public struct ProviderExchange<Value: Sendable>: Sendable {
    public var result: Result<Value, ProviderError>
    public var call: ProviderCall

    public init(result: Result<Value, ProviderError>, call: ProviderCall) {
        self.result = result
        self.call = call
    }
}
