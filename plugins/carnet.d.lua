---@meta carnet
-- LuaLS definitions of the Carnet plugin API v1: the `crm` table, the records it returns,
-- hook events, and the globals of tests/*.lua. Editors read this file; Carnet never runs
-- it. Add the `plugins` folder to `workspace.library` (see plugins/README.md).
-- Dates are ISO 8601 text ("2026-12-07T09:30:00Z"), days "YYYY-MM-DD", amounts integers in
-- minor units of the currency (cents for EUR). A JSON null arrives as nil.

-- Records -------------------------------------------------------------------------------

---@alias crm.CustomFields table<string, string|number|boolean|table>

---@class crm.Contact
---@field id string
---@field first_name string?
---@field last_name string?
---@field email string? The primary address, lower case.
---@field emails string[] Other addresses.
---@field phones string[]
---@field title string?
---@field company_id string?
---@field street string?
---@field postcode string?
---@field city string?
---@field region string?
---@field country string? ISO 3166 two-letter code, upper case ("FR").
---@field source string?
---@field external_ref string?
---@field tags string[]
---@field owner_id string?
---@field email_opt_in boolean
---@field do_not_email boolean
---@field custom_fields crm.CustomFields
---@field version integer
---@field created_at string
---@field updated_at string
---@field archived_at string?

---@class crm.Company
---@field id string
---@field name string
---@field industry string?
---@field size integer?
---@field annual_revenue integer? Minor units of `currency`.
---@field currency string?
---@field region string?
---@field country string?
---@field website string?
---@field owner_id string?
---@field custom_fields crm.CustomFields
---@field version integer
---@field created_at string
---@field updated_at string
---@field archived_at string?

---@class crm.Deal
---@field id string
---@field title string
---@field contact_id string?
---@field company_id string?
---@field owner_id string?
---@field amount integer? Minor units of `currency`.
---@field currency string ISO 4217 code ("EUR").
---@field pipeline string
---@field stage string The stage key ("proposal").
---@field probability integer Percent.
---@field probability_override integer?
---@field expected_close string? "YYYY-MM-DD"
---@field next_action string?
---@field next_action_at string?
---@field lost_reason string?
---@field custom_fields crm.CustomFields
---@field stage_changed_at string
---@field closed_at string?
---@field version integer
---@field created_at string
---@field updated_at string
---@field archived_at string?

---@alias crm.ActivityKind "note"|"call"|"meeting"|"email"

---@class crm.Activity
---@field id string
---@field kind crm.ActivityKind
---@field subject string?
---@field body string?
---@field contact_id string?
---@field deal_id string?
---@field company_id string?
---@field user_id string? Who logged it; nil for a plugin or the system.
---@field occurred_at string
---@field duration_minutes integer?
---@field version integer
---@field created_at string

---@alias crm.TaskPriority "low"|"normal"|"high"

---@class crm.Task
---@field id string
---@field title string
---@field due_at string
---@field contact_id string?
---@field deal_id string?
---@field company_id string?
---@field assignee_id string
---@field priority crm.TaskPriority
---@field status string
---@field snoozed_until string?
---@field outcome string?
---@field completed_at string?
---@field version integer
---@field created_at string
---@field updated_at string

-- Fields to write: the JSON API's names; absent fields are left as they are. ---------------

---@class crm.ContactFields
---@field first_name string?
---@field last_name string?
---@field email string?
---@field emails string[]?
---@field phones string[]?
---@field title string?
---@field company_id string?
---@field street string?
---@field postcode string?
---@field city string?
---@field region string?
---@field country string?
---@field source string?
---@field external_ref string?
---@field tags string[]?
---@field owner_id string?
---@field email_opt_in boolean?
---@field do_not_email boolean?
---@field custom_fields crm.CustomFields? Merged key by key into the stored ones.

---@class crm.CompanyFields
---@field name string?
---@field industry string?
---@field size integer?
---@field annual_revenue integer?
---@field currency string?
---@field region string?
---@field country string?
---@field website string?
---@field owner_id string?
---@field custom_fields crm.CustomFields?

---@class crm.DealFields
---@field title string?
---@field contact_id string?
---@field company_id string?
---@field owner_id string?
---@field amount integer?
---@field currency string?
---@field stage string? Moving through update is a move: the stage's entry rule applies.
---@field probability integer?
---@field expected_close string?
---@field next_action string?
---@field next_action_at string?
---@field lost_reason string?
---@field custom_fields crm.CustomFields?

---@class crm.ActivityFields
---@field kind crm.ActivityKind
---@field subject string?
---@field body string?
---@field contact_id string?
---@field deal_id string?
---@field company_id string?
---@field occurred_at string? Default: now.
---@field duration_minutes integer?

---@class crm.TaskFields
---@field title string
---@field due_at string
---@field contact_id string?
---@field deal_id string?
---@field company_id string?
---@field assignee_id string?
---@field priority crm.TaskPriority?

-- Filters: every one takes `limit` (default 50, at most 200); results are in id order. ----

---@class crm.ContactFilter
---@field q string? Prefix of the name, e-mail or company.
---@field owner_id string?
---@field company_id string?
---@field tag string?
---@field region string?
---@field limit integer?

---@class crm.CompanyFilter
---@field q string? Prefix of the name.
---@field owner_id string?
---@field limit integer?

---@class crm.DealFilter
---@field q string? Prefix of the title.
---@field stage string?
---@field owner_id string?
---@field contact_id string?
---@field company_id string?
---@field limit integer?

---@class crm.ActivityFilter
---@field contact_id string?
---@field deal_id string?
---@field company_id string?
---@field kind crm.ActivityKind?
---@field limit integer?

---@class crm.TaskFilter
---@field assignee_id string?
---@field deal_id string?
---@field contact_id string?
---@field due? "today"|"overdue"|"upcoming"
---@field limit integer?

-- Hook events ---------------------------------------------------------------------------

---@class crm.FieldChange
---@field old any
---@field new any

---@class crm.HookEvent
---@field type string The event, e.g. "deal.stage_changed".
---@field phase "before"|"after"
---@field entity "contact"|"company"|"deal"|"activity"
---@field entity_id string
---@field actor_id string? The user who made the change; nil for the system or a plugin.
---@field record table? Before-hooks: the record as it is about to be stored.
---@field previous table? Before-hooks: the record before the change; nil on create.
---@field changes table<string, crm.FieldChange>? Before-hooks: the fields that change; nil on create.
---@field from string? Deal stage events, before-hooks: the stage key left.
---@field to string? Deal stage events, before-hooks: the stage key entered.
---@field id string? After-hooks: the event's id, stable across deliveries.
---@field occurred_at string? After-hooks.
---@field payload table? After-hooks: the stored payload (see plugins/README.md).

---@class crm.ContactEvent: crm.HookEvent
---@field record crm.Contact?
---@field previous crm.Contact?

---@class crm.CompanyEvent: crm.HookEvent
---@field record crm.Company?
---@field previous crm.Company?

---@class crm.DealEvent: crm.HookEvent
---@field record crm.Deal?
---@field previous crm.Deal?

---@class crm.ActivityEvent: crm.HookEvent
---@field record crm.Activity?
---@field previous crm.Activity?

---@class crm.JobContext
---@field scheduled_at integer Unix seconds the run was scheduled for.

-- The crm table -------------------------------------------------------------------------

---The host API. Read-only; each function raises a Lua error on a wrong argument, an
---unknown record, a failed validation or a missing permission.
---@class crm
crm = {}

---Unix seconds, from the server's clock (tests and replay control it).
---@return integer
function crm.now() end

---Unix seconds of "YYYY-MM-DD" (midnight UTC) or of an ISO 8601 date-time; raises on other text.
---@param text string
---@return integer
function crm.time(text) end

---The plugin's settings: the administrator's values, else the manifest defaults. Read-only.
---@type table<string, string|integer|number|boolean>
crm.settings = {}

crm.log = {}

---Writes a line to the server log and the run's record.
---@param message string
function crm.log.info(message) end

---@param message string
function crm.log.warn(message) end

---@param message string
function crm.log.error(message) end

---Before-hooks only: vetoes the change (the user gets 422 with `message`) and stops the hook.
---@param message string
function crm.reject(message) end

---Before-hooks only: sets a field of the record being written ("custom.<name>" for a custom
---field; nil clears it). The record is validated again after the hook.
---@param field string
---@param value any
function crm.set(field, value) end

crm.contacts = {}

---[read:contacts]
---@param id string
---@return crm.Contact?
function crm.contacts.get(id) end

---[read:contacts]
---@param filter crm.ContactFilter?
---@return crm.Contact[]
function crm.contacts.find(filter) end

---[write:contacts]
---@param fields crm.ContactFields
---@return crm.Contact
function crm.contacts.create(fields) end

---[write:contacts]
---@param id string
---@param fields crm.ContactFields
---@return crm.Contact
function crm.contacts.update(id, fields) end

crm.companies = {}

---[read:companies]
---@param id string
---@return crm.Company?
function crm.companies.get(id) end

---[read:companies]
---@param filter crm.CompanyFilter?
---@return crm.Company[]
function crm.companies.find(filter) end

---[write:companies]
---@param fields crm.CompanyFields
---@return crm.Company
function crm.companies.create(fields) end

---[write:companies]
---@param id string
---@param fields crm.CompanyFields
---@return crm.Company
function crm.companies.update(id, fields) end

crm.deals = {}

---[read:deals]
---@param id string
---@return crm.Deal?
function crm.deals.get(id) end

---[read:deals]
---@param filter crm.DealFilter?
---@return crm.Deal[]
function crm.deals.find(filter) end

---[write:deals]
---@param fields crm.DealFields
---@return crm.Deal
function crm.deals.create(fields) end

---[write:deals]
---@param id string
---@param fields crm.DealFields
---@return crm.Deal
function crm.deals.update(id, fields) end

---[write:deals] Moves the deal, setting `fields` in the same change; raises, naming the
---missing fields, when the stage's entry rule fails.
---@param id string
---@param stage string
---@param fields crm.DealFields?
---@return crm.Deal
function crm.deals.move(id, stage, fields) end

crm.activities = {}

---[write:activities]
---@param fields crm.ActivityFields
---@return crm.Activity
function crm.activities.log(fields) end

---[read:activities]
---@param filter crm.ActivityFilter?
---@return crm.Activity[]
function crm.activities.find(filter) end

---Follow-ups module: raises "the follow-ups module is off" when it is disabled.
crm.tasks = {}

---[write:tasks]
---@param fields crm.TaskFields
---@return crm.Task
function crm.tasks.create(fields) end

---[read:tasks]
---@param filter crm.TaskFilter?
---@return crm.Task[]
function crm.tasks.find(filter) end

---Nurturing module: raises "The module nurturing is disabled" when it is off.
crm.sequences = {}

---@class crm.Enrollment
---@field id string
---@field sequence_id string
---@field contact_id string
---@field status "active"|"completed"|"exited"
---@field exit_reason string?
---@field next_step integer?
---@field next_at string?
---@field source string
---@field started_at string
---@field ended_at string?

---[write:sequences] Enrolls the contact in the active sequence; answers the enrollment it already had if it went through it before.
---@param sequence_id string
---@param fields {contact_id: string}
---@return crm.Enrollment
function crm.sequences.enroll(sequence_id, fields) end

-- Globals of tests/*.lua (`carnet plugins test ID`) -------------------------------------

---Declares a test; tests run in file order and a failing one does not stop the others.
---@param name string
---@param fn fun()
function test(name, fn) end

expect = {}

---Deep equality for tables.
---@param actual any
---@param expected any
---@param message string?
function expect.eq(actual, expected, message) end

---@param value any
---@param message string?
function expect.truthy(value, message) end

---@param value any
---@param message string?
function expect.falsy(value, message) end

---Plain substring.
---@param text string
---@param part string
---@param message string?
function expect.contains(text, part, message) end

---`fn` must raise an error whose message contains `part`; returns the message.
---@param fn fun()
---@param part string
---@return string
function expect.error(fn, part) end

---@class crm.TestUser
---@field id string
---@field email string
---@field name string
---@field role "admin"|"manager"|"member"|"readonly"

---Writes made as the administrator "Plugin Tester": the plugin's before-hooks run and may
---reject, which raises.
fixtures = {}

---@param fields crm.ContactFields
---@return crm.Contact
function fixtures.contact(fields) end

---@param fields crm.CompanyFields
---@return crm.Company
function fixtures.company(fields) end

---@param fields crm.DealFields
---@return crm.Deal
function fixtures.deal(fields) end

---@param fields crm.ActivityFields
---@return crm.Activity
function fixtures.activity(fields) end

---@param fields crm.TaskFields
---@return crm.Task
function fixtures.task(fields) end

---@param fields { email?: string, name?: string, role?: "admin"|"manager"|"member"|"readonly" }
---@return crm.TestUser
function fixtures.user(fields) end

---@param entity "contact"|"company"|"deal"
---@param id string
---@param fields table
---@return table
function fixtures.update(entity, id, fields) end

---@param deal_id string
---@param stage string
---@param fields crm.DealFields?
---@return crm.Deal
function fixtures.move(deal_id, stage, fields) end

---@param entity "contact"|"company"|"deal"|"activity"
---@param id string
---@return table?
function fixtures.get(entity, id) end

---@param filter { deal_id?: string, contact_id?: string }
---@return crm.Activity[]
function fixtures.activities(filter) end

---Runs the plugin's after-hooks over the events written since the last dispatch.
---@return integer runs How many hook runs happened.
function fixtures.dispatch() end

---@param function_name string
---@return any
function fixtures.run_job(function_name) end

---@param action_name string
---@param target_id string
---@param input table?
---@return any
function fixtures.run_action(action_name, target_id, input) end

---Sets the clock (ISO date-time) for crm.now and new records.
---@param text string
function fixtures.set_time(text) end

---Runs the plugin from now on with these settings, as [plugins.settings."<id>"] would set
---them; settings not named keep their defaults.
---@param values table<string, string|integer|number|boolean>
function fixtures.settings(values) end

---Switches a module on in the test database, e.g. "followups" for crm.tasks.
---@param id string
function fixtures.enable_module(id) end
