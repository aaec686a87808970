import Hummingbird
import HummingbirdCore
import SoukCore
import Testing

@testable import SoukServer

@Suite("Scalingo paging parameters")
struct PageQueryTests {
    private func parse(_ query: String) throws -> PageQuery {
        try PageQuery(query: URI("/v1/provider/apps?\(query)").queryParameters)
    }

    @Test("Absent parameters take their defaults; bounds are inclusive")
    func accepted() throws {
        #expect(try parse("") == PageQuery(page: 1, perPage: 20))
        #expect(try parse("page=1000000&per_page=100") == PageQuery(page: 1_000_000, perPage: 100))
        #expect(try parse("page=007&per_page=1") == PageQuery(page: 7, perPage: 1))
        // Values arrive percent-decoded: %31 is "1".
        #expect(try parse("page=%31") == PageQuery(page: 1))
    }

    @Test(
        "Anything but a whole number within bounds is a bad request",
        arguments: [
            "page=0", "page=1000001", "page=9223372036854775807", "page=-1", "page=+1", "page=1e3", "page=",
            "page=%2B1", "per_page=0", "per_page=101", "per_page=-9223372036854775808", "per_page=1.0",
        ]
    )
    func refused(query: String) throws {
        #expect {
            try parse(query)
        } throws: { error in
            guard case .badRequest = error as? SoukError else { return false }
            return true
        }
    }

    @Test("Page counts come out right at the edges, with no overflow at the largest page")
    func pageCount() {
        #expect(PageQuery(perPage: 20).pageCount(total: 0) == 1)
        #expect(PageQuery(perPage: 20).pageCount(total: 20) == 1)
        #expect(PageQuery(perPage: 20).pageCount(total: 21) == 2)
        #expect(PageQuery(perPage: 1).pageCount(total: Int.max) == Int.max)
    }
}
