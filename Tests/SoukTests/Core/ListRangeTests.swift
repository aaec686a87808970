import SoukCore
import Testing

@Suite("Range header")
struct ListRangeTests {
    @Test("An absent header means the default field, ascending, 200 at most")
    func defaults() throws {
        let range = try ListRange(header: nil, fields: ["name", "id"])
        #expect(range == ListRange(field: "name", max: 200))
    }

    @Test(
        "Headers parse into field, bounds, max and order",
        arguments: [
            ("name ..; max=10", ListRange(field: "name", max: 10)),
            (
                "id ]abc..; max=5, order=desc",
                ListRange(field: "id", start: "abc", startIsExclusive: true, max: 5, isDescending: true)
            ),
            ("name a..m", ListRange(field: "name", start: "a", end: "m")),
            ("name ..; order=desc,max=3", ListRange(field: "name", max: 3, isDescending: true)),
            ("name ..; max=5000", ListRange(field: "name", max: 1000)),
            ("id", ListRange(field: "id")),
            // heroku3 5.2.1 builds `"{field} ..;" + " " + ";"`, and with options `id ..; order=desc,max=10;`.
            ("id ..; ;", ListRange(field: "id")),
            ("id ..; order=desc,max=10;", ListRange(field: "id", max: 10, isDescending: true)),
            ("  name  ..  ;  max = 7 ;; order=asc , ", ListRange(field: "name", max: 7)),
            ("id ]abc..;", ListRange(field: "id", start: "abc", startIsExclusive: true)),
            ("id..", ListRange(field: "id")),
        ]
    )
    func parses(header: String, expected: ListRange) throws {
        #expect(try ListRange(header: header, fields: ["name", "id"]) == expected)
    }

    @Test(
        "Headers that can't be understood are bad requests naming the fields the list accepts",
        arguments: [
            "color ..", "name a", "name ..; max=0", "name ..; max=x", "name ..; order=up", "name ..; size=3",
            "name ..; max", "name ..; max=", "..; max=3",
        ]
    )
    func rejects(header: String) {
        #expect {
            try ListRange(header: header, fields: ["name", "id"])
        } throws: { error in
            guard case .badRequest(let message) = error as? SoukError else { return false }
            return message.contains("name, id")
        }
    }

    @Test("Next-Range resumes after the last value, keeping max and order")
    func nextRange() throws {
        let range = try ListRange(header: "version ..; max=2, order=desc", fields: ["version"])
        let next = range.next(after: "7")
        #expect(next == "version ]7..; max=2, order=desc")
        #expect(
            try ListRange(header: next, fields: ["version"])
                == ListRange(field: "version", start: "7", startIsExclusive: true, max: 2, isDescending: true))
    }

    @Test("A page built from max+1 rows has a Next-Range; one built from fewer does not")
    func page() throws {
        let range = ListRange(field: "name", max: 2)
        let full = Page(fetched: ["a", "b", "c"], range: range) { $0 }
        #expect(full.items == ["a", "b"])
        #expect(full.nextRange == "name ]b..; max=2, order=asc")
        let last = Page(fetched: ["a", "b"], range: range) { $0 }
        #expect(last.nextRange == nil)
        let inMemory = Page(
            all: ["d", "a", "c", "b"], range: ListRange(field: "name", start: "a", startIsExclusive: true, max: 2)
        ) { $0 }
        #expect(inMemory.items == ["b", "c"])
        #expect(inMemory.nextRange != nil)
    }
}
