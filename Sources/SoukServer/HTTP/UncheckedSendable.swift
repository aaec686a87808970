/// A value handed across tasks that the compiler cannot prove safe to share; each use says why it is.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
