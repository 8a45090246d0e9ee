import CarnetCore
import Foundation

/// A realistic sample of a French SME's CRM: users, companies across the regions,
/// their contacts, deals in every stage of the pipeline and months of activities.
///
/// Generating it is pure: the same seed, pipeline and instant give the same sample.
/// `install` then writes it through the services, so every rule applies and every
/// event is written: each deal is created in the first stage and moved stage by stage,
/// given at each step what the stage's entry rule asks for (a contact, custom fields,
/// a logged meeting, an amount and a closing date, a next action, a lost reason).
/// E-mail addresses and websites use the reserved `.example` domain.
public struct DemoData: Sendable, Equatable {
    /// A user of the sample company.
    public struct UserPlan: Sendable, Equatable {
        public var email: String
        public var name: String
        public var role: Role
    }

    /// A client or prospect company; `owner` indexes `users`.
    public struct CompanyPlan: Sendable, Equatable {
        public var name: String
        public var industry: String
        public var size: Int
        /// Yearly revenue in euro cents.
        public var annualRevenue: Int64
        public var region: String
        public var city: String
        public var postcode: String
        public var website: String
        /// A nine-digit, Luhn-valid number shaped like a French SIREN, stored as the custom field `siren`.
        public var siren: String
        public var owner: Int
    }

    /// A person at one of the companies; `company` indexes `companies`, `owner` indexes `users`.
    public struct ContactPlan: Sendable, Equatable {
        public var firstName: String
        public var lastName: String
        public var email: String
        public var phone: String
        public var title: String
        public var company: Int
        public var street: String
        public var source: String
        public var tags: [String]
        public var emailOptIn: Bool
        public var doNotEmail: Bool
    }

    /// Something done with a contact, `daysAgo` before the sample's instant; `deal` indexes `deals` when it concerns one.
    public struct ActivityPlan: Sendable, Equatable {
        public var kind: ActivityKind
        public var subject: String
        public var body: String
        public var contact: Int
        public var deal: Int?
        public var daysAgo: Double
        public var durationMinutes: Int?
    }

    /// A deal and the stages it goes through, in order; its last stage is where it ends up.
    public struct DealPlan: Sendable, Equatable {
        public var title: String
        public var contact: Int
        public var stages: [String]
        /// In euro cents.
        public var amount: Int64
        public var expectedClose: LocalDate
        public var need: String
        public var decisionMaker: String
        public var nextAction: String
        public var nextActionInDays: Int
        public var lostReason: String
        /// Logged before each move: `activities[i]` before the deal enters `stages[i + 1]`.
        public var activities: [[ActivityPlan]]
    }

    public let users: [UserPlan]
    public let companies: [CompanyPlan]
    public let contacts: [ContactPlan]
    public let deals: [DealPlan]
    /// Activities on contacts outside any deal.
    public let activities: [ActivityPlan]
    public let pipeline: Pipeline
    public let now: Date

    /// Generates a sample of `contactCount` contacts at `companyCount` companies with `dealCount` deals.
    public init(seed: UInt64, pipeline: Pipeline = .standard, now: Date, contactCount: Int = 200, companyCount: Int = 40, dealCount: Int = 60) {
        var random = SplitMix64(seed: seed)
        self.pipeline = pipeline
        self.now = now
        users = Self.sampleUsers
        let companies = Self.makeCompanies(companyCount, users: users.count, &random)
        let contacts = Self.makeContacts(contactCount, companies: companies, &random)
        self.companies = companies
        self.contacts = contacts
        deals = Self.makeDeals(dealCount, pipeline: pipeline, contacts: contacts, companies: companies, now: now, &random)
        activities = (0..<(contactCount * 3 / 4)).map { _ in
            Self.activity(random.pick([.note, .call, .email, .meeting]), contact: random.int(0...(contactCount - 1)), deal: nil,
                          daysAgo: Double(random.int(1...180)) + Double(random.int(0...9)) / 24, &random)
        }
    }

    // MARK: Generation

    private static func makeCompanies(_ count: Int, users: Int, _ random: inout SplitMix64) -> [CompanyPlan] {
        var companies: [CompanyPlan] = []
        var names = Set<String>()
        while companies.count < count {
            let (region, place) = pickPlace(&random)
            let (pattern, industry) = random.pick(companyPatterns)
            let name = pattern.replacingOccurrences(of: "{n}", with: random.pick(lastNames)).replacingOccurrences(of: "{c}", with: place.city)
            guard names.insert(name).inserted else { continue }
            let size = random.pick([3, 5, 8, 12, 18, 25, 40, 60, 85, 120, 180, 240])
            companies.append(CompanyPlan(
                name: name, industry: industry, size: size,
                annualRevenue: Int64(size) * Int64(random.int(60...180)) * 1_000 * 100,
                region: region, city: place.city, postcode: place.postcode,
                website: "https://www.\(slug(name)).example", siren: siren(&random), owner: random.int(0...(users - 1))
            ))
        }
        return companies
    }

    private static func makeContacts(_ count: Int, companies: [CompanyPlan], _ random: inout SplitMix64) -> [ContactPlan] {
        var contacts: [ContactPlan] = []
        var emails = Set<String>()
        for index in 0..<count {
            // One contact in 50 is entered a second time, as happens in every CRM: the same
            // person, the e-mail in other capitals, the phone in national form.
            if index % 50 == 49, index >= companies.count, let twin = contacts.last {
                var copy = twin
                copy.email = capitalised(twin.email)
                copy.phone = national(twin.phone)
                copy.source = random.pick(sources)
                contacts.append(copy)
                continue
            }
            // Every company gets one contact before any gets a second.
            let company = index < companies.count ? index : random.int(0...(companies.count - 1))
            let first = random.pick(firstNames), last = random.pick(lastNames)
            let domain = slug(companies[company].name) + ".example"
            var email = "\(slug(first)).\(slug(last))@\(domain)"
            var suffix = 2
            while !emails.insert(email).inserted {
                email = "\(slug(first)).\(slug(last))\(suffix)@\(domain)"
                suffix += 1
            }
            var tags: [String] = [random.chance(40) ? "client" : "prospect"]
            for tag in ["décideur", "newsletter", "VIP", "salon 2025"] where random.chance(15) { tags.append(tag) }
            let street = "\(random.int(1...120)) \(random.pick(streets))"
            contacts.append(ContactPlan(
                firstName: first, lastName: last, email: email, phone: phone(region: companies[company].region, &random),
                title: random.pick(titles), company: company, street: street, source: random.pick(sources), tags: tags,
                emailOptIn: random.chance(60), doNotEmail: random.chance(5)
            ))
        }
        return contacts
    }

    private static func makeDeals(_ count: Int, pipeline: Pipeline, contacts: [ContactPlan], companies: [CompanyPlan], now: Date, _ random: inout SplitMix64) -> [DealPlan] {
        let open = pipeline.stages.filter { $0.outcome == .open }.map(\.key)
        var deals: [DealPlan] = []
        for index in 0..<count {
            // Round-robin over the stages puts deals in every one of them.
            let target = pipeline.stages[index % pipeline.stages.count]
            var stages: [String]
            switch target.outcome {
            case .open: stages = Array(open.prefix(through: open.firstIndex(of: target.key) ?? 0))
            case .won: stages = open + [target.key]
            case .lost: stages = Array(open.prefix(random.int(1...max(1, open.count)))) + [target.key]
            }
            let contact = random.int(0...(contacts.count - 1))
            let person = contacts[contact]
            let startedDaysAgo = random.int(20...170)
            var activities: [[ActivityPlan]] = []
            for step in 1..<max(1, stages.count) {
                let daysAgo = Double(startedDaysAgo) * Double(stages.count - step) / Double(stages.count) + 0.5
                var logged: [ActivityPlan] = []
                if random.chance(60) {
                    logged.append(activity(random.pick([.call, .email, .note]), contact: contact, deal: index, daysAgo: daysAgo + 2, &random))
                }
                if let kind = pipeline.stage(stages[step])?.requiredActivity {
                    logged.append(activity(kind, contact: contact, deal: index, daysAgo: daysAgo, &random))
                }
                activities.append(logged)
            }
            let closeDays = target.outcome == .open ? random.int(10...120) : -random.int(0...30)
            deals.append(DealPlan(
                title: "\(random.pick(products)) — \(companies[person.company].name)", contact: contact, stages: stages,
                amount: Int64(random.int(15...1_200)) * 100 * 100, expectedClose: localDate(now.addingTimeInterval(Double(closeDays) * 86_400)),
                need: random.pick(needs), decisionMaker: random.chance(70) ? "\(person.firstName) \(person.lastName)" : random.pick(deciders),
                nextAction: random.pick(nextActions), nextActionInDays: random.int(1...21), lostReason: random.pick(lostReasons),
                activities: activities
            ))
        }
        return deals
    }

    static func activity(_ kind: ActivityKind, contact: Int, deal: Int?, daysAgo: Double, _ random: inout SplitMix64) -> ActivityPlan {
        let (subjects, bodies, duration): ([String], [String], ClosedRange<Int>?) = switch kind {
        case .call: (["Appel de qualification", "Point téléphonique sur le besoin", "Relance téléphonique", "Appel de suivi"],
                     ["Intéressé, souhaite recevoir une documentation.", "Budget à valider en comité de direction.", "Rappeler après les congés scolaires."], 5...40)
        case .email: (["Envoi de la plaquette", "Envoi de la proposition commerciale", "Relance par e-mail", "Confirmation du rendez-vous"],
                      ["Documentation envoyée avec les références clients de la région.", "Proposition jointe, valable 30 jours.", "Pas encore de réponse, relance dans une semaine."], nil)
        case .meeting: (["Rendez-vous de découverte", "Démonstration sur site", "Réunion de cadrage", "Visite de l'atelier"],
                        ["Rencontre avec la direction : besoin confirmé, calendrier serré.", "Démonstration appréciée, questions sur la formation des équipes.", "Visite des locaux, relevé des contraintes techniques."], 30...120)
        case .note: (["Compte rendu", "Note interne", "Informations sur le budget", "Contexte concurrentiel"],
                     ["Le concurrent actuel arrive en fin de contrat en juin.", "Décision attendue avant la fin du trimestre.", "Interlocuteur très réactif, préfère être contacté le matin."], nil)
        }
        return ActivityPlan(kind: kind, subject: random.pick(subjects), body: random.pick(bodies), contact: contact, deal: deal,
                            daysAgo: daysAgo, durationMinutes: duration.map { random.int($0) })
    }

    static func pickPlace(_ random: inout SplitMix64) -> (region: String, place: (city: String, postcode: String)) {
        // The first regions are listed twice: most SMEs' clients are around Paris, Lyon and Toulouse.
        let region = random.pick(regions + Array(regions.prefix(3)))
        return (region.name, random.pick(region.places))
    }

    static func phone(region: String, _ random: inout SplitMix64) -> String {
        let prefix = random.chance(50) ? "6" : String(regions.first { $0.name == region }?.phoneDigit ?? 1)
        return "+33 \(prefix) " + (0..<4).map { _ in
            let pair = random.int(0...99)
            return pair < 10 ? "0\(pair)" : "\(pair)"
        }.joined(separator: " ")
    }

    /// Nine digits whose Luhn sum is a multiple of 10, as a real SIREN's is.
    static func siren(_ random: inout SplitMix64) -> String {
        var digits = (0..<8).map { _ in random.int(0...9) }
        digits[0] = random.int(1...9)
        let sum = digits.enumerated().reduce(0) { total, item in
            // Counting from the right with the check digit at position 1, these sit at 2..9: double the even ones.
            let doubled = (8 - item.offset) % 2 == 1 ? item.element * 2 : item.element
            return total + (doubled > 9 ? doubled - 9 : doubled)
        }
        return digits.map(String.init).joined() + String((10 - sum % 10) % 10)
    }

    /// `Claire.Dubois@Example.fr` from `claire.dubois@example.fr`: the same address typed another way.
    static func capitalised(_ email: String) -> String {
        email.split(separator: ".", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: ".")
    }

    /// `01 23 45 67 89` from `+33 1 23 45 67 89`.
    static func national(_ phone: String) -> String {
        phone.hasPrefix("+33 ") ? "0" + phone.dropFirst(4) : phone
    }

    /// Lower-case ASCII letters, digits and dashes: "Transports Lefèvre & Fils" gives `transports-lefevre-fils`.
    static func slug(_ text: String) -> String {
        let folded = SearchKey.fold(text).replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
        let words = folded.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
        return words.joined(separator: "-")
    }

    static func localDate(_ date: Date) -> LocalDate {
        LocalDate(String(Timestamp.format(date).prefix(10)))!
    }

    // MARK: Vocabulary

    /// The sample company's team: a manager and three members.
    static let sampleUsers = [
        UserPlan(email: "claire.dubois@atelier-vercors.example", name: "Claire Dubois", role: .manager),
        UserPlan(email: "julien.moreau@atelier-vercors.example", name: "Julien Moreau", role: .member),
        UserPlan(email: "sophie.laurent@atelier-vercors.example", name: "Sophie Laurent", role: .member),
        UserPlan(email: "karim.benali@atelier-vercors.example", name: "Karim Benali", role: .member),
    ]

    struct Region {
        var name: String
        var phoneDigit: Int
        var places: [(city: String, postcode: String)]
    }

    static let regions: [Region] = [
        Region(name: "Île-de-France", phoneDigit: 1, places: [("Paris", "75011"), ("Versailles", "78000"), ("Créteil", "94000"), ("Nanterre", "92000"), ("Saint-Denis", "93200")]),
        Region(name: "Auvergne-Rhône-Alpes", phoneDigit: 4, places: [("Lyon", "69003"), ("Grenoble", "38000"), ("Clermont-Ferrand", "63000"), ("Annecy", "74000"), ("Saint-Étienne", "42000")]),
        Region(name: "Occitanie", phoneDigit: 5, places: [("Toulouse", "31000"), ("Montpellier", "34000"), ("Nîmes", "30000"), ("Perpignan", "66000")]),
        Region(name: "Nouvelle-Aquitaine", phoneDigit: 5, places: [("Bordeaux", "33000"), ("Limoges", "87000"), ("Pau", "64000"), ("La Rochelle", "17000")]),
        Region(name: "Hauts-de-France", phoneDigit: 3, places: [("Lille", "59000"), ("Amiens", "80000"), ("Roubaix", "59100")]),
        Region(name: "Provence-Alpes-Côte d'Azur", phoneDigit: 4, places: [("Marseille", "13001"), ("Nice", "06000"), ("Toulon", "83000"), ("Aix-en-Provence", "13100")]),
        Region(name: "Grand Est", phoneDigit: 3, places: [("Strasbourg", "67000"), ("Reims", "51100"), ("Metz", "57000"), ("Nancy", "54000")]),
        Region(name: "Bretagne", phoneDigit: 2, places: [("Rennes", "35000"), ("Brest", "29200"), ("Vannes", "56000")]),
        Region(name: "Pays de la Loire", phoneDigit: 2, places: [("Nantes", "44000"), ("Angers", "49000"), ("Le Mans", "72000")]),
        Region(name: "Normandie", phoneDigit: 2, places: [("Rouen", "76000"), ("Caen", "14000"), ("Le Havre", "76600")]),
        Region(name: "Bourgogne-Franche-Comté", phoneDigit: 3, places: [("Dijon", "21000"), ("Besançon", "25000")]),
        Region(name: "Centre-Val de Loire", phoneDigit: 2, places: [("Tours", "37000"), ("Orléans", "45000")]),
    ]

    /// Name patterns (`{n}` a surname, `{c}` the city) and the industry they suggest.
    static let companyPatterns: [(String, String)] = [
        ("Boulangerie {n}", "Agroalimentaire"), ("Fromagerie {n}", "Agroalimentaire"), ("Transports {n}", "Transport et logistique"),
        ("{c} Logistique", "Transport et logistique"), ("Menuiserie {n}", "BTP"), ("{n} & Fils", "BTP"), ("Garage {n}", "Automobile"),
        ("Imprimerie {n}", "Imprimerie et édition"), ("Cabinet {n}", "Conseil"), ("{c} Conseil", "Conseil"), ("Atelier {n}", "Artisanat"),
        ("Brasserie {n}", "Hôtellerie-restauration"), ("Laboratoires {n}", "Santé"), ("Pharmacie {n}", "Santé"),
        ("{n} Industrie", "Industrie mécanique"), ("Mécanique de précision {n}", "Industrie mécanique"), ("{c} Numérique", "Logiciel et services numériques"),
        ("Groupe {n}", "Commerce de gros"), ("Domaine {n}", "Viticulture"), ("{c} Énergies", "Énergie"), ("Voyages {n}", "Tourisme"),
    ]

    static let firstNames = [
        "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Emma", "Louise", "Julie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Aurélie",
        "Éloïse", "Amina", "Thomas", "Nicolas", "Julien", "Maxime", "Hugo", "Lucas", "Antoine", "Pierre", "François", "Stéphane", "Philippe",
        "Olivier", "Mehdi", "Théo", "Gaëlle", "Hélène", "Benoît", "Jérôme", "Yann", "Loïc",
    ]

    static let lastNames = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre",
        "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
        "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nguyen",
        "Benali", "Da Silva", "Le Gall", "Haddad", "Diallo", "Kowalski",
    ]

    static let titles = [
        "Directeur général", "Directrice générale", "Gérant", "Gérante", "Responsable des achats", "Directeur administratif et financier",
        "Assistante de direction", "Responsable commercial", "Cheffe de projet", "Responsable logistique", "Comptable", "Directrice marketing",
        "Responsable des ressources humaines", "Responsable qualité", "Responsable de production", "Office manager",
    ]

    static let streets = [
        "rue Victor Hugo", "avenue Jean Jaurès", "boulevard Gambetta", "place de la République", "rue de la Gare", "chemin des Vignes",
        "rue Pasteur", "avenue du Général de Gaulle", "rue des Artisans", "allée des Tilleuls", "rue du Commerce", "quai de la Loire",
    ]

    static let sources = ["site web", "salon professionnel", "recommandation", "prospection", "LinkedIn", "webinaire"]

    static let products = [
        "Licences du logiciel de gestion", "Contrat de maintenance annuel", "Formation des équipes", "Audit énergétique", "Refonte du site web",
        "Équipement de l'atelier", "Contrat de transport", "Accompagnement RH", "Installation photovoltaïque", "Renouvellement du parc informatique",
        "Étude de faisabilité", "Contrat cadre de fournitures",
    ]

    static let needs = [
        "Remplacer un outil vieillissant", "Réduire les coûts d'exploitation", "Se mettre en conformité avant l'audit",
        "Accompagner la croissance de l'équipe", "Former les nouveaux arrivants", "Gagner du temps sur la facturation",
    ]

    static let deciders = ["Direction générale", "Comité de direction", "Directeur administratif et financier", "Gérant"]

    static let nextActions = [
        "Relancer pour la proposition révisée", "Envoyer le devis signé", "Organiser une démonstration", "Appeler le directeur financier",
        "Préparer le contrat", "Planifier la visite du site",
    ]

    static let lostReasons = ["Prix trop élevé", "Choix d'un concurrent", "Projet reporté", "Pas de budget cette année", "Plus de réponse"]
}
