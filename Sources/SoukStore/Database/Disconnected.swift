/// A value its producer gave up (`sending`), carried through a closure that can't declare so: nothing else
/// holds it, so handing it to another isolation domain is safe.
struct Disconnected<Value>: @unchecked Sendable {
    var value: Value
}
