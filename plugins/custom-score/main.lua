-- custom-score: a 0-100 score of how promising a contact is, kept in the custom field
-- `score` by the before-hooks and recomputed on demand by the action `rescore`.

-- Points per signal; they add up to 100. The title gives the points of its most senior
-- word (SENIORITY), or ANY_TITLE for a title without one.
local POINTS = { email = 10, business_email = 10, phone = 10, company = 10, area = 15, tag = 10, opt_in = 10 }
local SENIORITY = {
  ceo = 25, cfo = 25, cto = 25, coo = 25, chief = 25, founder = 25, owner = 25, president = 25,
  pdg = 25, dg = 25, gerant = 25, gerante = 25, fondateur = 25, fondatrice = 25, presidente = 25,
  general = 25, generale = 25, -- "Directeur général", "General Manager"
  director = 18, directeur = 18, directrice = 18, vp = 18, head = 18,
  manager = 10, responsable = 10, lead = 10, chef = 10, cheffe = 10,
}
local ANY_TITLE = 4

-- The contact fields score() reads: an update that changes none of them leaves the score.
local INPUTS = { "title", "email", "phones", "company_id", "country", "region", "tags", "email_opt_in", "do_not_email" }

-- string.lower only knows ASCII ("É" stays "É"), so accented letters become plain ones
-- first: "Île-de-France" and "ILE-DE-FRANCE" compare equal, as do "Gérant" and "GERANT".
local ACCENTS = {}
for plain, letters in pairs({
  a = "àâäÀÂÄ", c = "çÇ", e = "éèêëÉÈÊË", i = "îïÎÏ", o = "ôöÔÖ", u = "ùûüÙÛÜ", y = "ÿŸ", oe = "œŒ",
}) do
  for _, code in utf8.codes(letters) do ACCENTS[utf8.char(code)] = plain end
end

local function fold(text)
  return (text:gsub("[\xC3\xC5][\x80-\xBF]", ACCENTS):lower():match("^%s*(.-)%s*$"))
end

-- A comma-separated setting as a set of folded items.
local function set_of(setting)
  local set = {}
  for item in setting:gmatch("[^,]+") do set[fold(item)] = true end
  return set
end

---@param contact crm.Contact
---@return integer
local function score(contact)
  local settings, points = crm.settings, 0
  if contact.title then
    local best = ANY_TITLE
    for word in fold(contact.title):gmatch("%w+") do best = math.max(best, SENIORITY[word] or 0) end
    points = points + best
  end
  if contact.email then
    points = points + POINTS.email
    local domain = contact.email:match("@([^@]+)$")
    if domain and not set_of(settings.free_mail_domains)[fold(domain)] then points = points + POINTS.business_email end
  end
  if contact.phones and #contact.phones > 0 then points = points + POINTS.phone end
  if contact.company_id then points = points + POINTS.company end
  local areas = set_of(settings.target_areas)
  if (contact.country and areas[fold(contact.country)]) or (contact.region and areas[fold(contact.region)]) then
    points = points + POINTS.area
  end
  local tags = set_of(settings.priority_tags)
  for _, tag in ipairs(contact.tags or {}) do
    if tags[fold(tag)] then
      points = points + POINTS.tag
      break
    end
  end
  -- Someone who asked not to be e-mailed cannot be nurtured, whatever the opt-in says.
  if contact.email_opt_in and not contact.do_not_email then points = points + POINTS.opt_in end
  return math.min(points, 100)
end

local function stored_score(contact)
  return (contact.custom_fields or {}).score
end

-- before:contact.created and before:contact.updated. event.changes is nil on create.
---@param event crm.ContactEvent
function score_contact(event)
  if event.changes then
    local relevant = false
    for _, field in ipairs(INPUTS) do relevant = relevant or event.changes[field] ~= nil end
    if not relevant then return end
  end
  local n = score(event.record)
  -- Setting the same value would still count as a change of the contact.
  if stored_score(event.record) ~= n then crm.set("custom.score", n) end
end

-- The action `rescore`, on a contact's page: after the settings changed, or to repair a
-- score edited by hand. Custom fields merge, so the others are kept.
---@param contact crm.Contact
---@return integer
function rescore(contact)
  local n = score(contact)
  if stored_score(contact) ~= n then crm.contacts.update(contact.id, { custom_fields = { score = n } }) end
  return n
end
