-- Which titles mark a decision maker with the default `titles` setting.

-- Tries to take a deal whose contact has `title` into proposal: true, or false and the error.
local function moves_to_proposal(title)
  local contact = fixtures.contact({ last_name = "Tester", title = title })
  local deal = fixtures.deal({
    title = "Deal of " .. title, contact_id = contact.id,
    next_action = "Call back", next_action_at = "2026-11-20T09:00:00Z",
  })
  return pcall(fixtures.move, deal.id, "proposal", { amount = 500000, expected_close = "2026-12-31" })
end

local function expect_accepted(titles)
  for _, title in ipairs(titles) do
    local ok, err = moves_to_proposal(title)
    expect.truthy(ok, title .. " should open the gate: " .. tostring(err))
  end
end

test("English and French titles mark decision makers", function()
  expect_accepted({
    "CEO", "Chief Financial Officer", "Head of Sales", "VP Engineering", "Co-founder", "Owner",
    "Managing Director", "President", "PDG", "DG", "Directeur commercial", "Directrice générale",
    "Fondatrice", "Présidente du directoire",
  })
end)

test("case and accents are ignored, in the title as in the setting", function()
  expect_accepted({ "Gérant", "GÉRANT", "gerant", "Gérante", "GERANTE", "DIRECTRICE GÉNÉRALE", "président" })
end)

test("listed words match whole words only", function()
  for _, title in ipairs({ "Headhunter", "Directory assistant", "Office manager", "Cheffe de projet", "Comptable" }) do
    local ok, err = moves_to_proposal(title)
    expect.falsy(ok, title .. " should not open the gate")
    expect.contains(tostring(err), "No decision maker on this deal", title)
  end
end)
