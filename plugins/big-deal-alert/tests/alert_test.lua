-- The note on big deals, with the default settings: threshold 5000000, no manager_id
-- (so no task is made).

-- The follow-ups module, on in tests, asks every open deal for a dated next action.
local function new_deal(title, amount, currency)
  local contact = fixtures.contact({ first_name = "Anne", last_name = "Roux", title = "CEO" })
  return fixtures.deal({
    title = title, contact_id = contact.id, amount = amount, currency = currency or "EUR",
    next_action = "Call back", next_action_at = "2026-11-20T09:00:00Z",
  })
end

local function alerts(deal)
  local notes = {}
  for _, activity in ipairs(fixtures.activities({ deal_id = deal.id })) do
    if activity.kind == "note" and (activity.subject or ""):find("Big deal: ", 1, true) == 1 then
      notes[#notes + 1] = activity
    end
  end
  return notes
end

test("a deal at the threshold gets a note when it changes stage", function()
  local deal = new_deal("Solar roof", 5000000)
  fixtures.move(deal.id, "negotiation")
  expect.eq(fixtures.dispatch(), 1, "one stage change, one hook run")
  local notes = alerts(deal)
  expect.eq(#notes, 1)
  expect.eq(notes[1].subject, "Big deal: Solar roof")
  expect.contains(notes[1].body, "Moved to negotiation with an amount of 50,000.00 EUR.")
end)

test("a deal below the threshold gets none", function()
  local deal = new_deal("Small audit", 4999999)
  fixtures.move(deal.id, "negotiation")
  fixtures.dispatch()
  expect.eq(#alerts(deal), 0)
end)

test("each stage change is noted once", function()
  local deal = new_deal("Fleet renewal", 8000000)
  fixtures.move(deal.id, "negotiation")
  fixtures.dispatch()
  expect.eq(fixtures.dispatch(), 0, "an event already handled is not handled again")
  expect.eq(#alerts(deal), 1)

  fixtures.move(deal.id, "proposal", { expected_close = "2026-12-31" })
  fixtures.dispatch()
  local notes = alerts(deal)
  expect.eq(#notes, 2, "a second move is a second event")
  expect.falsy(notes[1].body == notes[2].body, "each note names its own event")
end)

test("amounts are written in the currency's minor units", function()
  local cases = {
    { 123456789, "EUR", "1,234,567.89 EUR" },
    { 7500000, "JPY", "7,500,000 JPY" },
    { 5000000, "TND", "5,000.000 TND" },
  }
  for _, case in ipairs(cases) do
    local deal = new_deal("Export contract " .. case[2], case[1], case[2])
    fixtures.move(deal.id, "negotiation")
    fixtures.dispatch()
    local notes = alerts(deal)
    expect.eq(#notes, 1, case[2])
    expect.contains(notes[1].body, "with an amount of " .. case[3] .. ".", case[2])
  end
end)
