extension L10n {
    /// The tickets module's texts (`ticket.*`, `reply.*`).
    static let tickets: [String: Entry] = [
        "ticket.survey_answered": Entry(
            en: "This survey has already been answered: thank you.",
            fr: "Ce questionnaire a déjà reçu une réponse : merci."),
        "ticket.survey_body": Entry(
            en: "Hello {name},\n\nYour request {number} (“{subject}”) has been resolved. How satisfied are you with how we handled it? Choose a rating below: one click opens a page where you send it, with a comment if you like.",
            fr: "Bonjour {name},\n\nVotre demande {number} (« {subject} ») a été résolue. Êtes-vous satisfait de la façon dont nous l’avons traitée ? Choisissez une note ci-dessous : un clic ouvre une page où vous l’envoyez, avec un commentaire si vous le souhaitez."),
        "ticket.survey_score_1": Entry(en: "very dissatisfied", fr: "très insatisfait"),
        "ticket.survey_score_2": Entry(en: "dissatisfied", fr: "insatisfait"),
        "ticket.survey_score_3": Entry(en: "neither", fr: "mitigé"),
        "ticket.survey_score_4": Entry(en: "satisfied", fr: "satisfait"),
        "ticket.survey_score_5": Entry(en: "very satisfied", fr: "très satisfait"),
        "ticket.survey_score_range": Entry(
            en: "choose a rating from 1 (very dissatisfied) to 5 (very satisfied)",
            fr: "choisissez une note de 1 (très insatisfait) à 5 (très satisfait)"),
        "ticket.survey_subject": Entry(en: "How did we do?", fr: "Votre avis sur notre réponse"),
        "reply.unclosed_field": Entry(
            en: "opens a merge field with two braces and never closes it with two",
            fr: "ouvre un champ de fusion par deux accolades sans le refermer par deux"),
        "reply.unknown_field": Entry(
            en: "uses “{name}”, which is not a merge field; known fields: {known}",
            fr: "utilise « {name} », qui n’est pas un champ de fusion ; champs connus : {known}"),
        "ticket.body_required": Entry(
            en: "is required: write the message, or name a saved reply in reply_id",
            fr: "est obligatoire : écrivez le message, ou indiquez une réponse enregistrée dans reply_id"),
        "ticket.closed_no_message": Entry(
            en: "The ticket {number} is closed and takes no more messages; open a new ticket for a new request.",
            fr: "Le ticket {number} est clos et ne reçoit plus de messages ; ouvrez un nouveau ticket pour une nouvelle demande."),
        "ticket.contact_without_email": Entry(
            en: "the ticket's contact has no e-mail address, so a reply cannot be sent; add one or write a note",
            fr: "le contact du ticket n’a pas d’adresse e-mail, la réponse ne peut pas partir ; ajoutez-en une ou écrivez une note"),
        "ticket.needs_contact_for_reply": Entry(
            en: "the ticket has no contact to send a reply to; set contact_id or write a note",
            fr: "le ticket n’a pas de contact à qui répondre ; renseignez contact_id ou écrivez une note"),
        "ticket.needs_customer": Entry(
            en: "a ticket needs a contact or a company (or both)",
            fr: "un ticket doit avoir un contact ou une entreprise (ou les deux)"),
        "ticket.no_active_user": Entry(
            en: "no active user with id {id}",
            fr: "aucun utilisateur actif avec l’identifiant {id}"),
        "ticket.status_final": Entry(
            en: "a {from} ticket is final and cannot change status",
            fr: "un ticket {from} est définitif et ne peut plus changer de statut"),
        "ticket.status_move": Entry(
            en: "cannot go from {from} to {to}; from {from} a ticket can go to {allowed}",
            fr: "ne peut pas passer de {from} à {to} ; depuis {from}, un ticket peut passer à {allowed}"),
    ]
}
