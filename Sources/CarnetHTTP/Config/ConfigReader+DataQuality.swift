import CarnetCore

extension ConfigReader {
    /// `[data_quality]`: the region national phone numbers are read in (a country of
    /// `CallingCode`) and for how many days a merge may be undone.
    func dataQuality() throws(ConfigError) -> DataQualitySettings {
        var settings = DataQualitySettings()
        if let region = try string("data_quality.phone_region") {
            guard CallingCode.byRegion[region.uppercased()] != nil else {
                throw fail("data_quality.phone_region", "no calling code known for \(region) (known: \(CallingCode.byRegion.keys.sorted().joined(separator: ", ")))")
            }
            settings.phoneRegion = region.uppercased()
        }
        settings.mergeUndoDays = try int("data_quality.merge_undo_days", in: 1...3650) ?? settings.mergeUndoDays
        return settings
    }
}
