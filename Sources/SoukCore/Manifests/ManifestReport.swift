/// Every problem found in a manifest so far, each against its field, and the typed reads that find them: a
/// wrong type is one error at its path and a `nil`, never a crash or a stop.
struct ManifestReport {
    /// One element of an array field with its own path (`api.config_vars[2]`).
    struct Element<Value> {
        let field: String
        let value: Value
    }

    var errors: [FieldError] = []
    var warnings: [String] = []

    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    mutating func warn(_ warning: String) {
        warnings.append(warning)
    }

    /// A string field. Where it is required, absent and blank are both "can't be blank".
    mutating func string(
        _ key: String, in object: ManifestObject, required: Bool = true,
        maximumLength: Int = ManifestChecks.maximumStringLength
    ) -> String? {
        guard let value = object[key] else {
            if required { fail(object.path(key), "can't be blank") }
            return nil
        }
        return string(value, at: object.path(key), required: required, maximumLength: maximumLength)
    }

    mutating func string(
        _ value: JSONValue, at field: String, required: Bool = true,
        maximumLength: Int = ManifestChecks.maximumStringLength
    ) -> String? {
        guard let string = value.stringValue else {
            fail(field, "must be a string")
            return nil
        }
        if required, string.allSatisfy(\.isWhitespace) {
            fail(field, "can't be blank")
            return nil
        }
        guard string.count <= maximumLength else {
            fail(field, "is too long (maximum is \(maximumLength) characters)")
            return nil
        }
        return string
    }

    mutating func object(_ key: String, in object: ManifestObject, required: Bool = true) -> ManifestObject? {
        guard let value = object[key] else {
            if required { fail(object.path(key), "can't be blank") }
            return nil
        }
        guard let fields = value.objectValue else {
            fail(object.path(key), "must be an object")
            return nil
        }
        return ManifestObject(fields, path: object.path(key))
    }

    mutating func bool(_ key: String, in object: ManifestObject) -> Bool? {
        guard let value = object[key] else { return nil }
        guard let bool = value.boolValue else {
            fail(object.path(key), "must be a boolean")
            return nil
        }
        return bool
    }

    mutating func number(_ key: String, in object: ManifestObject, required: Bool = true) -> Double? {
        guard let value = object[key] else {
            if required { fail(object.path(key), "can't be blank") }
            return nil
        }
        guard let number = value.numberValue else {
            fail(object.path(key), "must be a number")
            return nil
        }
        return number
    }

    /// An array field, each element with its path. Past `maximumCount` the elements go unread, so that a huge
    /// array gives one error rather than thousands.
    mutating func array(
        _ key: String, in object: ManifestObject, of kind: String, required: Bool, nonEmpty: Bool = false,
        maximumCount: Int
    ) -> [Element<JSONValue>]? {
        let field = object.path(key)
        guard let value = object[key] else {
            if required { fail(field, nonEmpty ? "should have at least one element" : "can't be blank") }
            return nil
        }
        guard let array = value.arrayValue else {
            fail(field, "must be an array of \(kind)")
            return nil
        }
        if nonEmpty, array.isEmpty {
            fail(field, "should have at least one element")
            return nil
        }
        guard array.count <= maximumCount else {
            fail(field, "has too many elements (maximum is \(maximumCount))")
            return nil
        }
        return array.enumerated().map { Element(field: "\(field)[\($0.offset)]", value: $0.element) }
    }

    /// An array of strings; elements of another type are reported and left out.
    mutating func strings(
        _ key: String, in object: ManifestObject, required: Bool, nonEmpty: Bool = false, maximumCount: Int
    ) -> [Element<String>]? {
        guard
            let elements = array(
                key, in: object, of: "strings", required: required, nonEmpty: nonEmpty, maximumCount: maximumCount)
        else { return nil }
        return elements.compactMap { element in
            string(element.value, at: element.field).map { Element(field: element.field, value: $0) }
        }
    }

    /// An array of objects; elements of another type are reported and left out.
    mutating func objects(
        _ key: String, in object: ManifestObject, required: Bool, nonEmpty: Bool = false, maximumCount: Int
    ) -> [ManifestObject]? {
        guard
            let elements = array(
                key, in: object, of: "objects", required: required, nonEmpty: nonEmpty, maximumCount: maximumCount)
        else { return nil }
        return elements.compactMap { element in
            guard let fields = element.value.objectValue else {
                fail(element.field, "must be an object")
                return nil
            }
            return ManifestObject(fields, path: element.field)
        }
    }
}
