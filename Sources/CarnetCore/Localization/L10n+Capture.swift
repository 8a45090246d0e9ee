extension L10n {
    /// The capture module's texts (`capture.*`): form and rule checks, submission problems,
    /// the public form page, and what a lead's timeline says.
    static let capture: [String: Entry] = [
        "capture.activity_matched": Entry(
            en: "Sent the form “{form}” again: empty fields filled in, nothing overwritten.",
            fr: "A de nouveau envoyé le formulaire « {form} » : champs vides complétés, rien d’écrasé."),
        "capture.body_object": Entry(
            en: "must be an object of field names and values",
            fr: "doit être un objet de noms de champs et de valeurs"),
        "capture.bulk_empty": Entry(
            en: "needs at least one badge",
            fr: "doit contenir au moins un badge"),
        "capture.bulk_items": Entry(
            en: "is required: a list of badges, each an object of the form's input names and values",
            fr: "est obligatoire : une liste de badges, chacun un objet des noms de champs du formulaire et de leurs valeurs"),
        "capture.bulk_too_many": Entry(
            en: "must have at most {max} badges (got {count})",
            fr: "doit contenir au plus {max} badges ({count} reçus)"),
        "capture.checkbox_target": Entry(
            en: "a checkbox can only fill a custom field (custom.<key>)",
            fr: "une case à cocher ne peut remplir qu’un champ personnalisé (custom.<clé>)"),
        "capture.deal_title": Entry(
            en: "{form} — {name}",
            fr: "{form} — {name}"),
        "capture.field_name_format": Entry(
            en: "must be 1 to 64 lower-case letters, digits or _ (got “{value}”)",
            fr: "doit faire de 1 à 64 lettres minuscules, chiffres ou _ (reçu « {value} »)"),
        "capture.field_name_reserved": Entry(
            en: "is reserved ({names}); pick another name",
            fr: "est réservé ({names}) ; choisissez un autre nom"),
        "capture.field_name_taken": Entry(
            en: "is used by two fields; field names must differ",
            fr: "est utilisé par deux champs ; les noms des champs doivent différer"),
        "capture.fields_empty": Entry(
            en: "a form needs at least one field",
            fr: "un formulaire doit avoir au moins un champ"),
        "capture.fields_too_many": Entry(
            en: "a form has at most {max} fields",
            fr: "un formulaire a au plus {max} champs"),
        "capture.invalid_country": Entry(
            en: "must be a two-letter country code such as FR",
            fr: "doit être un code pays à deux lettres comme FR"),
        "capture.invalid_email": Entry(
            en: "is not a valid e-mail address",
            fr: "n’est pas une adresse e-mail valide"),
        "capture.invalid_number": Entry(
            en: "must be a whole number",
            fr: "doit être un nombre entier"),
        "capture.maps_to_twice": Entry(
            en: "is filled by two fields; each target takes one field",
            fr: "est rempli par deux champs ; chaque destination ne prend qu’un champ"),
        "capture.maps_to_unknown": Entry(
            en: "“{value}” is not a field a lead can fill; use a contact field ({contact}), company.<field> ({company}) or custom.<key>",
            fr: "« {value} » n’est pas un champ qu’un prospect peut remplir ; utilisez un champ du contact ({contact}), company.<champ> ({company}) ou custom.<clé>"),
        "capture.max_length_range": Entry(
            en: "must be from 1 to {max}",
            fr: "doit être compris entre 1 et {max}"),
        "capture.needs_identity": Entry(
            en: "a form needs a field that fills email, first_name or last_name, so that the lead can be recorded",
            fr: "un formulaire doit avoir un champ qui remplit email, first_name ou last_name, pour que le prospect puisse être enregistré"),
        "capture.next_action": Entry(
            en: "Contact the lead",
            fr: "Contacter le prospect"),
        "capture.not_an_option": Entry(
            en: "must be one of: {options}",
            fr: "doit être l’un de : {options}"),
        "capture.options_not_select": Entry(
            en: "only a select field has options",
            fr: "seul un champ de type select a des options"),
        "capture.options_required": Entry(
            en: "a select field needs at least one option",
            fr: "un champ de type select doit avoir au moins une option"),
        "capture.page.choose": Entry(en: "Choose…", fr: "Choisir…"),
        "capture.page.honeypot": Entry(en: "Leave this field empty", fr: "Laissez ce champ vide"),
        "capture.page.required": Entry(en: "(required)", fr: "(obligatoire)"),
        "capture.page.submit": Entry(en: "Send", fr: "Envoyer"),
        "capture.page.received": Entry(en: "What you sent", fr: "Ce que vous avez envoyé"),
        "capture.page.thanks": Entry(
            en: "Thank you, we received your message.",
            fr: "Merci, nous avons bien reçu votre message."),
        "capture.position_range": Entry(
            en: "must be from 0 to {max}",
            fr: "doit être compris entre 0 et {max}"),
        "capture.rate_limited": Entry(
            en: "Too many submissions from this address; try again in {seconds} s.",
            fr: "Trop d’envois depuis cette adresse ; réessayez dans {seconds} s."),
        "capture.redirect_url": Entry(
            en: "must be an http or https address (got “{value}”)",
            fr: "doit être une adresse http ou https (reçu « {value} »)"),
        "capture.rule_industries_empty": Entry(
            en: "an industry rule needs at least one industry",
            fr: "une règle par secteur doit nommer au moins un secteur"),
        "capture.rule_industry_only": Entry(
            en: "only an industry rule looks at industries",
            fr: "seule une règle par secteur tient compte des secteurs"),
        "capture.rule_owner_required": Entry(
            en: "is required for a {kind} rule: the user who gets the leads it matches",
            fr: "est obligatoire pour une règle {kind} : l’utilisateur qui reçoit les prospects qu’elle retient"),
        "capture.rule_plugin_name": Entry(
            en: "must be a plugin id or a Lua function name: letters, digits, _ and -, at most 64",
            fr: "doit être un identifiant de plugin ou un nom de fonction Lua : lettres, chiffres, _ et -, 64 au plus"),
        "capture.rule_plugin_only": Entry(
            en: "only a plugin rule names a plugin and a function",
            fr: "seule une règle plugin nomme un plugin et une fonction"),
        "capture.rule_plugin_owner": Entry(
            en: "a plugin rule lets its plugin name the owner; leave owner_id and user_ids empty",
            fr: "une règle plugin laisse son plugin désigner le responsable ; laissez owner_id et user_ids vides"),
        "capture.rule_plugin_required": Entry(
            en: "is required for a plugin rule: the id of the plugin whose function picks the owner",
            fr: "est obligatoire pour une règle plugin : l’identifiant du plugin dont la fonction choisit le responsable"),
        "capture.rule_round_robin_owner": Entry(
            en: "a round_robin rule picks among user_ids in turn; leave owner_id empty",
            fr: "une règle round_robin choisit à tour de rôle parmi user_ids ; laissez owner_id vide"),
        "capture.rule_territory_empty": Entry(
            en: "a territory rule needs regions, countries or postcode_prefixes",
            fr: "une règle par territoire doit avoir des régions, des pays ou des préfixes de code postal"),
        "capture.rule_territory_only": Entry(
            en: "only a territory rule looks at regions, countries and postcode prefixes",
            fr: "seule une règle par territoire tient compte des régions, pays et préfixes de code postal"),
        "capture.rule_users_round_robin": Entry(
            en: "only a round_robin rule takes user_ids; this rule gives its leads to owner_id",
            fr: "seule une règle round_robin prend user_ids ; cette règle donne ses prospects à owner_id"),
        "capture.slug_format": Entry(
            en: "must be 1 to 60 lower-case letters, digits or hyphens (got “{value}”)",
            fr: "doit faire de 1 à 60 lettres minuscules, chiffres ou tirets (reçu « {value} »)"),
        "capture.slug_taken": Entry(
            en: "is already the address of another form",
            fr: "est déjà l’adresse d’un autre formulaire"),
        "capture.value_kind": Entry(
            en: "must be a text, a number or true/false",
            fr: "doit être un texte, un nombre ou true/false"),
        "capture.unknown_user": Entry(
            en: "no active user with id {id}",
            fr: "aucun utilisateur actif avec l’identifiant {id}"),
    ]
}
