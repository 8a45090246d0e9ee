-- The gate on the default stage, "proposal", with the default titles.

-- Proposal's own entry rule asks for an amount and a closing date; the follow-ups
-- module, on in tests, asks every open deal for a dated next action.
local PROPOSAL_FIELDS = { amount = 1200000, expected_close = "2026-12-31" }

local function new_deal(contact_fields, deal_fields)
  local contact = fixtures.contact(contact_fields)
  local fields = {
    title = "Annual maintenance contract", contact_id = contact.id,
    next_action = "Send the proposal", next_action_at = "2026-11-20T09:00:00Z",
  }
  for name, value in pairs(deal_fields or {}) do fields[name] = value end
  return fixtures.deal(fields), contact
end

local function to_proposal(deal)
  return fixtures.move(deal.id, "proposal", PROPOSAL_FIELDS)
end

test("a deal whose contact is no decision maker stays out of proposal", function()
  local deal = new_deal({ first_name = "Paul", last_name = "Martin", title = "Sales assistant" })
  local message = expect.error(function() to_proposal(deal) end, "No decision maker on this deal")
  expect.contains(message, "Paul Martin (Sales assistant) is not one")
  expect.contains(message, "tick the custom field decision_maker before moving it to proposal")
  expect.eq(fixtures.get("deal", deal.id).stage, "lead", "the move is not stored")
end)

test("a contact without a title is named in the refusal", function()
  local deal = new_deal({ first_name = "Léa", last_name = "Morel" })
  expect.error(function() to_proposal(deal) end, "Léa Morel has no title")
end)

test("a decision maker's deal enters proposal", function()
  local deal = new_deal({ first_name = "Anne", last_name = "Roux", title = "CEO" })
  expect.eq(to_proposal(deal).stage, "proposal")
end)

test("the deal's custom field decision_maker = true opens the gate", function()
  local deal = new_deal({ last_name = "Martin", title = "Sales assistant" },
    { custom_fields = { decision_maker = true } })
  expect.eq(to_proposal(deal).stage, "proposal")
end)

test("the contact's custom field decision_maker = true opens the gate", function()
  local deal = new_deal({ last_name = "Martin", title = "Office manager", custom_fields = { decision_maker = true } })
  expect.eq(to_proposal(deal).stage, "proposal")
end)

test("a name in decision_maker, as Qualified asks for, is not a tick", function()
  local deal = new_deal({ last_name = "Martin", title = "Office manager" },
    { custom_fields = { decision_maker = "Jeanne Dupont" } })
  expect.error(function() to_proposal(deal) end, "No decision maker on this deal")
end)

test("other stages are not gated", function()
  local deal = new_deal({ last_name = "Martin", title = "Sales assistant" })
  expect.eq(fixtures.move(deal.id, "negotiation").stage, "negotiation")
end)

test("a deal cannot be created straight into proposal without a decision maker", function()
  local proposal = { stage = "proposal", amount = 900000, expected_close = "2026-12-31" }
  expect.error(function() new_deal({ last_name = "Martin", title = "Intern" }, proposal) end,
    "No decision maker on this deal")
  local deal = new_deal({ last_name = "Roux", title = "Founder" }, proposal)
  expect.eq(deal.stage, "proposal")
end)
