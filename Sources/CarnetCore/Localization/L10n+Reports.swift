extension L10n {
    /// The reports module's texts: its problems with a report's query.
    static let reports: [String: Entry] = [
        "reports.currency": Entry(
            en: "must be an ISO 4217 currency code such as EUR (got {value})",
            fr: "doit être un code de devise ISO 4217 comme EUR ({value} reçu)"),
        "reports.format": Entry(
            en: "must be json or csv (got {value})",
            fr: "doit être json ou csv ({value} reçu)"),
        "reports.month_format": Entry(
            en: "must be a month as YYYY-MM, such as 2026-03 (got {value})",
            fr: "doit être un mois au format AAAA-MM, comme 2026-03 ({value} reçu)"),
        "reports.period_order": Entry(
            en: "must not be before from ({from}); got {to}",
            fr: "ne doit pas précéder from ({from}) ; {to} reçu"),
        "reports.period_too_long": Entry(
            en: "the period may last at most {max} months (5 years); from to to spans {count}",
            fr: "la période peut durer au plus {max} mois (5 ans) ; de from à to, elle en compte {count}"),
        "reports.parameter_required": Entry(
            en: "is required: one of {known}",
            fr: "est obligatoire : l’une des valeurs {known}"),
        "reports.unknown_entity": Entry(
            en: "must be one of {known} (got {value})",
            fr: "doit être l’une des valeurs {known} ({value} reçu)"),
        "reports.unknown_rule": Entry(
            en: "no critical-field rule {value} is configured for {entity} (rules: {known})",
            fr: "aucune règle de champ essentiel {value} n’est configurée pour {entity} (règles : {known})"),
        "reports.unknown_owner": Entry(
            en: "no user has the id {value}",
            fr: "aucun utilisateur n’a l’identifiant {value}"),
        "reports.unknown_pipeline": Entry(
            en: "no pipeline {value} (pipelines: {known})",
            fr: "aucun pipeline {value} (pipelines : {known})"),
        "reports.unknown_territory": Entry(
            en: "no company or contact has the region {value}",
            fr: "aucune société ni aucun contact n’a la région {value}"),
        "reports.weeks": Entry(
            en: "must be a whole number of weeks from 1 to 104 (got {value})",
            fr: "doit être un nombre entier de semaines de 1 à 104 ({value} reçu)"),
    ]
}
