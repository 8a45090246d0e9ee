-- big-deal-alert: when a deal of at least `threshold` (minor units) changes stage, log a
-- note on it and, if `notify_managers` is on and `manager_id` names a user, give that
-- user a task due at once.

-- Digits after the decimal point (ISO 4217); every currency not listed has two.
local MINOR_DIGITS = {
  BIF = 0, CLP = 0, DJF = 0, GNF = 0, ISK = 0, JPY = 0, KMF = 0, KRW = 0, PYG = 0, RWF = 0,
  UGX = 0, VND = 0, VUV = 0, XAF = 0, XOF = 0, XPF = 0,
  BHD = 3, IQD = 3, JOD = 3, KWD = 3, LYD = 3, OMR = 3, TND = 3,
}
local SCALE = { [0] = 1, 10, 100, 1000 }

-- 5000000, "EUR" -> "50,000.00 EUR". Integer arithmetic only: no float rounding.
local function format_amount(minor, currency)
  local digits = MINOR_DIGITS[currency] or 2
  local scale = SCALE[digits]
  local sign = minor < 0 and "-" or ""
  minor = math.abs(math.floor(minor))
  local units = tostring(minor // scale):reverse():gsub("(%d%d%d)", "%1,"):reverse():gsub("^,", "")
  if digits > 0 then units = string.format("%s.%0" .. digits .. "d", units, minor % scale) end
  return sign .. units .. " " .. currency
end

-- Subjects and task titles hold at most 200 characters, and a deal title alone may.
local function clip(text, max)
  if utf8.len(text) <= max then return text end
  return text:sub(1, utf8.offset(text, max) - 1) .. "…"
end

-- After-hooks run at least once: after a failure the same event comes back. Each note
-- carries its event's id, so a second delivery finds the first one's note and stops.
-- (find returns the deal's oldest 200 notes: enough for any deal a person reads.)
local function already_noted(deal_id, marker)
  for _, note in ipairs(crm.activities.find({ deal_id = deal_id, kind = "note", limit = 200 })) do
    if note.body and note.body:find(marker, 1, true) then return true end
  end
  return false
end

-- deal.stage_changed: event.payload is { from = ..., to = ... } (stage keys).
---@param event crm.DealEvent
function alert(event)
  local settings = crm.settings
  local deal = crm.deals.get(event.entity_id)
  if deal == nil or (deal.amount or 0) < settings.threshold then return end

  local marker = "(big-deal-alert, event " .. event.id .. ")"
  if already_noted(deal.id, marker) then return end

  local stage = event.payload.to
  local amount = format_amount(deal.amount, deal.currency)
  crm.activities.log({
    kind = "note",
    deal_id = deal.id,
    subject = clip("Big deal: " .. deal.title, 200),
    body = string.format("Moved to %s with an amount of %s.\n%s", stage, amount, marker),
  })

  local manager = settings.manager_id
  if not settings.notify_managers or manager == "" then return end
  -- The note matters more than the task: a task that cannot be made is logged, not retried.
  local ok, err = pcall(crm.tasks.create, {
    title = clip(string.format("Big deal in %s (%s): %s", stage, amount, deal.title), 200),
    due_at = os.date("!%Y-%m-%dT%H:%M:%SZ", crm.now()),
    deal_id = deal.id,
    contact_id = deal.contact_id,
    assignee_id = manager,
    priority = "high",
  })
  if not ok then
    local reason = type(err) == "string" and err or type(err)
    if reason:find("follow-ups module is off", 1, true) then
      crm.log.info("no task for the big deal " .. deal.id .. ": the follow-ups module is off")
    else
      crm.log.warn("no task for the big deal " .. deal.id .. " (manager_id " .. manager .. "): " .. reason)
    end
  end
end
