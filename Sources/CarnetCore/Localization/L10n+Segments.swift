extension L10n {
    /// The segments module's texts (`segment.*`, `campaign.*`, `unsubscribe.*`).
    static let segments: [String: Entry] = [
        "campaign.bad_address": Entry(
            en: "must be an e-mail address (got {value})",
            fr: "doit être une adresse e-mail ({value} reçu)"),
        "campaign.footer": Entry(
            en: "You receive this e-mail because you agreed to hear from us. To unsubscribe: {url}",
            fr: "Vous recevez cet e-mail car vous avez accepté nos communications. Pour vous désabonner : {url}"),
        "campaign.no_contact": Entry(
            en: "no contact with id {id}",
            fr: "aucun contact avec l’identifiant {id}"),
        "campaign.no_member": Entry(
            en: "the segment has no contact to fill the merge fields with; name one in contact_id",
            fr: "le segment n’a aucun contact pour remplir les champs de fusion ; indiquez-en un dans contact_id"),
        "campaign.no_segment": Entry(
            en: "no segment with id {id}",
            fr: "aucun segment avec l’identifiant {id}"),
        "campaign.not_editable": Entry(
            en: "The campaign is {status}: once its send has started it can no longer change.",
            fr: "La campagne est {status} : une fois son envoi commencé, elle ne peut plus changer."),
        "segment.custom_key": Entry(
            en: "“{name}” is not a custom field a filter can read: after custom. come 1 to 64 letters, digits or _",
            fr: "« {name} » n’est pas un champ personnalisé qu’un filtre peut lire : après custom. viennent 1 à 64 lettres, chiffres ou _"),
        "segment.field_required": Entry(
            en: "is required: the field to test, one of {known}",
            fr: "est obligatoire : le champ à tester, parmi {known}"),
        "segment.group": Entry(
            en: "must be a group: an object with one key, all or any, holding a list of conditions and groups",
            fr: "doit être un groupe : un objet à une seule clé, all ou any, contenant une liste de conditions et de groupes"),
        "segment.in_use": Entry(
            en: "The segment is used by the campaign “{name}” and cannot be deleted.",
            fr: "Le segment est utilisé par la campagne « {name} » et ne peut pas être supprimé."),
        "segment.needs_module": Entry(
            en: "“{name}” reads lead scores, which need the {module} module: enable it first",
            fr: "« {name} » lit les scores des leads, qui demandent le module {module} : activez-le d’abord"),
        "segment.node": Entry(
            en: "must be a condition {field, op, value} or a group {all: [...]} or {any: [...]}",
            fr: "doit être une condition {field, op, value} ou un groupe {all: [...]} ou {any: [...]}"),
        "segment.too_deep": Entry(
            en: "groups may be nested at most {max} deep",
            fr: "les groupes peuvent s’imbriquer sur {max} niveaux au plus"),
        "segment.too_many": Entry(
            en: "a filter may hold at most {max} conditions (got {count})",
            fr: "un filtre peut contenir au plus {max} conditions ({count} reçues)"),
        "segment.unknown_field": Entry(
            en: "“{name}” is not a field a segment can filter on; fields: {known}",
            fr: "« {name} » n’est pas un champ qu’un segment peut filtrer ; champs : {known}"),
        "segment.unknown_key": Entry(
            en: "is not a key of a condition (use field, op and value)",
            fr: "n’est pas une clé d’une condition (utilisez field, op et value)"),
        "segment.unknown_op": Entry(
            en: "“{op}” does not apply to {field}; use one of {known}",
            fr: "« {op} » ne s’applique pas à {field} ; utilisez l’un de {known}"),
        "segment.value_choice": Entry(
            en: "must be one of {known} (got {value})",
            fr: "doit être l’un de {known} ({value} reçu)"),
        "segment.value_date": Entry(
            en: "must be a date as YYYY-MM-DD or a UTC timestamp such as 2026-03-02T10:00:00Z",
            fr: "doit être une date AAAA-MM-JJ ou un horodatage UTC comme 2026-03-02T10:00:00Z"),
        "segment.value_days": Entry(
            en: "must be a whole number of days from 1 to {max}",
            fr: "doit être un nombre entier de jours de 1 à {max}"),
        "segment.value_flag": Entry(
            en: "must be true or false",
            fr: "doit valoir true ou false"),
        "segment.value_list": Entry(
            en: "must be a list of 1 to {max} texts",
            fr: "doit être une liste de 1 à {max} textes"),
        "segment.value_number": Entry(
            en: "must be a number",
            fr: "doit être un nombre"),
        "segment.value_text": Entry(
            en: "must be a text of 1 to {max} characters",
            fr: "doit être un texte de 1 à {max} caractères"),
        "unsubscribe.button": Entry(
            en: "Unsubscribe",
            fr: "Me désabonner"),
        "unsubscribe.done": Entry(
            en: "{email} will receive no more campaign e-mails from us.",
            fr: "{email} ne recevra plus nos e-mails de campagne."),
        "unsubscribe.done_title": Entry(
            en: "You are unsubscribed",
            fr: "Vous êtes désabonné"),
        "unsubscribe.question": Entry(
            en: "Stop sending campaign e-mails to {email}?",
            fr: "Ne plus envoyer d’e-mails de campagne à {email} ?"),
        "unsubscribe.title": Entry(
            en: "Unsubscribe",
            fr: "Désabonnement"),
    ]
}
