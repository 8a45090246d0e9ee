import CarnetCore

/// What the checks of an import decided: the companies to create, the contacts to update,
/// and the report so far (new contacts went to the database as they were checked).
struct ImportPlan: Sendable {
    /// A change to an existing contact, applied through `ContactService.update`.
    struct Update: Sendable {
        var current: Contact
        var patch: ContactPatch
        var companyKey: String?
    }

    /// A company an import links contacts to.
    struct CompanyRef: Sendable {
        var id: String
        var name: String
    }

    var updates: [Update] = []
    /// Live companies found, by folded name.
    var companies: [String: CompanyRef]
    /// Companies to create for the valid rows, by folded name: the name as first written,
    /// and the id that new contacts already point to.
    var newCompanies: [String: CompanyRef] = [:]
    var report: ImportReport
}
