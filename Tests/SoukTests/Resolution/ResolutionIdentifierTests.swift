import Foundation
import SoukCore
import Testing

@Suite("How resolve actions read an identifier")
struct ResolutionIdentifierTests {
    @Test("A name may be an add-on's or an attachment's, as typed or as its var")
    func plainNames() {
        let typed = ResolutionIdentifier("primary-db")
        #expect(typed.addonName == "primary-db")
        #expect(typed.id == nil && typed.qualifyingApp == nil)
        #expect(typed.attachmentNames == ["primary-db", "PRIMARY_DB"])

        let variable = ResolutionIdentifier("DATABASE_URL")
        #expect(variable.attachmentName == "DATABASE_URL")
        #expect(variable.attachmentNames == ["DATABASE_URL", "DATABASE"])
        #expect(ResolutionIdentifier("_URL").attachmentNames == ["_URL"])
    }

    @Test("An id is also tried as a name; APP::ATTACHMENT names an attachment only")
    func idsAndQualifiedNames() throws {
        let id = UUID()
        let byID = ResolutionIdentifier(id.uuidString.lowercased())
        #expect(byID.id == id)
        #expect(byID.addonName == id.uuidString.lowercased())

        let qualified = ResolutionIdentifier("my-app::database")
        #expect(qualified.qualifyingApp == "my-app")
        #expect(qualified.attachmentName == "database")
        #expect(qualified.attachmentNames == ["database", "DATABASE"])
        #expect(qualified.addonName == nil && qualified.id == nil)

        for unqualified in ["::DATABASE", "my-app::", "::"] {
            let parsed = ResolutionIdentifier(unqualified)
            #expect(parsed.qualifyingApp == nil, "\(unqualified)")
            #expect(parsed.addonName == unqualified)
        }
    }
}
