import SoukCore

/// A manifest's field errors as the form shows them, each next to the field it names.
struct ErrorList: Sendable {
    struct Item: Sendable {
        var field: String
        var message: String
    }

    var items: [Item]
    /// Stored: templates see only stored properties.
    let isEmpty: Bool

    init(_ errors: [FieldError]) {
        items = errors.map { Item(field: $0.field, message: $0.message) }
        isEmpty = items.isEmpty
    }
}
