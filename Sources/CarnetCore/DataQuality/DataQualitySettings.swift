/// How duplicate detection and merges behave: `[data_quality]` in `config/carnet.toml`.
public struct DataQualitySettings: Sendable, Equatable {
    /// The country whose national phone numbers (`06 12 34 56 78`) are read without a `+` prefix.
    public var phoneRegion: String
    /// How many days after a merge it may still be undone.
    public var mergeUndoDays: Int

    public init(phoneRegion: String = "FR", mergeUndoDays: Int = 30) {
        self.phoneRegion = phoneRegion
        self.mergeUndoDays = mergeUndoDays
    }
}
