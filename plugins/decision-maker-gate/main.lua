-- decision-maker-gate: no deal enters the stage named by the setting `stage` unless
-- its contact's title marks a decision maker (setting `titles`) or the custom field
-- `decision_maker` is ticked (true) on the deal or on the contact.

-- string.lower only knows ASCII: "GÉRANT" would become "gÉrant". Titles and settings are
-- therefore folded alike, accented letters to their plain letter, so that "Gérant",
-- "GÉRANT" and "gerant" all read "gerant" and an administrator may type either.
local ACCENTS = {}
for plain, letters in pairs({
  a = "àâäÀÂÄ", c = "çÇ", e = "éèêëÉÈÊË", i = "îïÎÏ", o = "ôöÔÖ", u = "ùûüÙÛÜ", y = "ÿŸ", oe = "œŒ",
}) do
  for _, code in utf8.codes(letters) do ACCENTS[utf8.char(code)] = plain end
end

-- " word word " in folded lower case: searching it for " head " matches whole words
-- only, so "head" marks "Head of Sales" but not "Headhunter".
local function words(text)
  local folded = text:gsub("[\xC3\xC5][\x80-\xBF]", ACCENTS):lower()
  local list = {}
  for word in folded:gmatch("%w+") do list[#list + 1] = word end
  return " " .. table.concat(list, " ") .. " "
end

local function marks_decision_maker(title, titles)
  local haystack = words(title)
  for entry in titles:gmatch("[^,]+") do
    local needle = words(entry)
    if needle ~= "  " and haystack:find(needle, 1, true) then return true end
  end
  return false
end

local function display_name(contact)
  local name = table.concat({ contact.first_name or "", contact.last_name or "" }, " "):match("^%s*(.-)%s*$")
  if name == "" then name = contact.email or contact.id end
  return name
end

-- The first few listed titles, for the message: "CEO, CFO, CTO, ...".
local function examples(titles)
  local list = {}
  for entry in titles:gmatch("[^,]+") do
    list[#list + 1] = entry:match("^%s*(.-)%s*$")
    if #list == 3 then break end
  end
  list[#list + 1] = "..."
  return table.concat(list, ", ")
end

-- before:deal.stage_changed and before:deal.created. event.record is the deal as it is
-- about to be stored, so its stage is the one being entered in both cases.
---@param event crm.DealEvent
function gate(event)
  local deal, settings = event.record, crm.settings
  if deal.stage ~= settings.stage then return end
  if (deal.custom_fields or {}).decision_maker == true then return end

  local contact = deal.contact_id and crm.contacts.get(deal.contact_id)
  local who
  if contact == nil then
    who = "it has no contact"
  else
    if (contact.custom_fields or {}).decision_maker == true then return end
    if contact.title and marks_decision_maker(contact.title, settings.titles) then return end
    who = contact.title and string.format("%s (%s) is not one", display_name(contact), contact.title)
      or display_name(contact) .. " has no title"
  end
  crm.reject(string.format(
    "No decision maker on this deal: %s. Set a contact whose title marks one (%s) "
      .. "or tick the custom field decision_maker before moving it to %s.",
    who, examples(settings.titles), settings.stage))
end
