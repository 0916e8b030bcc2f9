-- The ISI rules' shared library: evidence look-ups that tolerate missing or
-- malformed evidence, periodicity and trend arithmetic, and the checklist that
-- turns a clause's demands into a score and findings.
--
--   local isi = require("isi")
--   return function(ctx)
--     local c = isi.checklist(ctx)
--     local policies = isi.docs("procedure")
--     c:check{weight = 1, met = #policies > 0,
--             ok = isi.msg("已建立制度", "procedure established"),
--             miss = isi.msg("未见制度", "no procedure found"),
--             evidence = isi.refs(policies)}
--     return c:result()
--   end
--
-- Every function reads only what the host hands rules (`ev`, `dates`,
-- `findings`); nothing here keeps state between rules. docs/rules/isi.md
-- describes how the rules use it.

local isi = {}

---------------------------------------------------------------------------
-- Evidence read once per rule run
---------------------------------------------------------------------------

-- The host builds fresh values on every call; a rule asks for the same
-- documents, texts and tables many times, so the library keeps what it read
-- (each rule runs in its own state, so nothing outlives one rule). Values
-- from here are shared between callers: read them, do not change them.
local memo = {}

-- `produce()`'s results, computed once per `key` (a nil first result and its
-- reason are kept too).
local function remember(key, produce)
  local hit = memo[key]
  if hit == nil then
    hit = table.pack(produce())
    memo[key] = hit
  end
  return table.unpack(hit, 1, hit.n)
end

--- `remember` for the library's parts (isi.text, isi.records): `produce()`'s
--- results, computed once per `key` in a rule run.
isi.remember = remember

---------------------------------------------------------------------------
-- Parts loaded when first used
---------------------------------------------------------------------------

-- The text search, record-table and number functions live in parts of the
-- library (lib/isi/text.lua, records.lua, numbers.lua) that are loaded the
-- first time a rule uses one of their functions: every rule runs in a fresh
-- state, so a rule that never searches a document's text does not pay for
-- loading those functions. Rules call them as `isi.<name>` all the same.
local parts = {
  -- isi.text
  searchable = "isi.text",
  text = "isi.text",
  headings = "isi.text",
  joined_text = "isi.text",
  docs_mentioning = "isi.text",
  terms_in = "isi.text",
  find_terms = "isi.text",
  strip_numbering = "isi.text",
  find_sections = "isi.text",
  -- isi.records
  record_table = "isi.records",
  rows = "isi.records",
  rows_or_finding = "isi.records",
  row_ref = "isi.records",
  row_refs = "isi.records",
  rows_of = "isi.records",
  query = "isi.records",
  query_or_finding = "isi.records",
  keyed = "isi.records",
  split = "isi.records",
  group = "isi.records",
  -- isi.content
  hollow = "isi.content",
  substantive = "isi.content",
  recognize = "isi.content",
  not_recognised = "isi.content",
  -- isi.numbers
  max_gap = "isi.numbers",
  periodic = "isi.numbers",
  months_to_days = "isi.numbers",
  median = "isi.numbers",
  mean = "isi.numbers",
  trend = "isi.numbers",
}

setmetatable(isi, {__index = function(_, name)
  local part = parts[name]
  if part == nil then return nil end
  require(part)
  return rawget(isi, name)
end})

---------------------------------------------------------------------------
-- Params: thresholds, term lists and the weights of demands are data
---------------------------------------------------------------------------

--- A param of the leaf. A missing one is a rule error naming the leaf and the
--- param: the rubric is wrong, and no default may hide it.
---@rubric reads-param name
function isi.param(ctx, name)
  local value = ctx.params and ctx.params[name]
  if value == nil then
    error(("leaf %s: missing param '%s' in rubric.yaml"):format(ctx.leaf.id, name), 2)
  end
  return value
end

--- The weight of demand `name` in the leaf's `weights` param (a number).
---@rubric reads-weight name
function isi.weight(ctx, name)
  local weights = isi.param(ctx, "weights")
  local weight = type(weights) == "table" and weights[name] or nil
  if type(weight) ~= "number" then
    error(("leaf %s: param 'weights.%s' missing or not a number in rubric.yaml"):format(ctx.leaf.id, name), 2)
  end
  return weight
end

--- The leaf's `weights` param, checked to hold a number for each of `keys`.
---@rubric reads-weight keys
function isi.weights(ctx, keys)
  local weights = isi.param(ctx, "weights")
  if type(weights) ~= "table" then
    error(("leaf %s: param 'weights' must be a mapping in rubric.yaml"):format(ctx.leaf.id), 2)
  end
  for _, key in ipairs(keys or {}) do
    if type(weights[key]) ~= "number" then
      error(("leaf %s: param 'weights.%s' missing or not a number in rubric.yaml"):format(ctx.leaf.id, key), 2)
    end
  end
  return weights
end

---------------------------------------------------------------------------
-- Messages
---------------------------------------------------------------------------

--- A bilingual message: the Chinese text, then the English one.
function isi.msg(zh, en)
  return zh .. " " .. en
end

--- `string.format` for both halves of a bilingual message.
function isi.msgf(zh, en, ...)
  return zh:format(...) .. " " .. en:format(...)
end

--- A list of values as text, joined with "、" (for Chinese lists).
function isi.join(list, separator)
  local texts = {}
  for i, value in ipairs(list) do texts[i] = tostring(value) end
  return table.concat(texts, separator or "、")
end

---------------------------------------------------------------------------
-- Dates and the audit period
---------------------------------------------------------------------------

--- The audit period, `{from = "YYYY-MM-DD", to = "YYYY-MM-DD"}`.
function isi.period()
  return remember("period", ev.audit_period)
end

--- The date part of a date or date-time string.
function isi.day(value)
  return value and value:sub(1, 10) or nil
end

--- Whether a date (or date-time) lies inside `from`..`to`, both included;
--- the audit period when no bounds are given. `nil` is never inside.
function isi.in_period(value, from, to)
  if value == nil then return false end
  if from == nil then
    local period = isi.period()
    from, to = period.from, period.to
  end
  local day = isi.day(value)
  return day >= from and (to == nil or day <= to)
end

---------------------------------------------------------------------------
-- Documents
---------------------------------------------------------------------------

--- Documents of one type: of one project (`project` an id), organisation-wide
--- ones (`project == false`) or all (`project == nil`). Hollow documents
--- (placeholders, templates: `isi.hollow`) are left out of this and every
--- other list of documents the library gives.
function isi.docs(type, project)
  return remember("docs\0" .. tostring(type) .. "\0" .. tostring(project), function()
    if project == nil then return isi.substantive(ev.documents{type = type}) end
    return isi.substantive(ev.documents{type = type, project = project})
  end)
end

--- Documents of several types, in manifest order: of one project, organisation-wide
--- ones (`project == false`) or all (`project == nil`), as for `isi.docs`.
function isi.docs_of(types, project)
  local docs = remember("docs_of\0" .. table.concat(types, "\0") .. "\0" .. tostring(project), function()
    if project == nil then return isi.substantive(ev.documents{type = types}) end
    return isi.substantive(ev.documents{type = types, project = project})
  end)
  -- A list of its own, as before: callers may add to it.
  return table.move(docs, 1, #docs, 1, {})
end

--- All documents of one project (`ev.documents{project = id}`), read once per rule run.
function isi.docs_of_project(id)
  return remember("project-docs\0" .. id, function() return isi.substantive(ev.documents{project = id}) end)
end

--- Whether a document's title contains one of `terms`.
function isi.title_has(doc, terms)
  local title = doc.title or ""
  for _, term in ipairs(terms) do
    if title:find(term, 1, true) then return true end
  end
  return false
end

--- The procedures (documents of type `procedure`) whose title contains one
--- of `terms`: 沟通管理制度 for {"沟通"}.
function isi.procedures(terms)
  return isi.filter(isi.docs("procedure"), function(doc) return isi.title_has(doc, terms) end)
end

--- The evidence reference of a document.
function isi.ref(doc)
  return {document = doc.id}
end

--- Evidence references of a list of documents (an empty list for none).
function isi.refs(docs)
  local refs = {}
  for i, doc in ipairs(docs) do refs[i] = {document = doc.id} end
  return refs
end

--- Several lists as one, in the order given.
function isi.concat(...)
  local all = {}
  for _, list in ipairs({...}) do
    for _, item in ipairs(list) do all[#all + 1] = item end
  end
  return all
end

--- Evidence references of several lists, concatenated.
isi.merge_refs = isi.concat

--- Keeps the items for which `keep(item)` is true.
function isi.filter(items, keep)
  local kept = {}
  for _, item in ipairs(items) do
    if keep(item) then kept[#kept + 1] = item end
  end
  return kept
end

--- The number of items for which `test(item)` is true.
function isi.count(items, test)
  local n = 0
  for _, item in ipairs(items) do
    if test(item) then n = n + 1 end
  end
  return n
end

--- Whether a document was signed by at least `n` people (1 by default).
function isi.signed(doc, n)
  return doc.signatories ~= nil and #doc.signatories >= (n or 1)
end

--- Whether a document is dated inside the audit period (or `from`..`to`).
function isi.dated_in(doc, from, to)
  return isi.in_period(doc.date, from, to)
end

--- The most recent document of a list (by `date`; undated ones last), or nil.
function isi.latest(docs)
  local best
  for _, doc in ipairs(docs) do
    if best == nil or (doc.date and (best.date == nil or doc.date > best.date)) then best = doc end
  end
  return best
end

---------------------------------------------------------------------------
-- Numbers for scores and messages
---------------------------------------------------------------------------

--- `n / d`, or `empty` (1 by default) when `d` is 0.
function isi.share(n, d, empty)
  if d == 0 then return empty == nil and 1 or empty end
  return n / d
end

--- A number as text with at most `digits` decimals (2 by default), without
--- trailing zeros, for messages.
function isi.num(value, digits)
  local text = ("%." .. (digits or 2) .. "f"):format(value)
  if text:find("%.") then text = text:gsub("0+$", ""):gsub("%.$", "") end
  return text
end

--- A share as a percentage for messages ("87.5%").
function isi.pct(share)
  return isi.num(share * 100, 1) .. "%"
end

---------------------------------------------------------------------------
-- Projects
---------------------------------------------------------------------------

--- The sampled projects (manifest order).
function isi.projects()
  return remember("projects", ev.projects)
end

--- Runs `judge(project)` for every project; `judge` returns the share met
--- (true, false or a number in [0, 1]) and, when not fully met, why. Returns
--- the mean share (0 without projects) and the shortfalls in project order,
--- each `{project = p, why = ...}`.
function isi.per_project(projects, judge)
  local total, shortfalls = 0, {}
  for _, project in ipairs(projects) do
    local share, why = judge(project)
    if share == true then share = 1 elseif share == false or share == nil then share = 0 end
    total = total + share
    if share < 1 then shortfalls[#shortfalls + 1] = {project = project, why = why} end
  end
  return isi.share(total, #projects, 0), shortfalls
end

--- A project's label for messages: "P1 市政务云平台集成项目".
function isi.project_label(project)
  return project.id .. " " .. project.name
end

--- The period a project's life cycle covers inside the assessment: from its
--- start (or contract) date to its end date, or to the as-of date while it
--- goes on. Returns from, to.
function isi.project_window(project)
  local from = project.start_date or project.contract_date
  local to = project.end_date or ev.as_of()
  return from, to
end

---------------------------------------------------------------------------
-- The checklist: demands → score and findings
---------------------------------------------------------------------------

local Checklist = {}
Checklist.__index = Checklist

--- A checklist for one rule: each demand of the clause is checked with a
--- weight; the score is the weighted share met. `ctx` is the rule's context.
function isi.checklist(ctx)
  return setmetatable({ctx = ctx, total = 0, earned = 0, met = 0, count = 0, caps = {}, notes = {}}, Checklist)
end

--- Checks one demand.
---   weight   its weight among the rule's demands (1 by default)
---   met      true, false, or the share met (a number in [0, 1])
---   ok       message when fully met (a finding of level ok)
---   miss     message when not (fully) met
---   level    level of that finding: "nonconformity" (default when nothing
---            is met) or "observation" (default for a partial share)
---   evidence the references the finding cites (evidence looked at)
--- Returns the share credited.
function Checklist:check(demand)
  local weight = demand.weight or 1
  local share = demand.met
  if share == true then share = 1 elseif share == false or share == nil then share = 0 end
  if share < 0 then share = 0 elseif share > 1 then share = 1 end
  self.total = self.total + weight
  self.earned = self.earned + weight * share
  self.count = self.count + 1
  local evidence = demand.evidence
  if evidence ~= nil and #evidence == 0 and evidence.document == nil and evidence.record == nil then
    evidence = nil
  end
  if share >= 1 then
    self.met = self.met + 1
    if demand.ok then findings.ok(demand.ok, evidence) end
  else
    local level = demand.level or (share > 0 and "observation" or "nonconformity")
    local message = demand.miss or demand.ok or "demand not met"
    if share > 0 then message = message .. "（" .. isi.pct(share) .. "）" end
    findings.add{level = level, message = message, evidence = evidence}
  end
  return share
end

--- Caps the score at `limit` (a share of the weight) and says why: Appendix C
--- keeps results without trend or comparative data out of the upper bands.
function Checklist:cap(limit, message, evidence)
  self.caps[#self.caps + 1] = {limit = limit, message = message}
  findings.observation(message, evidence)
end

--- The outcome of a critical demand from the share of the sample that meets
--- it: "met" (all), "missed_throughout" (none), else "missed_somewhere".
function isi.outcome(share)
  if share >= 1 then return "met" end
  if share <= 0 then return "missed_throughout" end
  return "missed_somewhere"
end

--- Reports the outcome of the leaf's critical demand `id` (declared in the
--- rubric's `critical` list of the leaf): "met", "missed_somewhere" or
--- "missed_throughout", or a share as for `isi.outcome`. While it is missed,
--- the scorer caps the leaf (docs/rule-contract.md).
function Checklist:critical(id, outcome)
  if type(outcome) == "number" then outcome = isi.outcome(outcome) end
  self.outcomes = self.outcomes or {}
  self.outcomes[id] = outcome
end

--- Adds a note to the summary line.
function Checklist:note(text)
  self.notes[#self.notes + 1] = text
end

--- The score so far: the weighted share met, under any cap.
function Checklist:score()
  local score = isi.share(self.earned, self.total, 0)
  for _, cap in ipairs(self.caps) do
    if score > cap.limit then score = cap.limit end
  end
  return score
end

--- The rule's return value: the score and a summary of demands met.
function Checklist:result()
  local summary = isi.msgf("满足 %d/%d 项要求", "%d of %d demands met", self.met, self.count)
  if #self.notes > 0 then summary = summary .. "; " .. table.concat(self.notes, "; ") end
  return {score = self:score(), summary = summary, critical = self.outcomes}
end

return isi
