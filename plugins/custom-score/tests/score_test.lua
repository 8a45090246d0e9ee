-- The score a new contact gets, with the default settings (areas FR, BE, CH, LU;
-- priority tags vip and partner).

local function score_of(fields)
  if fields.last_name == nil then fields.last_name = "Martin" end
  return (fixtures.contact(fields).custom_fields or {}).score
end

test("a bare contact scores 0", function()
  expect.eq(score_of({}), 0)
end)

test("a senior, reachable contact in a target area with a priority tag scores 100", function()
  local company = fixtures.company({ name = "Acme Industrie" })
  expect.eq(score_of({
    first_name = "Anne", title = "CEO", email = "anne.martin@acme-industrie.example",
    phones = { "+33 1 23 45 67 89" }, company_id = company.id, country = "FR",
    tags = { "VIP" }, email_opt_in = true,
  }), 100)
end)

test("the title's most senior word counts, in English or French", function()
  expect.eq(score_of({ title = "Directrice générale" }), 25)
  expect.eq(score_of({ title = "Head of Sales" }), 18)
  expect.eq(score_of({ title = "Responsable des achats" }), 10)
  expect.eq(score_of({ title = "Comptable" }), 4)
end)

test("a personal mailbox earns the e-mail points but not the business ones", function()
  expect.eq(score_of({ email = "jean.petit@gmail.com" }), 10)
  expect.eq(score_of({ email = "jean.petit@petit-btp.example" }), 20)
end)

test("opting in counts unless the contact must never be e-mailed", function()
  expect.eq(score_of({ email_opt_in = true }), 10)
  expect.eq(score_of({ email_opt_in = true, do_not_email = true }), 0)
end)

test("target areas and priority tags ignore case", function()
  expect.eq(score_of({ country = "BE" }), 15)
  expect.eq(score_of({ country = "DE" }), 0)
  expect.eq(score_of({ tags = { "Partner" } }), 10)
  expect.eq(score_of({ tags = { "vip", "partner" } }), 10, "the tag points count once")
  expect.eq(score_of({ tags = { "prospect" } }), 0)
end)
