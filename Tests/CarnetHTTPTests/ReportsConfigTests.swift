import CarnetCore
import CarnetHTTP
import CarnetReports
import Foundation
import Testing

@Suite("Configuration of the reports module")
struct ReportsConfigTests {
    @Test("critical fields per kind of record replace the defaults of that kind only")
    func criticalFields() throws {
        let config = try ConfigFile.load("""
            [reports]
            critical_contact_fields = ["email", "title|company"]
            critical_deal_fields = []
            """)
        let fields = config.reports.criticalFields
        #expect(fields[.contact]?.map(\.text) == ["email", "title|company"])
        #expect(fields[.deal]?.isEmpty == true)
        #expect(fields[.company]?.map(\.text) == ["industry"])
        #expect(ReportsSettings().criticalFields[.deal]?.map(\.text) == ["amount", "expected_close"])
    }

    @Test("an unknown field stops start-up naming the key, the item and the known fields")
    func unknownField() throws {
        do {
            _ = try ConfigFile.load("""
                [reports]
                critical_company_fields = ["industry", "email"]
                """)
            Issue.record("the configuration was accepted")
        } catch let error as ConfigError {
            #expect(error.key == "reports.critical_company_fields[1]")
            #expect(error.reason.contains("email is not a company field"))
            #expect(error.reason.contains("annual_revenue, country, industry"))
        }
    }
}
