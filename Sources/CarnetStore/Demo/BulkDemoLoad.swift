import CarnetCore
import Foundation

/// The state of one `BulkDemo` load: the generator, the rows written so far that later
/// rows point at (as indexes into compact arrays), and the buffers of each table.
struct BulkDemoLoad {
    let demo: BulkDemo
    let conn: any SQLConnection
    private(set) var summary = DemoSummary()
    private var random: SplitMix64

    private var userIDs: [String] = []
    private var companyIDs: [String] = []
    private var companyNames: [String] = []
    private var companyDomains: [String] = []
    private var companyPlaces: [(region: String, city: String, postcode: String)] = []
    private var companyOwners: [Int32] = []
    private var contactIDs: [String] = []
    private var contactCompanies: [Int32] = []
    private var dealIDs: [String] = []
    private var dealContacts: [Int32] = []
    private var activityRows = RowBuffer(Activity.insertTarget)

    /// Slugs and filled-in company name patterns already made: the same few hundred come
    /// back hundreds of thousands of times.
    private var slugs: [String: String] = [:]
    private var filledPatterns: [String: String] = [:]

    private static let day: TimeInterval = 86_400
    /// How far back the sample's history goes.
    private static let historyDays = 730

    init(demo: BulkDemo, conn: any SQLConnection) {
        self.demo = demo
        self.conn = conn
        random = SplitMix64(seed: demo.seed)
    }

    /// The sample team, then more members named from the sample's vocabulary; e-mails that
    /// already have a user reuse it.
    mutating func users(_ services: Services) throws {
        var plans = DemoData.sampleUsers
        var emails = Set(plans.map(\.email))
        var index = 0
        while plans.count < demo.counts.users {
            let first = DemoData.firstNames[index % DemoData.firstNames.count]
            let last = DemoData.lastNames[(index * 7 + 3) % DemoData.lastNames.count]
            let email = "\(DemoData.slug(first)).\(DemoData.slug(last))@atelier-vercors.example"
            if emails.insert(email).inserted {
                plans.append(DemoData.UserPlan(email: email, name: "\(first) \(last)", role: plans.count % 10 == 0 ? .manager : .member))
            }
            index += 1
        }
        for plan in plans {
            if let user = try services.users.find(email: plan.email, conn) {
                userIDs.append(user.id)
            } else {
                userIDs.append(try services.users.create(email: plan.email, name: plan.name, role: plan.role, passwordHash: nil, locale: "fr", actor: .system, conn).id)
                summary.users += 1
            }
        }
    }

    mutating func companies() throws {
        var buffer = RowBuffer(Company.insertTarget)
        var names = Set<String>()
        for index in 0..<demo.counts.companies {
            let (region, place) = DemoData.pickPlace(&random)
            let (pattern, industry) = random.pick(DemoData.companyPatterns)
            let base = filled(pattern, with: pattern.contains("{n}") ? random.pick(DemoData.lastNames) : place.city)
            var name = base, domain = slug(base)
            if !names.insert(name).inserted {
                (name, domain) = pattern.contains("{c}") ? ("\(base) \(index)", "\(domain)-\(index)") : ("\(base) — \(place.city)", "\(domain)-\(slug(place.city))")
                if !names.insert(name).inserted { (name, domain) = ("\(base) \(index)", "\(slug(base))-\(index)") }
            }
            let created = inOrder(index, of: demo.counts.companies)
            var company = Company(id: EntityID.make(IDPrefix.company, at: created, using: &random), at: created)
            let size = random.pick([3, 5, 8, 12, 18, 25, 40, 60, 85, 120, 180, 240])
            domain += ".example"
            company.name = name
            company.industry = industry
            company.size = size
            company.annualRevenue = Int64(size) * Int64(random.int(60...180)) * 1_000 * 100
            company.currency = .eur
            company.region = region
            company.country = "FR"
            company.website = "https://www.\(domain)"
            company.customFields = ["siren": .string(DemoData.siren(&random))]
            let owner = random.int(0...(userIDs.count - 1))
            company.ownerID = userIDs[owner]
            try buffer.append([.text(company.id)] + company.fieldBinds, conn)
            companyIDs.append(company.id)
            companyNames.append(name)
            companyDomains.append(domain)
            companyPlaces.append((region, place.city, place.postcode))
            companyOwners.append(Int32(owner))
        }
        try buffer.flush(conn)
        summary.companies = companyIDs.count
    }

    /// Contacts in blocks per company (five each on average), every 200th a second entry of
    /// the contact before it.
    mutating func contacts() throws {
        var buffer = RowBuffer(Contact.insertTarget)
        var tags = RowBuffer(ContactImporter.tagsInsert)
        var emails = Set<String>()
        var previous: Contact?
        var currentCompany = -1
        let total = demo.counts.contacts, companyCount = companyIDs.count
        for index in 0..<total {
            let company = index * companyCount / total
            if company != currentCompany {
                currentCompany = company
                emails.removeAll(keepingCapacity: true)
                previous = nil
            }
            let place = companyPlaces[company]
            let created = inOrder(index, of: total)
            var contact = Contact(id: EntityID.make(IDPrefix.contact, at: created, using: &random), at: created)
            if index % 200 == 199, let twin = previous {
                contact.firstName = twin.firstName
                contact.lastName = twin.lastName
                contact.email = twin.email.map(DemoData.capitalised)
                contact.phones = twin.phones.map(DemoData.national)
                contact.title = twin.title
            } else {
                let first = random.pick(DemoData.firstNames), last = random.pick(DemoData.lastNames)
                let local = "\(slug(first)).\(slug(last))"
                var email = "\(local)@\(companyDomains[company])"
                var suffix = 2
                while !emails.insert(email).inserted {
                    email = "\(local)\(suffix)@\(companyDomains[company])"
                    suffix += 1
                }
                contact.firstName = first
                contact.lastName = last
                contact.email = email
                contact.phones = [DemoData.phone(region: place.region, &random)]
                contact.title = random.pick(DemoData.titles)
            }
            contact.companyID = companyIDs[company]
            contact.street = "\(random.int(1...120)) \(random.pick(DemoData.streets))"
            contact.postcode = place.postcode
            contact.city = place.city
            contact.region = place.region
            contact.country = "FR"
            contact.source = random.pick(DemoData.sources)
            contact.tags = [random.chance(40) ? "client" : "prospect"]
            for tag in ["décideur", "newsletter", "VIP", "salon 2025"] where random.chance(15) { contact.tags.append(tag) }
            contact.ownerID = userIDs[Int(companyOwners[company])]
            contact.emailOptIn = random.chance(60)
            contact.doNotEmail = random.chance(5)
            try buffer.append(contact.insertBinds(companyName: companyNames[company]), conn)
            for tag in Set(contact.tags.map { $0.lowercased() }) {
                try tags.append([.text(tag), .text(contact.id)], conn)
            }
            contactIDs.append(contact.id)
            contactCompanies.append(Int32(company))
            previous = contact
        }
        try buffer.flush(conn)
        try tags.flush(conn)
        summary.contacts = contactIDs.count
    }

    /// Deals opened over two years: about a third still open, the rest won or lost, each
    /// with a stage-history row per stage it went through and the activity each stage's
    /// entry rule asks for.
    mutating func deals() throws {
        var buffer = RowBuffer(Deal.insertTarget)
        var history = RowBuffer(StageHistoryRow.insertTarget)
        let stages = demo.pipeline.stages
        let open = stages.filter { $0.outcome == .open }
        guard !open.isEmpty else { return }
        let won = stages.first { $0.outcome == .won }, lost = stages.first { $0.outcome == .lost }
        let total = demo.counts.deals
        for index in 0..<total {
            let created = inOrder(index, of: total)
            let age = demo.now.timeIntervalSince(created) / Self.day
            // Young deals are mostly open, old ones mostly closed; one in twenty old ones lingers.
            let openShare = age < 45 ? 90 : age < 180 ? 50 : 5
            let target: Stage = if random.chance(openShare) {
                open[random.int(0...(open.count - 1))]
            } else if random.chance(40) {
                won ?? open[open.count - 1]
            } else {
                lost ?? open[0]
            }
            var path: [Stage]
            switch target.outcome {
            case .open: path = Array(open.prefix(through: open.firstIndex { $0.key == target.key } ?? 0))
            case .won: path = open + [target]
            case .lost: path = Array(open.prefix(random.int(1...open.count))) + [target]
            }
            let closed = target.outcome != .open
            let end = closed
                ? min(created.addingTimeInterval(Double(random.int(2...120)) * Self.day), demo.now.addingTimeInterval(-60))
                : created.addingTimeInterval(demo.now.timeIntervalSince(created) * Double(random.int(30...95)) / 100)
            let contact = random.int(0...(contactIDs.count - 1))
            let company = Int(contactCompanies[contact])
            let ownerID = userIDs[Int(companyOwners[company])]

            var deal = Deal(id: EntityID.make(IDPrefix.deal, at: created, using: &random), pipeline: demo.pipeline, currency: .eur, at: created)
            deal.title = "\(random.pick(DemoData.products)) — \(companyNames[company])"
            deal.contactID = contactIDs[contact]
            deal.companyID = companyIDs[company]
            deal.ownerID = ownerID
            deal.stage = target.key
            deal.probability = target.probability
            let priced = closed || path.contains { $0.requiredFields.contains("amount") } || random.chance(50)
            deal.amount = priced ? Int64(random.int(15...1_200)) * 100 * 100 : nil
            let dated = closed || path.contains { $0.requiredFields.contains("expected_close") } || random.chance(50)
            deal.expectedClose = dated ? DemoData.localDate(closed ? end : demo.now.addingTimeInterval(Double(random.int(10...120)) * Self.day)) : nil
            if !closed && random.chance(90) {
                deal.nextAction = random.pick(DemoData.nextActions)
                deal.nextActionAt = demo.now.addingTimeInterval(Double(random.int(-10...21)) * Self.day + Double(random.int(8...17)) * 3_600)
            }
            if target.outcome == .lost { deal.lostReason = random.pick(DemoData.lostReasons) }
            if path.count > 1 {
                deal.customFields = ["need": .string(random.pick(DemoData.needs)), "decision_maker": .string(random.pick(DemoData.deciders))]
            }
            deal.stageChangedAt = end
            deal.closedAt = closed ? end : nil
            deal.updatedAt = end
            deal.version = path.count

            let times = path.indices.map { step in
                path.count == 1 ? created : created.addingTimeInterval(end.timeIntervalSince(created) * Double(step) / Double(path.count - 1))
            }
            for (step, stage) in path.enumerated() {
                let at = times[step]
                if let kind = stage.requiredActivity {
                    try logActivity(kind, contact: contact, deal: dealIDs.count, dealID: deal.id, userID: ownerID, at: at.addingTimeInterval(-Self.day))
                }
                let next = step + 1 < path.count ? step + 1 : nil
                let move = StageHistoryRow(id: EntityID.make("stg", at: at, using: &random), dealID: deal.id, from: step == 0 ? nil : path[step - 1].key,
                                           to: stage.key, actorID: ownerID, at: at, nextStage: next.map { path[$0].key }, leftAt: next.map { times[$0] })
                try history.append(move.insertBinds, conn)
            }
            try buffer.append([.text(deal.id)] + deal.fieldBinds, conn)
            dealIDs.append(deal.id)
            dealContacts.append(Int32(contact))
        }
        try buffer.flush(conn)
        try history.flush(conn)
        summary.deals = dealIDs.count
    }

    /// The rest of the activities: notes, calls, e-mails and meetings with contacts over two
    /// years, one in five on one of their deals; meetings are often logged hours after.
    mutating func activities() throws {
        let kinds: [ActivityKind] = [.note, .call, .call, .email, .email, .meeting]
        let remaining = demo.counts.activities - summary.activities
        for index in 0..<max(0, remaining) {
            var contact = random.int(0...(contactIDs.count - 1))
            var deal: Int?
            if !dealIDs.isEmpty && random.chance(20) {
                let picked = random.int(0...(dealIDs.count - 1))
                deal = picked
                contact = Int(dealContacts[picked])
            }
            let owner = Int(companyOwners[Int(contactCompanies[contact])])
            let user = random.chance(80) ? owner : random.int(0...(userIDs.count - 1))
            let at = inOrder(index, of: remaining)
            try logActivity(random.pick(kinds), contact: contact, deal: deal, dealID: deal.map { dealIDs[$0] }, userID: userIDs[user], at: at)
        }
        try activityRows.flush(conn)
    }

    private mutating func logActivity(_ kind: ActivityKind, contact: Int, deal: Int?, dealID: String?, userID: String, at: Date) throws {
        let plan = DemoData.activity(kind, contact: contact, deal: deal, daysAgo: 0, &random)
        let delay = kind == .meeting ? random.int(0...(72 * 60)) : random.int(0...30)
        let logged = min(at.addingTimeInterval(Double(delay) * 60), demo.now)
        var activity = Activity(id: EntityID.make(IDPrefix.activity, at: logged, using: &random), kind: kind, at: logged)
        activity.subject = plan.subject
        activity.body = plan.body
        activity.contactID = contactIDs[contact]
        activity.dealID = dealID
        activity.companyID = companyIDs[Int(contactCompanies[contact])]
        activity.userID = userID
        activity.occurredAt = at
        activity.durationMinutes = plan.durationMinutes
        try activityRows.append(activity.insertBinds, conn)
        summary.activities += 1
    }

    /// The instant of the `index`th of `count` records made over the sample's two years,
    /// oldest first, a few minutes apart at random: ids carry their creation time, so records
    /// made in order go into the primary-key index in order, which keeps the load quick.
    private mutating func inOrder(_ index: Int, of count: Int) -> Date {
        let span = Double(Self.historyDays) * Self.day
        return demo.now.addingTimeInterval(-span * (1 - (Double(index) + 0.5) / Double(max(1, count))) - Double(random.int(0...300)))
    }

    private mutating func slug(_ text: String) -> String {
        if let known = slugs[text] { return known }
        let made = DemoData.slug(text)
        slugs[text] = made
        return made
    }

    /// `pattern` with its `{n}` (a surname) or `{c}` (a city) replaced by `word`.
    private mutating func filled(_ pattern: String, with word: String) -> String {
        let key = pattern + "\u{1}" + word
        if let known = filledPatterns[key] { return known }
        let made = pattern.replacingOccurrences(of: "{n}", with: word).replacingOccurrences(of: "{c}", with: word)
        filledPatterns[key] = made
        return made
    }
}
