import Foundation
import PostgresNIO
import SoukCore

/// Invoice lines as column arrays, for one `unnest` insert however many there are; and a stored line read
/// back into a `ChargeLine`.
struct InvoiceLineColumns {
    var invoices: [UUID] = []
    var positions: [Int32] = []
    var addons: [UUID] = []
    var addonNames: [String] = []
    var apps: [String] = []
    var services: [UUID] = []
    var slugs: [String] = []
    var plans: [String] = []
    var kinds: [String] = []
    var prices: [Int64] = []
    var starts: [Date] = []
    var ends: [Date] = []
    var seconds: [Int64] = []
    /// Arrays of optionals don't bind: a plan line holds placeholders here, which the insert turns into NULL.
    var quantities: [Int64] = []
    var units: [String] = []
    var hours: [Date] = []
    var amounts: [Int64] = []

    mutating func append(_ line: ChargeLine, invoice: UUID, _ position: Int) {
        invoices.append(invoice)
        positions.append(Int32(position))
        addons.append(line.addonID)
        addonNames.append(line.addonName)
        apps.append(line.appName)
        services.append(line.serviceID)
        slugs.append(line.serviceName)
        plans.append(line.planName)
        kinds.append(line.kind.rawValue)
        prices.append(line.priceCents)
        starts.append(line.from)
        ends.append(line.to)
        seconds.append(line.seconds)
        quantities.append(line.usage?.quantity ?? 0)
        units.append(line.usage?.unit ?? "")
        hours.append(line.usage?.hour ?? line.from)
        amounts.append(line.amountCents)
    }

    static func line(_ row: PostgresRandomAccessRow, addon: UUID) throws -> ChargeLine {
        let price = try row["price_cents"].decode(Int64.self)
        var usage: UsageDetail?
        if let quantity = try row["quantity"].decode(Int64?.self), let unit = try row["unit"].decode(String?.self),
            let hour = try row["usage_hour"].decode(Date?.self)
        {
            usage = UsageDetail(quantity: quantity, unit: unit, unitPriceCents: price, hour: hour)
        }
        return ChargeLine(
            addonID: addon, addonName: try row["addon_name"].decode(String.self),
            appName: try row["app_name"].decode(String.self), serviceID: try row["service_id"].decode(UUID.self),
            serviceName: try row["service_slug"].decode(String.self),
            planName: try row["plan_name"].decode(String.self),
            priceCents: price, from: try row["starts_at"].decode(Date.self), to: try row["ends_at"].decode(Date.self),
            seconds: try row["seconds"].decode(Int64.self), amountCents: try row["amount_cents"].decode(Int64.self),
            usage: usage)
    }
}
