extension L10n {
    /// A time of day as each language writes it: `9:05` in English, `9h05` in French.
    public static func time(hour: Int, minute: Int, _ language: Language) -> String {
        let mm = minute < 10 ? "0\(minute)" : "\(minute)"
        return language == .fr ? "\(hour)h\(mm)" : "\(hour):\(mm)"
    }

    /// A date as each language writes it: `2027-01-15` in English (unambiguous), `15/01/2027` in French.
    public static func date(_ date: LocalDate, _ language: Language) -> String {
        guard language == .fr else { return date.description }
        let dd = date.day < 10 ? "0\(date.day)" : "\(date.day)", mm = date.month < 10 ? "0\(date.month)" : "\(date.month)"
        return "\(dd)/\(mm)/\(date.year)"
    }
}
