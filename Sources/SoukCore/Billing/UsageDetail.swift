import Foundation

/// What a usage line charges for: `quantity` of `unit` in the hour starting at `hour`.
public struct UsageDetail: Sendable, Hashable, Codable {
    public var quantity: Int64
    public var unit: String
    public var unitPriceCents: Int64
    /// The usage's hour as reported, before any clamping to the month.
    public var hour: Date

    public init(quantity: Int64, unit: String, unitPriceCents: Int64, hour: Date) {
        self.quantity = quantity
        self.unit = unit
        self.unitPriceCents = unitPriceCents
        self.hour = hour
    }
}
