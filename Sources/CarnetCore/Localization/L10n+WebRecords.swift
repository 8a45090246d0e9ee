extension L10n {
    /// The record pages' texts (`web.*`): editing contacts and companies, filters and bulk changes.
    static let webRecords: [String: Entry] = [:]
}
