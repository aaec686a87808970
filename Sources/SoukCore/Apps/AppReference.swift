/// How the wire format points at an app.
public typealias AppReference = NamedReference
