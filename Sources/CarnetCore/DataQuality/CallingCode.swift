/// The international calling code and trunk prefix of the countries a European SME most often meets.
///
/// A deliberately small table, not the full numbering plan: it tells how to turn a national
/// number into E.164 (drop the trunk prefix, add the calling code), nothing more. A region
/// missing here reads only numbers written with `+` or `00`.
public struct CallingCode: Sendable, Equatable {
    /// Digits after `+`: `33` for France.
    public let code: String
    /// What a national number starts with and E.164 drops: `0` in France; empty where the
    /// leading digit is part of the number (Italy, Spain).
    public let trunk: String

    /// By ISO 3166 two-letter region.
    public static let byRegion: [String: CallingCode] = [
        "FR": CallingCode(code: "33", trunk: "0"), "MC": CallingCode(code: "377", trunk: ""),
        "BE": CallingCode(code: "32", trunk: "0"), "LU": CallingCode(code: "352", trunk: ""),
        "CH": CallingCode(code: "41", trunk: "0"), "DE": CallingCode(code: "49", trunk: "0"),
        "AT": CallingCode(code: "43", trunk: "0"), "NL": CallingCode(code: "31", trunk: "0"),
        "GB": CallingCode(code: "44", trunk: "0"), "IE": CallingCode(code: "353", trunk: "0"),
        "ES": CallingCode(code: "34", trunk: ""), "PT": CallingCode(code: "351", trunk: ""),
        "IT": CallingCode(code: "39", trunk: ""), "DK": CallingCode(code: "45", trunk: ""),
        "SE": CallingCode(code: "46", trunk: "0"), "NO": CallingCode(code: "47", trunk: ""),
        "FI": CallingCode(code: "358", trunk: "0"), "PL": CallingCode(code: "48", trunk: ""),
        "CZ": CallingCode(code: "420", trunk: ""), "GR": CallingCode(code: "30", trunk: ""),
        "US": CallingCode(code: "1", trunk: "1"), "CA": CallingCode(code: "1", trunk: "1"),
        "MA": CallingCode(code: "212", trunk: "0"), "TN": CallingCode(code: "216", trunk: ""),
    ]
}
