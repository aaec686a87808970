/// The outcome of one call together with its record, which the caller stores whatever the outcome.
public struct ProviderExchange<Value: Sendable>: Sendable {
    public var result: Result<Value, ProviderError>
    public var call: ProviderCall
    /// Calls made before `call` for the same operation (a broker's instance before its binding), oldest first.
    public var preceding: [ProviderCall]

    public init(result: Result<Value, ProviderError>, call: ProviderCall, preceding: [ProviderCall] = []) {
        self.result = result
        self.call = call
        self.preceding = preceding
    }
}
