/// User-facing texts in English and French, looked up by key.
///
/// Placeholders are named in braces (`{count}`, `{time}`) and filled by `text(_:_:_:)`,
/// so a translation may put them in any order. A key ending in `.one` / `.other` is the
/// singular / plural form picked by `plural(_:count:_:_:)`; French uses the singular
/// for 0 and 1, English for 1 only. An unknown key comes back as itself, so a missing
/// text shows up on screen instead of crashing.
public enum L10n {
    /// One text in both languages.
    public struct Entry: Sendable {
        public let en: String
        public let fr: String

        /// The text in a language.
        public subscript(language: Language) -> String {
            switch language {
            case .en: en
            case .fr: fr
            }
        }
    }

    /// The text of `key` in `language`, with each `{name}` replaced by `values[name]`.
    public static func text(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> String {
        guard let entry = table[key] else { return key }
        return fill(entry[language], values)
    }

    /// The singular (`key.one`) or plural (`key.other`) text for `count`, with `{count}` filled in.
    public static func plural(_ key: String, count: Int, _ language: Language, _ values: [String: String] = [:]) -> String {
        let singular = language == .fr ? abs(count) < 2 : abs(count) == 1
        var values = values
        values["count"] = String(count)
        return text(key + (singular ? ".one" : ".other"), language, values)
    }

    /// Replaces `{name}` with its value; a placeholder without a value stays as written.
    ///
    /// One pass over the template's UTF-8 bytes: the Today agenda fills a text for each of
    /// its items, and `replacingOccurrences` per value, then a walk by `Character` (grapheme
    /// breaking at every step), took a third and then a quarter of its time.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        guard !values.isEmpty else { return template }
        let utf8 = template.utf8
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
        var result = ""
        result.reserveCapacity(utf8.count + 16)
        // Braces are ASCII, so every index met here is also a valid index of the template.
        var copied = utf8.startIndex
        var index = copied
        while let start = utf8[index...].firstIndex(of: open) {
            guard let end = utf8[utf8.index(after: start)...].firstIndex(of: close) else { break }
            if let value = values[String(Substring(utf8[utf8.index(after: start)..<end]))] {
                result += template[copied..<start]
                result += value
                copied = utf8.index(after: end)
            }
            index = utf8.index(after: end)
        }
        result += template[copied...]
        return result
    }

    /// Every text, by key: the API's, the web pages' (`web.*`, in `L10n+Web.swift`), the tickets module's (`L10n+Tickets.swift`), the reports' (`reports.*`),
    /// the segments module's (`L10n+Segments.swift`), the capture module's (`L10n+Capture.swift`), lead scoring's (`scoring.*`) and nurturing's (`nurture.*`).
    public static let table: [String: Entry] = core.merging(web) { core, _ in core }.merging(tickets) { core, _ in core }.merging(reports) { core, _ in core }
        .merging(segments) { core, _ in core }.merging(capture) { core, _ in core }.merging(leadScoring) { core, _ in core }
        .merging(nurturing) { core, _ in core }

    /// The API's texts. Keys are `area.what`; keep them sorted within an area.
    static let core: [String: Entry] = [
        // Validation
        "validation.required": Entry(en: "is required", fr: "est obligatoire"),
        "validation.too_long": Entry(
            en: "must be at most {max} characters (got {count})",
            fr: "doit faire au plus {max} caractères ({count} reçus)"),

        // Quick entry
        "quick_entry.ambiguous": Entry(
            en: "names two dates or two times (“{first}” and “{second}”); keep one. Examples: {examples}",
            fr: "indique deux dates ou deux heures (« {first} » et « {second} ») ; n’en gardez qu’une. Exemples : {examples}"),
        "quick_entry.examples": Entry(
            en: "“call back in 3 days”, “tomorrow 9:00”, “next monday 14:30”, “in 2 weeks”, “15/01”, “2027-01-15 at 10am”",
            fr: "« relancer dans 3 jours », « demain 9h », « lundi prochain 14h30 », « dans 2 semaines », « 15/01 », « 2027-01-15 à 10h »"),
        "quick_entry.invalid_date": Entry(
            en: "“{text}” is not a date that exists. Examples: {examples}",
            fr: "« {text} » n’est pas une date qui existe. Exemples : {examples}"),
        "quick_entry.invalid_time": Entry(
            en: "“{text}” is not a time of day (0:00 to 23:59, or 1am to 12pm). Examples: {examples}",
            fr: "« {text} » n’est pas une heure de la journée (de 0h à 23h59). Exemples : {examples}"),
        "quick_entry.no_date": Entry(
            en: "says no date or time that Carnet understands. Examples: {examples}",
            fr: "n’indique aucune date ni heure que Carnet comprenne. Exemples : {examples}"),
        "quick_entry.time_with_duration": Entry(
            en: "“{duration}” already sets the time; remove “{time}”. Examples: {examples}",
            fr: "« {duration} » fixe déjà l’heure ; retirez « {time} ». Exemples : {examples}"),

        // Follow-up tasks
        "task.already_done": Entry(
            en: "The task “{title}” is already done.",
            fr: "La tâche « {title} » est déjà faite."),
        "task.completed_without_date": Entry(
            en: "a done task needs the date it was completed",
            fr: "une tâche faite doit avoir sa date d’achèvement"),
        "task.open_with_completion": Entry(
            en: "an open task has no completion date",
            fr: "une tâche ouverte n’a pas de date d’achèvement"),

        // Deals
        "deal.next_action_required": Entry(
            en: "is required in the stage {stage}: say what happens next",
            fr: "est obligatoire à l’étape {stage} : indiquez la prochaine action"),
        "deal.next_action_at_required": Entry(
            en: "is required in the stage {stage}: say when the next action is due",
            fr: "est obligatoire à l’étape {stage} : indiquez quand faire la prochaine action"),

        // Today agenda
        "agenda.deal_next_action_overdue": Entry(
            en: "Next action “{action}” was due on {date}",
            fr: "Prochaine action « {action} » prévue le {date}"),
        "agenda.deal_next_action_overdue_unnamed": Entry(
            en: "Next action was due on {date}",
            fr: "Prochaine action prévue le {date}"),
        "agenda.deal_without_next_action": Entry(
            en: "No next action planned",
            fr: "Aucune prochaine action prévue"),
        "agenda.due_task": Entry(en: "Due at {time}", fr: "À faire à {time}"),
        "agenda.hot_lead_uncontacted": Entry(
            en: "New lead not contacted for {hours} hours",
            fr: "Nouveau prospect sans contact depuis {hours} heures"),
        "agenda.overdue_task.one": Entry(en: "{count} day overdue", fr: "{count} jour de retard"),
        "agenda.overdue_task.other": Entry(en: "{count} days overdue", fr: "{count} jours de retard"),
        "agenda.overdue_task_today": Entry(en: "Was due today at {time}", fr: "Prévue aujourd’hui à {time}"),
        "agenda.stale_deal.one": Entry(
            en: "No activity for {count} day (limit {limit})",
            fr: "Aucune activité depuis {count} jour (limite {limit})"),
        "agenda.stale_deal.other": Entry(
            en: "No activity for {count} days (limit {limit})",
            fr: "Aucune activité depuis {count} jours (limite {limit})"),

        // Daily digest e-mail
        "digest.greeting": Entry(
            en: "Hello {name}, here is what needs you today ({date}), most important first:",
            fr: "Bonjour {name}, voici ce qui vous attend aujourd’hui ({date}), le plus important d’abord :"),
        "digest.link": Entry(en: "Open Carnet: {url}", fr: "Ouvrir Carnet : {url}"),
        "digest.subject.one": Entry(en: "Your day in Carnet: {count} thing to do", fr: "Votre journée dans Carnet : {count} chose à faire"),
        "digest.subject.other": Entry(en: "Your day in Carnet: {count} things to do", fr: "Votre journée dans Carnet : {count} choses à faire"),
        "digest.subject_overdue.one": Entry(
            en: "Your day in Carnet: {count} thing to do, {overdue} overdue",
            fr: "Votre journée dans Carnet : {count} chose à faire, {overdue} en retard"),
        "digest.subject_overdue.other": Entry(
            en: "Your day in Carnet: {count} things to do, {overdue} overdue",
            fr: "Votre journée dans Carnet : {count} choses à faire, {overdue} en retard"),

        // Lead reassignment
        "lead.reassigned": Entry(
            en: "Lead reassigned from {from} to {to}: not contacted within {days} days",
            fr: "Prospect réattribué de {from} à {to} : pas de contact sous {days} jours"),
        "lead.reassignment_undone": Entry(
            en: "Reassignment undone by {by}: the lead is back with {from}",
            fr: "Réattribution annulée par {by} : le prospect revient à {from}"),

        // Reminders
        "reminder.deal_next_action_overdue": Entry(
            en: "{title}: the next action was due on {date}",
            fr: "{title} : la prochaine action était prévue le {date}"),
        "reminder.deal_stale.one": Entry(
            en: "{title}: no activity for {count} day (the stage allows {limit})",
            fr: "{title} : aucune activité depuis {count} jour (l’étape en tolère {limit})"),
        "reminder.deal_stale.other": Entry(
            en: "{title}: no activity for {count} days (the stage allows {limit})",
            fr: "{title} : aucune activité depuis {count} jours (l’étape en tolère {limit})"),
        "reminder.lead_uncontacted": Entry(
            en: "{title}: new lead, not contacted for {hours} hours",
            fr: "{title} : nouveau prospect, sans contact depuis {hours} heures"),
        "reminder.task_due": Entry(
            en: "{title}: due {date}",
            fr: "{title} : à faire le {date}"),

        // Users
        "user.last_admin_active": Entry(
            en: "cannot be turned off: this is the last active admin; make another user admin first",
            fr: "ne peut pas être désactivé : c’est le dernier administrateur actif ; nommez d’abord un autre administrateur"),
        "user.last_admin_role": Entry(
            en: "cannot change: this is the last active admin; make another user admin first",
            fr: "ne peut pas changer : c’est le dernier administrateur actif ; nommez d’abord un autre administrateur"),
    ]
}
