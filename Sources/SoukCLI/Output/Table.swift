import Foundation

/// Aligned columns with a header row and a rule under it, as the Heroku CLI prints lists.
public struct Table {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    public var rendered: String {
        let widths = columns.indices.map { index in
            ([columns[index]] + rows.map { index < $0.count ? $0[index] : "" }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let header = Terminal.styled(line(columns), .bold)
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([header, rule] + rows.map(line)).joined(separator: "\n")
    }

    public func print() {
        Terminal.print(rendered)
    }
}

/// `key: value` lines with the keys aligned, as `apps:info` prints them.
public struct KeyValues {
    public var pairs: [(String, String)]

    public init(_ pairs: [(String, String)]) {
        self.pairs = pairs
    }

    public func print() {
        let width = (pairs.map(\.0.count).max() ?? 0) + 1
        for (key, value) in pairs {
            Terminal.print("\((key + ":").padding(toLength: width, withPad: " ", startingAt: 0)) \(value)")
        }
    }
}
