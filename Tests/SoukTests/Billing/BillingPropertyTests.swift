import Configuration
import Foundation
import HTTPTypes
import SoukCore
import Testing

/// Random add-on lives over three months, driven through the API on a test clock: every closed invoice
/// equals an independent per-second reckoning (`ReferenceBilling`), and each month's payouts and fees add
/// up to its invoices to the cent.
@Suite("Billing, at random")
struct BillingPropertyTests {
    static let prices = ["basic": Int64(0), "premium": 1000, "pro": 2500, "metered": 0]
    static let months = ["2026-12", "2027-01", "2027-02"].compactMap(BillingMonth.init)

    /// One add-on's life as drawn: its plans from each instant on, its removal, its usage reports.
    struct Life {
        var user: Int
        var fails: Bool
        var plans: [(at: Date, plan: String)]
        var removedAt: Date?
        var usage: [(at: Date, hour: Date, quantity: Int)]
    }

    enum Step {
        case create
        case change(String)
        case usage(hour: Date, quantity: Int)
        case remove
    }

    static func draw(seed: UInt64) -> [Life] {
        var random = SplitMix64(seed: seed)
        let start = months[0].start.timeIntervalSince1970
        let end = months[2].end.timeIntervalSince1970
        return (0..<12).map { index in
            /// A whole second after `after`, two hours before the last month ends at the latest; nil past that.
            func instant(after: Double) -> Date? {
                let earliest = Int(after) + 1
                guard earliest <= Int(end) - 7200 else { return nil }
                return Date(timeIntervalSince1970: Double(Int.random(in: earliest...Int(end) - 7200, using: &random)))
            }
            var plans = [(at: instant(after: start)!, plan: prices.keys.sorted().randomElement(using: &random)!)]
            for _ in 0..<Int.random(in: 0...2, using: &random) {
                guard let next = instant(after: plans.last!.at.timeIntervalSince1970) else { break }
                let plan = prices.keys.sorted().filter { $0 != plans.last!.plan }.randomElement(using: &random)!
                plans.append((next, plan))
            }
            let removedAt = Bool.random(using: &random) ? instant(after: plans.last!.at.timeIntervalSince1970) : nil
            var usage: [(at: Date, hour: Date, quantity: Int)] = []
            for (position, period) in plans.enumerated() where period.plan == "metered" {
                let until =
                    [position + 1 < plans.count ? plans[position + 1].at : nil, removedAt].compactMap(\.self)
                    .min()?.timeIntervalSince1970 ?? end
                for _ in 0..<3 {
                    let at =
                        period.at.timeIntervalSince1970
                        + Double.random(in: 0..<(until - period.at.timeIntervalSince1970), using: &random).rounded(
                            .down)
                    let hour = (at / 3600).rounded(.down) * 3600
                    guard !usage.contains(where: { $0.hour.timeIntervalSince1970 == hour }) else { continue }
                    usage.append(
                        (
                            Date(timeIntervalSince1970: at), Date(timeIntervalSince1970: hour),
                            Int.random(in: 1...100, using: &random)
                        ))
                }
            }
            return Life(
                user: index % 2, fails: Int.random(in: 0..<6, using: &random) == 0, plans: plans,
                removedAt: removedAt, usage: usage)
        }
    }

    @Test(
        "Every invoice equals an independent reckoning; payouts and fees add up", .soukDatabasePerCase,
        arguments: [1, 2, 3])
    func reckon(seed: Int) async throws {
        let lives = Self.draw(seed: UInt64(seed))
        var events: [(at: Date, life: Int, order: Int, step: Step)] = []
        for (index, life) in lives.enumerated() {
            events.append((life.plans[0].at, index, 0, .create))
            if life.fails { continue }
            for change in life.plans.dropFirst() { events.append((change.at, index, 1, .change(change.plan))) }
            for report in life.usage {
                events.append((report.at, index, 2, .usage(hour: report.hour, quantity: report.quantity)))
            }
            if let removedAt = life.removedAt { events.append((removedAt, index, 3, .remove)) }
        }
        let timeline = events.sorted { ($0.at, $0.life, $0.order) < ($1.at, $1.life, $1.order) }
        let clock = ManualClock(Self.months[0].start)
        try await FakeProvider.run(flavour: .heroku, username: Marketplace.uniqueSlug()) { fake in
            try await BillingTests.testApp(clock).run { api in
                let (slug, providerKey) = try await BillingTests.register(api, fake: fake)
                let users = [try await api.createUser(), try await api.createUser()]
                var apps: [String] = []
                for life in lives { apps.append(try await api.createApp(key: users[life.user].key)) }
                var ids: [Int: String] = [:]
                var closed: Set<BillingMonth> = []
                // Where each usage report was billed: its hour's month, or the next if that one had closed.
                var billedIn: [Int: [(hour: Date, quantity: Int, month: BillingMonth)]] = [:]
                let partner = Marketplace.basic(fake.username, fake.password)
                for event in timeline {
                    clock.set(event.at)
                    for month in Self.months where month.end <= event.at && !closed.contains(month) {
                        try await Self.close(month, api: api)
                        closed.insert(month)
                    }
                    let key = users[lives[event.life].user].key
                    let app = apps[event.life]
                    switch event.step {
                    case .create:
                        if lives[event.life].fails { fake.misbehave(.provision, times: 1, .status(422)) }
                        let created = try await api.call(
                            .post, "/apps/\(app)/addons", key: key,
                            json: ["plan": "\(slug):\(lives[event.life].plans[0].plan)"])
                        if lives[event.life].fails {
                            #expect(created.status.code >= 400, "\(created.text)")
                        } else {
                            ids[event.life] = try #require(created.object["id"] as? String, "\(created.text)")
                        }
                    case .change(let plan):
                        let changed = try await api.call(
                            .patch, "/apps/\(app)/addons/\(ids[event.life]!)", key: key,
                            json: ["plan": "\(slug):\(plan)"])
                        #expect(changed.status == .ok, "\(changed.text)")
                    case .usage(let hour, let quantity):
                        let reported = try await api.call(
                            .post, "/provider/addon-services/\(slug)/usage-batches", key: nil,
                            json: [
                                "timestamp": hour.formatted(.iso8601),
                                "usages": [
                                    [
                                        "quantity": quantity, "resource": ["id": ids[event.life]!],
                                        "unit": ["name": "request"],
                                    ]
                                ],
                            ], headers: [.authorization: partner])
                        let state = (reported.object["usages"] as? [[String: Any]])?.first?["state"] as? String
                        #expect(state == "accepted", "\(reported.text)")
                        var month = BillingMonth(containing: hour)
                        while closed.contains(month) { month = month.next }
                        billedIn[event.life, default: []].append((hour, quantity, month))
                    case .remove:
                        let removed = try await api.call(.delete, "/apps/\(app)/addons/\(ids[event.life]!)", key: key)
                        #expect(removed.status == .ok, "\(removed.text)")
                    }
                }
                clock.set(Self.months[2].end.addingTimeInterval(1))
                for month in Self.months where !closed.contains(month) { try await Self.close(month, api: api) }

                for month in Self.months {
                    var expected: [String: Int64] = [:]
                    for (index, life) in lives.enumerated() where !life.fails {
                        let id = ids[index]!
                        let periods = life.plans.enumerated().map { position, period in
                            PlanPeriod(
                                addonID: UUID(uuidString: id)!, addonName: "", appName: "", serviceID: UUID(),
                                serviceName: slug, planName: period.plan, priceCents: Self.prices[period.plan]!,
                                start: period.at,
                                end: position + 1 < life.plans.count ? life.plans[position + 1].at : life.removedAt)
                        }
                        let plan = ReferenceBilling.lines(for: periods, in: month, until: nil).reduce(0) {
                            $0 + $1.amountCents
                        }
                        let usage = (billedIn[index] ?? []).filter { $0.month == month }.reduce(0) {
                            $0 + Int64($1.quantity) * 5
                        }
                        expected[id] = plan + usage
                    }
                    var actual: [String: Int64] = [:]
                    var totals: Int64 = 0
                    for user in users {
                        let list = try await api.call(.get, "/account/invoices", key: user.key).array
                        for summary in list where summary["month"] as? String == month.description {
                            let number = try #require(summary["number"] as? Int)
                            let invoice = try await api.call(.get, "/account/invoices/\(number)", key: user.key)
                            let lines = invoice.object["lines"] as? [[String: Any]] ?? []
                            var sum: Int64 = 0
                            for line in lines {
                                let id = try #require((line["addon"] as? [String: Any])?["id"] as? String)
                                let amount = Int64(try #require(line["amount_cents"] as? Int))
                                actual[id, default: 0] += amount
                                sum += amount
                            }
                            #expect(invoice.object["total"] as? Int == Int(sum), "lines add up to the total")
                            totals += sum
                        }
                    }
                    #expect(
                        actual.filter { $0.value != 0 } == expected.filter { $0.value != 0 }, "seed \(seed), \(month)")
                    let revenue = try await api.call(.get, "/admin/revenue?period=\(month)", key: api.adminKey).object
                    #expect(revenue["gross_cents"] as? Int == Int(totals), "seed \(seed), \(month)")
                    let payouts = try await api.call(.get, "/provider/payouts/\(month)", key: providerKey).array
                    let paid = payouts.reduce(0) {
                        $0 + ($1["net_cents"] as? Int ?? 0) + ($1["fee_cents"] as? Int ?? 0)
                    }
                    #expect(paid == Int(totals), "payouts and fees are the invoices, to the cent (\(month))")
                }
            }
        }
    }

    static func close(_ month: BillingMonth, api: API) async throws {
        let closed = try await api.call(.post, "/admin/billing/close", key: api.adminKey, json: ["period": "\(month)"])
        guard closed.status == .ok else { throw TestFailure("close \(month): \(closed.text)") }
    }
}
