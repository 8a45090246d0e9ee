extension L10n {
    /// The lead scoring module's texts (`scoring.*`): model validation and score explanations.
    static let leadScoring: [String: Entry] = [
        "scoring.band_values": Entry(en: "must be cold, warm or hot", fr: "doit valoir cold, warm ou hot"),
        "scoring.days_order": Entry(en: "must be greater than min_days", fr: "doit être supérieur à min_days"),
        "scoring.days_range": Entry(en: "must be a whole number of days from 0 to 36500", fr: "doit être un nombre entier de jours de 0 à 36500"),
        "scoring.field.annual_revenue": Entry(en: "annual revenue", fr: "chiffre d’affaires annuel"),
        "scoring.field.company_size": Entry(en: "company size", fr: "effectif de l’entreprise"),
        "scoring.field.country": Entry(en: "country", fr: "pays"),
        "scoring.field.industry": Entry(en: "industry", fr: "secteur"),
        "scoring.field.region": Entry(en: "region", fr: "région"),
        "scoring.field.title": Entry(en: "title", fr: "fonction"),
        "scoring.half_life_range": Entry(en: "must be from 0.5 to 3650 days", fr: "doit être compris entre 0,5 et 3650 jours"),
        "scoring.label": Entry(en: "is required, at most 200 characters", fr: "est obligatoire, 200 caractères au plus"),
        "scoring.max_points_range": Entry(en: "must be from 1 to 100", fr: "doit être compris entre 1 et 100"),
        "scoring.months_range": Entry(en: "must be a whole number of months from 1 to 120", fr: "doit être un nombre entier de mois de 1 à 120"),
        "scoring.not_negative": Entry(en: "must not be negative", fr: "ne doit pas être négatif"),
        "scoring.points_range": Entry(en: "must be from -100 to 100", fr: "doit être compris entre -100 et 100"),
        "scoring.range_needed": Entry(en: "a range rule needs min, max or both", fr: "une règle d’intervalle demande min, max ou les deux"),
        "scoring.range_not_values": Entry(en: "a range rule takes min and max, not values", fr: "une règle d’intervalle prend min et max, pas values"),
        "scoring.range_order": Entry(en: "must not be less than min", fr: "ne doit pas être inférieur à min"),
        "scoring.reason.recency": Entry(en: "latest activity {days} d ago", fr: "dernière activité il y a {days} j"),
        "scoring.reason.signals": Entry(en: "{count} × {signal}, the latest {days} d ago", fr: "{count} × {signal}, le dernier il y a {days} j"),
        "scoring.reason.title": Entry(en: "title “{value}” contains “{word}”", fr: "la fonction « {value} » contient « {word} »"),
        "scoring.reason.value": Entry(en: "{field} is {value}", fr: "{field} : {value}"),
        "scoring.rule_id": Entry(
            en: "is required: 1 to 64 lower-case letters, digits or _",
            fr: "est obligatoire : 1 à 64 lettres minuscules, chiffres ou _"),
        "scoring.rule_id_twice": Entry(en: "“{id}” names another rule already", fr: "« {id} » désigne déjà une autre règle"),
        "scoring.signal.call": Entry(en: "call", fr: "appel"),
        "scoring.signal.email": Entry(en: "e-mail logged", fr: "e-mail consigné"),
        "scoring.signal.email_clicked": Entry(en: "e-mail click", fr: "clic dans un e-mail"),
        "scoring.signal.email_opened": Entry(en: "e-mail opened", fr: "e-mail ouvert"),
        "scoring.signal.form_submitted": Entry(en: "form submitted", fr: "formulaire envoyé"),
        "scoring.signal.meeting": Entry(en: "meeting", fr: "rendez-vous"),
        "scoring.threshold_range": Entry(en: "must be from 1 to 100", fr: "doit être compris entre 1 et 100"),
        "scoring.thresholds_ascending": Entry(
            en: "must be greater than the warm threshold ({warm})",
            fr: "doit être supérieur au seuil warm ({warm})"),
        "scoring.too_many_rules": Entry(en: "holds at most {max} rules", fr: "contient au plus {max} règles"),
        "scoring.unknown_field": Entry(
            en: "“{name}” is not a field a fit rule reads; known fields: {known}",
            fr: "« {name} » n’est pas un champ qu’une règle d’adéquation lit ; champs connus : {known}"),
        "scoring.unknown_signal": Entry(
            en: "“{name}” is not a signal; known signals: {known}",
            fr: "« {name} » n’est pas un signal ; signaux connus : {known}"),
        "scoring.values_needed": Entry(
            en: "needs 1 to 200 values, each 1 to 100 characters",
            fr: "demande 1 à 200 valeurs, de 1 à 100 caractères chacune"),
        "scoring.values_not_range": Entry(en: "this field takes values, not min and max", fr: "ce champ prend values, pas min et max"),
    ]
}
