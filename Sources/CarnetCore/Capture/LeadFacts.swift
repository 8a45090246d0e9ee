/// What assignment rules look at: where the lead is and what its company does.
public struct LeadFacts: Sendable, Equatable {
    public var region, country, postcode, industry: String?

    public init(region: String? = nil, country: String? = nil, postcode: String? = nil, industry: String? = nil) {
        self.region = region
        self.country = country
        self.postcode = postcode
        self.industry = industry
    }
}
