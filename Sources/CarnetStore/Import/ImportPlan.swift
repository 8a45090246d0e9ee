import CarnetCore

/// What the checks of an import decided: the contacts to insert and update, the companies
/// to create, and the report so far.
struct ImportPlan: Sendable {
    /// A new contact, checked, and the folded name of its company when the row names one.
    struct Creation: Sendable {
        var contact: Contact
        var companyKey: String?
    }

    /// A change to an existing contact, applied through `ContactService.update`.
    struct Update: Sendable {
        var current: Contact
        var patch: ContactPatch
        var companyKey: String?
    }

    /// A live company an import links contacts to.
    struct CompanyRef: Sendable {
        var id: String
        var name: String
    }

    var creations: [Creation] = []
    var updates: [Update] = []
    /// Live companies found, by folded name.
    var companies: [String: CompanyRef] = [:]
    /// Companies to create for the valid rows, by folded name: the name as first written.
    var newCompanies: [String: String] = [:]
    var report: ImportReport
}
