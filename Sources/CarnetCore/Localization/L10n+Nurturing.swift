extension L10n {
    /// The nurturing module's texts (`nurture.*`).
    static let nurturing: [String: Entry] = [
        "nurture.backward": Entry(
            en: "must name a later step than {step}, or \"end\": a sequence never goes back, so it cannot loop",
            fr: "doit désigner une étape après la {step}, ou \"end\" : une séquence ne revient jamais en arrière, elle ne peut donc pas boucler"),
        "nurture.band": Entry(
            en: "must be warm or hot",
            fr: "doit valoir warm ou hot"),
        "nurture.enrollment_status": Entry(
            en: "must be active, completed or exited",
            fr: "doit valoir active, completed ou exited"),
        "nurture.list": Entry(
            en: "must be a list",
            fr: "doit être une liste"),
        "nurture.name_taken": Entry(
            en: "another sequence is already called {name}",
            fr: "une autre séquence s’appelle déjà {name}"),
        "nurture.no_steps": Entry(
            en: "a sequence needs at least one step",
            fr: "une séquence a besoin d’au moins une étape"),
        "nurture.no_such_step": Entry(
            en: "there is no step {value}: the sequence has {count}",
            fr: "il n’y a pas d’étape {value} : la séquence en compte {count}"),
        "nurture.not_active": Entry(
            en: "The enrollment is {status}: only an active one can be stopped.",
            fr: "L’inscription est {status} : seule une inscription active peut être arrêtée."),
        "nurture.object": Entry(
            en: "must be an object with a kind",
            fr: "doit être un objet avec un kind"),
        "nurture.paused": Entry(
            en: "The sequence {name} is paused: it takes no new contact until it is active again.",
            fr: "La séquence {name} est en pause : elle ne prend aucun nouveau contact avant d’être réactivée."),
        "nurture.target": Entry(
            en: "must be a step number or \"end\"",
            fr: "doit être un numéro d’étape ou \"end\""),
        "nurture.too_many_steps": Entry(
            en: "a sequence has at most {max} steps (got {count})",
            fr: "une séquence a au plus {max} étapes ({count} reçues)"),
        "nurture.trailing_wait": Entry(
            en: "a sequence cannot end with a wait: it would only delay its end",
            fr: "une séquence ne peut pas finir par une attente : elle ne ferait que retarder sa fin"),
        "nurture.unknown_kind": Entry(
            en: "unknown value {value}; use one of {known}",
            fr: "valeur inconnue {value} ; utilisez l’une de {known}"),
        "nurture.wait": Entry(
            en: "a wait needs days, hours, or until with a weekday and an hour, and lasts more than 0 and at most {max} days: a sequence must end",
            fr: "une attente a besoin de days, hours, ou until avec un jour et une heure, et dure plus de 0 et au plus {max} jours : une séquence doit finir"),
        "nurture.weekday": Entry(
            en: "must be a weekday in English: monday, tuesday, wednesday, thursday, friday, saturday or sunday",
            fr: "doit être un jour de la semaine en anglais : monday, tuesday, wednesday, thursday, friday, saturday ou sunday"),
        "nurture.whole": Entry(
            en: "must be a whole number from {min} to {max}",
            fr: "doit être un nombre entier de {min} à {max}"),
    ]
}
