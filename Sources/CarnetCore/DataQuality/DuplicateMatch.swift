/// How likely two records are one, with the reasons: a candidate pair of duplicate detection.
///
/// Each reason counts as independent evidence with a weight, combined as
/// `1 − Π(1 − weight)`, so the score stays within 0–1 and grows with every reason:
///
/// | reason | contacts | companies |
/// |---|---|---|
/// | same e-mail | 0.9 | – |
/// | same phone | 0.7 | – |
/// | similar name (similarity ≥ 0.85) | 0.6 × similarity | 0.8 × similarity |
/// | same company (with a similar name) | 0.5 | – |
/// | same website domain | – | 0.8 |
///
/// So one shared e-mail scores 0.9, the same name at the same company 0.8, a shared phone
/// and a similar name about 0.88, the same name alone 0.6 for contacts (0.8 for companies).
public struct DuplicateMatch: Sendable, Equatable {
    /// From 0 to 1, rounded to three decimals.
    public var score: Double
    public var reasons: [DuplicateReason]

    /// The least name similarity that counts as a reason.
    public static let nameThreshold = 0.85

    public init(score: Double, reasons: [DuplicateReason]) {
        self.score = score
        self.reasons = reasons
    }

    /// The match of two records of one kind; nil when they share nothing that counts.
    public static func between(_ a: DuplicateProfile, _ b: DuplicateProfile) -> DuplicateMatch? {
        guard a.entity == b.entity, a.id != b.id else { return nil }
        var reasons: [DuplicateReason] = []
        var weights: [Double] = []
        if let email = a.emails.first(where: b.emails.contains) {
            reasons.append(DuplicateReason(DuplicateReason.sameEmail, value: email))
            weights.append(0.9)
        }
        if let phone = a.phones.first(where: b.phones.contains) {
            reasons.append(DuplicateReason(DuplicateReason.samePhone, value: phone))
            weights.append(0.7)
        }
        let similarity = rounded(max(NameSimilarity.of(a.name, b.name), b.swappedName.map { NameSimilarity.of(a.name, $0) } ?? 0,
                                     a.swappedName.map { NameSimilarity.of($0, b.name) } ?? 0))
        if similarity >= nameThreshold {
            reasons.append(DuplicateReason(DuplicateReason.similarName, similarity: similarity))
            weights.append((a.entity == .contact ? 0.6 : 0.8) * similarity)
            if let company = a.companyID, company == b.companyID {
                reasons.append(DuplicateReason(DuplicateReason.sameCompany))
                weights.append(0.5)
            }
        }
        if let domain = a.domain, domain == b.domain {
            reasons.append(DuplicateReason(DuplicateReason.sameDomain, value: domain))
            weights.append(0.8)
        }
        guard !reasons.isEmpty else { return nil }
        return DuplicateMatch(score: rounded(1 - weights.reduce(1) { $0 * (1 - $1) }), reasons: reasons)
    }

    static func rounded(_ value: Double) -> Double {
        (value * 1000).rounded() / 1000
    }
}
