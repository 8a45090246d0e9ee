import CarnetCore
import Foundation

/// The scoring logic `carnet bench plugins` runs in Lua and in Swift, and the contacts it
/// scores: the same rules on the same fields, so the two totals must agree.
enum ScoringFixture {
    /// The Lua version: about thirty lines, as an integrator would write it.
    static let lua = """
        local SENIOR = { ceo = 30, cfo = 25, cto = 25, founder = 30, owner = 25, director = 20, directeur = 20, head = 15, vp = 20, manager = 10 }
        local FREE = { ["gmail.com"] = true, ["yahoo.fr"] = true, ["hotmail.com"] = true, ["orange.fr"] = true, ["free.fr"] = true }
        local REGIONS = { ["Île-de-France"] = 10, ["Auvergne-Rhône-Alpes"] = 8, ["Occitanie"] = 5 }
        function score(c)
          local s = 0
          local best = 0
          for word in string.gmatch(string.lower(c.title or ""), "%a+") do
            local w = SENIOR[word]
            if w and w > best then best = w end
          end
          s = s + best
          if c.email then
            s = s + 10
            local domain = string.match(c.email, "@(.+)$")
            if domain and not FREE[string.lower(domain)] then s = s + 15 end
          end
          if c.phones and #c.phones > 0 then s = s + 10 end
          if c.company_id then s = s + 10 end
          s = s + (REGIONS[c.region or ""] or 0)
          for _, tag in ipairs(c.tags or {}) do
            if tag == "vip" then s = s + 15 elseif tag == "partner" then s = s + 10 end
          end
          if c.email_opt_in and not c.do_not_email then s = s + 5 end
          if s > 100 then s = 100 end
          return s
        end
        """

    /// Scores a page of contacts in one run, as a job would.
    static let luaBatch = """

        function score_all(contacts)
          local sum = 0
          for _, c in ipairs(contacts) do sum = sum + score(c) end
          return sum
        end
        """

    /// Contacts per run in the batch measure.
    static let batchSize = 1_000

    static let senior = ["ceo": 30, "cfo": 25, "cto": 25, "founder": 30, "owner": 25, "director": 20, "directeur": 20, "head": 15, "vp": 20, "manager": 10]
    static let free: Set<String> = ["gmail.com", "yahoo.fr", "hotmail.com", "orange.fr", "free.fr"]
    static let regions = ["Île-de-France": 10, "Auvergne-Rhône-Alpes": 8, "Occitanie": 5]

    /// The same rules in Swift. Words are runs of ASCII letters, as Lua's `%a` in the C locale.
    static func score(_ contact: Contact) -> Int {
        var score = 0
        var best = 0
        for word in (contact.title ?? "").lowercased().split(whereSeparator: { !($0.isASCII && $0.isLetter) }) {
            if let weight = senior[String(word)], weight > best { best = weight }
        }
        score += best
        if let email = contact.email {
            score += 10
            if let at = email.firstIndex(of: "@"), !free.contains(email[email.index(after: at)...].lowercased()) { score += 15 }
        }
        if !contact.phones.isEmpty { score += 10 }
        if contact.companyID != nil { score += 10 }
        score += regions[contact.region ?? ""] ?? 0
        for tag in contact.tags {
            if tag == "vip" { score += 15 } else if tag == "partner" { score += 10 }
        }
        if contact.emailOptIn && !contact.doNotEmail { score += 5 }
        return min(score, 100)
    }

    /// `count` varied contacts, the same for a given count.
    static func contacts(_ count: Int) -> [Contact] {
        let titles = ["CEO", "Head of Sales", "Directeur commercial", "Assistant", "VP Marketing", "Office manager", "Founder & CTO", "Comptable", ""]
        let domains = ["gmail.com", "atelier.fr", "orange.fr", "industrie-sud.com", "free.fr", "bureau.eu"]
        let regions = ["Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie", "Bretagne", "Grand Est"]
        let tags = [[], ["vip"], ["partner"], ["vip", "partner"], ["newsletter"]]
        let now = Date()
        return (0..<count).map { index in
            var contact = Contact(id: "con_bench\(index)", at: now)
            contact.firstName = "Contact"
            contact.lastName = "N\(index)"
            contact.title = titles[index % titles.count].isEmpty ? nil : titles[index % titles.count]
            contact.email = index % 7 == 0 ? nil : "c\(index)@\(domains[index % domains.count])"
            contact.phones = index % 3 == 0 ? [] : ["+33 1 23 45 67 \(String(format: "%02d", index % 100))"]
            contact.companyID = index % 4 == 0 ? nil : "com_\(index % 500)"
            contact.region = regions[index % regions.count]
            contact.tags = tags[index % tags.count]
            contact.emailOptIn = index % 2 == 0
            contact.doNotEmail = index % 11 == 0
            return contact
        }
    }
}
