/// The field an import matches existing contacts on, to update them instead of adding duplicates.
public enum UpsertKey: String, Sendable, CaseIterable {
    case email
    case externalRef = "external_ref"
}
