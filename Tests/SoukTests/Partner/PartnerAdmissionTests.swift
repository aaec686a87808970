import Foundation
import SoukCore
import Testing

@testable import SoukServer

/// Which credentials each flavour's partner routes admit, without a database.
@Suite("Partner route admission")
struct PartnerAdmissionTests {
    @Test("The Scalingo routes take a Scalingo service's Basic credentials only, never an add-on's token")
    func scalingoRoutesAdmitServiceCredentialsOnly() throws {
        let service = UUID()
        let basic = ProviderIdentity(serviceID: service, slug: "s", flavour: .scalingo)
        let token = ProviderIdentity(serviceID: service, slug: "s", flavour: .scalingo, addonID: UUID())
        let heroku = ProviderIdentity(serviceID: service, slug: "h", flavour: .heroku)
        let herokuToken = ProviderIdentity(serviceID: service, slug: "h", flavour: .heroku, addonID: UUID())
        #expect(try PartnerDesk.admit(basic, on: .scalingo) == basic)
        #expect(throws: SoukError.self) { try PartnerDesk.admit(token, on: .scalingo) }
        #expect(throws: SoukError.self) { try PartnerDesk.admit(heroku, on: .scalingo) }
        #expect(throws: SoukError.self) { try PartnerDesk.admit(herokuToken, on: .scalingo) }
        #expect(try PartnerDesk.admit(heroku, on: .heroku) == heroku)
        #expect(try PartnerDesk.admit(herokuToken, on: .heroku) == herokuToken)
        #expect(throws: SoukError.self) { try PartnerDesk.admit(basic, on: .heroku) }
        #expect(throws: SoukError.self) { try PartnerDesk.admit(nil, on: .heroku) }
    }
}
