/// One page of a list, and the `Next-Range` to ask for the rest when there is more.
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    public var nextRange: String?

    public init(items: [Element], nextRange: String?) {
        self.items = items
        self.nextRange = nextRange
    }

    /// Builds a page from `range.max + 1` fetched rows: the extra row only says that more remain.
    public init(fetched: [Element], range: ListRange, sortValue: (Element) -> String) {
        if fetched.count > range.max {
            let items = Array(fetched.prefix(range.max))
            self.init(items: items, nextRange: items.last.map { range.next(after: sortValue($0)) })
        } else {
            self.init(items: fetched, nextRange: nil)
        }
    }
}

extension Page {
    /// Pages a short list that was fetched whole (an app's members), by the same rules as keyset pages.
    public init(all: [Element], range: ListRange, sortValue: (Element) -> String) {
        let sorted = all.sorted { range.isDescending ? sortValue($0) > sortValue($1) : sortValue($0) < sortValue($1) }
        let inRange = sorted.filter { element in
            let value = sortValue(element)
            if let start = range.start {
                let beyondStart = range.isDescending ? value < start : value > start
                guard beyondStart || (!range.startIsExclusive && value == start) else { return false }
            }
            if let end = range.end {
                guard range.isDescending ? value >= end : value <= end else { return false }
            }
            return true
        }
        self.init(fetched: Array(inRange.prefix(range.max + 1)), range: range, sortValue: sortValue)
    }
}
