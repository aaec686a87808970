import Foundation

/// One usage of a batch as a provider reported it: `quantity` of `unit` by an add-on in the batch's hour.
public struct UsageReport: Sendable, Equatable {
    public var addonID: UUID
    public var unit: String
    public var quantity: Int64

    public init(addonID: UUID, unit: String, quantity: Int64) {
        self.addonID = addonID
        self.unit = unit
        self.quantity = quantity
    }
}
