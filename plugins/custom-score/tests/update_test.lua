-- Keeping the score up to date: on updates, and through the action `rescore`.

local function stored(contact_id)
  return fixtures.get("contact", contact_id).custom_fields.score
end

test("changing a field the score reads recomputes it", function()
  local contact = fixtures.contact({ last_name = "Garnier" })
  expect.eq(stored(contact.id), 0)
  fixtures.update("contact", contact.id, { title = "PDG" })
  expect.eq(stored(contact.id), 25)
end)

test("other changes leave the score alone, even one edited by hand", function()
  local contact = fixtures.contact({ last_name = "Fabre", title = "PDG" })
  fixtures.update("contact", contact.id, { custom_fields = { score = 99 } })
  expect.eq(stored(contact.id), 99, "editing the score itself is not recomputed over")
  fixtures.update("contact", contact.id, { city = "Lyon", street = "3 rue Pasteur" })
  expect.eq(stored(contact.id), 99, "city and street are not inputs of the score")
  fixtures.update("contact", contact.id, { phones = { "+33 4 72 00 00 00" } })
  expect.eq(stored(contact.id), 35, "a phone is")
end)

test("rescore recomputes and stores the score, keeping the other custom fields", function()
  local contact = fixtures.contact({ last_name = "Blanc", title = "CEO", custom_fields = { need = "ERP" } })
  fixtures.update("contact", contact.id, { custom_fields = { score = 3 } })
  expect.eq(fixtures.run_action("rescore", contact.id), 25)
  expect.eq(fixtures.get("contact", contact.id).custom_fields, { need = "ERP", score = 25 })
  expect.eq(fixtures.run_action("rescore", contact.id), 25, "a second run finds nothing to change")
end)
