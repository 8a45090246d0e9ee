extension LeadInput {
    /// The change a lead makes to `existing` (nil for a new contact): a new contact gets every
    /// answer; an existing one only fills what is empty (a name, an address, a phone number
    /// when it has none, a custom field it lacks) and never loses a value. Both get the form's
    /// `tags`, the e-mail opt-in when consent was ticked, `source` when they have none, and
    /// `companyID` and `ownerID` when they have none and these are given.
    public func contactPatch(filling existing: Contact?, tags: [String], source: String, companyID: String?, ownerID: String?) -> ContactPatch {
        var patch = ContactPatch()
        func fill(_ name: String, _ current: String?, _ set: (inout ContactPatch, String) -> Void) {
            if let value = contact[name], current?.trimmedOrNil == nil { set(&patch, value) }
        }
        fill("first_name", existing?.firstName) { $0.firstName = .some($1) }
        fill("last_name", existing?.lastName) { $0.lastName = .some($1) }
        fill("email", existing?.email) { $0.email = .some($1) }
        fill("title", existing?.title) { $0.title = .some($1) }
        fill("street", existing?.street) { $0.street = .some($1) }
        fill("postcode", existing?.postcode) { $0.postcode = .some($1) }
        fill("city", existing?.city) { $0.city = .some($1) }
        fill("region", existing?.region) { $0.region = .some($1) }
        fill("country", existing?.country) { $0.country = .some($1) }
        fill("phone", existing?.phones.first) { $0.phones = .some([$1]) }
        let currentTags = existing?.tags ?? []
        let known = Set(currentTags.map { $0.lowercased() })
        let added = tags.filter { !known.contains($0.lowercased()) }
        if !added.isEmpty { patch.tags = .some(currentTags + added) }
        let customs = custom.filter { existing?.customFields[$0.key] == nil }
        if !customs.isEmpty { patch.customFields = .some(customs) }
        if consent && existing?.emailOptIn != true { patch.emailOptIn = .some(true) }
        if existing?.source?.trimmedOrNil == nil { patch.source = .some(source) }
        if let companyID, existing?.companyID == nil { patch.companyID = .some(companyID) }
        if let ownerID, existing?.ownerID == nil { patch.ownerID = .some(ownerID) }
        return patch
    }

    /// The company a new lead brings: its name and the other company fields it gave.
    public func companyPatch(ownerID: String?) -> CompanyPatch? {
        guard let name = company["name"] else { return nil }
        var patch = CompanyPatch()
        patch.name = name
        if let industry = company["industry"] { patch.industry = .some(industry) }
        if let website = company["website"] { patch.website = .some(website) }
        if let region = company["region"] { patch.region = .some(region) }
        if let country = company["country"] { patch.country = .some(country) }
        if let size = company["size"].flatMap({ Int($0) }) { patch.size = .some(size) }
        if let ownerID { patch.ownerID = .some(ownerID) }
        return patch
    }
}
