import SoukCore

/// What each flavour's protocol promises, as the conformance run checks it (PROTOCOLS §2–§4).
extension ManifestFlavour {
    var displayName: String {
        switch self {
        case .heroku: "Heroku"
        case .scalingo: "Scalingo"
        case .osb: "Open Service Broker"
        }
    }

    /// kensa demanded 200 and Heroku's own templates answer 201; Scalingo's boilerplate answers 202.
    var provisionStatuses: [Int] {
        switch self {
        case .heroku: [200, 201]
        case .scalingo, .osb: [200, 201, 202]
        }
    }

    var planChangeStatuses: [Int] { [200] }

    /// kensa expected 200, sudo-sandwich answers 204; Scalingo's tester demands 204.
    var deprovisionStatuses: [Int] {
        switch self {
        case .heroku: [200, 204]
        case .scalingo: [204]
        case .osb: [200]
        }
    }
}

/// `200`, `200 or 201`, `200, 201 or 202`.
func statusList(_ codes: [Int]) -> String {
    let texts = codes.map(String.init)
    guard texts.count > 1 else { return texts.first ?? "" }
    return texts.dropLast().joined(separator: ", ") + " or " + texts[texts.count - 1]
}
