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

---------------------------------------------------------------------------
-- Params: thresholds, term lists and the weights of demands are data
---------------------------------------------------------------------------

--- A param of the leaf. A missing one is a rule error naming the leaf and the
--- param: the rubric is wrong, and no default may hide it.
function isi.param(ctx, name)
  local value = ctx.params and ctx.params[name]
  if value == nil then
    error(("leaf %s: missing param '%s' in rubric.yaml"):format(ctx.leaf.id, name), 2)
  end
  return value
end

--- The weight of demand `name` in the leaf's `weights` param (a number).
function isi.weight(ctx, name)
  local weights = isi.param(ctx, "weights")
  local weight = type(weights) == "table" and weights[name] or nil
  if type(weight) ~= "number" then
    error(("leaf %s: param 'weights.%s' missing or not a number in rubric.yaml"):format(ctx.leaf.id, name), 2)
  end
  return weight
end

--- The leaf's `weights` param, checked to hold a number for each of `keys`.
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
  local parts = {}
  for i, value in ipairs(list) do parts[i] = tostring(value) end
  return table.concat(parts, separator or "、")
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

--- The longest stretch in days without an event inside `from`..`to`: gaps
--- between the window's start, each event, and its end. Events outside the
--- window are ignored. Returns the gap in days and the date it ends on
--- (`to` when the longest gap is the trailing one). With no event at all the
--- whole window is one gap.
function isi.max_gap(event_dates, from, to)
  local days = {}
  for _, value in ipairs(event_dates) do
    if isi.in_period(value, from, to) then days[#days + 1] = isi.day(value) end
  end
  table.sort(days)
  local longest, ends_on, previous = 0, nil, from
  for _, day in ipairs(days) do
    local gap = dates.days_between(previous, day)
    if gap > longest then longest, ends_on = gap, day end
    previous = day
  end
  local tail = dates.days_between(previous, to)
  if tail > longest then longest, ends_on = tail, to end
  return longest, ends_on
end

--- Whether events recur at least every `max_days` across `from`..`to`
--- (`isi.max_gap` no longer than `max_days`). Also returns the gap found.
function isi.periodic(event_dates, max_days, from, to)
  local gap, ends_on = isi.max_gap(event_dates, from, to)
  return gap <= max_days, gap, ends_on
end

--- The number of calendar days in a number of months, for frequency params
--- given in months (a month counts 31 days, so "every 12 months" allows a
--- survey on the same date a year later).
function isi.months_to_days(months)
  return math.floor(months * 31 + 0.5)
end

---------------------------------------------------------------------------
-- Documents
---------------------------------------------------------------------------

--- Documents of one type: of one project (`project` an id), organisation-wide
--- ones (`project == false`) or all (`project == nil`).
function isi.docs(type, project)
  return remember("docs\0" .. tostring(type) .. "\0" .. tostring(project), function()
    if project == nil then return ev.documents{type = type} end
    return ev.documents{type = type, project = project}
  end)
end

--- Documents of several types, in manifest order.
function isi.docs_of(types, project)
  local wanted, result = {}, {}
  for _, type in ipairs(types) do wanted[type] = true end
  local all = remember("all\0" .. tostring(project), function()
    return project == nil and ev.documents() or ev.documents{project = project}
  end)
  for _, doc in ipairs(all) do
    if wanted[doc.type] then result[#result + 1] = doc end
  end
  return result
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

--- The text of several documents joined (title and text of each; unreadable
--- ones add nothing), and a list of `id: reason` for those that could not be read.
function isi.joined_text(docs)
  local parts, problems = {}, {}
  for _, doc in ipairs(docs) do
    local text, why = isi.searchable(doc)
    if text then parts[#parts + 1] = text else problems[#problems + 1] = doc.id .. ": " .. tostring(why) end
  end
  return table.concat(parts, "\n"), problems
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

--- Documents whose title, headings or text mention one of `terms`.
function isi.docs_mentioning(docs, terms)
  return isi.filter(docs, function(doc)
    local found = isi.find_terms(doc, terms)
    return #found > 0
  end)
end

--- A document's text (`ev.text`), read once per rule run: the text, or nil
--- and the reason it cannot be read.
function isi.text(id)
  return remember("text\0" .. id, function() return ev.text(id) end)
end

--- A document's headings (`ev.headings`), read once per rule run.
function isi.headings(id)
  return remember("headings\0" .. id, function() return ev.headings(id) end)
end

--- All documents of one project (`ev.documents{project = id}`), read once per rule run.
function isi.docs_of_project(id)
  return remember("project-docs\0" .. id, function() return ev.documents{project = id} end)
end

--- A document's text for searching: the title, the headings and the body,
--- one per line. Returns nil and the reason when the file cannot be read.
function isi.searchable(doc)
  local text, why = isi.text(doc.id)
  if text == nil then return nil, why end
  return (doc.title or "") .. "\n" .. text
end

local function term_label(term)
  return type(term) == "table" and term[1] or term
end

--- Which of `terms` occur in `text`: found and missing lists of the terms'
--- labels (a synonym list is labelled by its first entry).
function isi.terms_in(text, terms)
  local found, missing = {}, {}
  for _, term in ipairs(terms) do
    local hit = false
    if type(term) == "table" then
      for _, synonym in ipairs(term) do
        if text:find(synonym, 1, true) then hit = true; break end
      end
    else
      hit = text:find(term, 1, true) ~= nil
    end
    if hit then found[#found + 1] = term_label(term) else missing[#missing + 1] = term_label(term) end
  end
  return found, missing
end

--- Which of `terms` a document mentions (plain substring search of its title
--- and text), as two lists: found and missing, each in `terms` order.
--- A term may be a list of synonyms (`{"审批", "批准"}`): found when any is.
--- When the text cannot be read, every term is missing and the reason is the
--- third result.
function isi.find_terms(doc, terms)
  local text, why = isi.searchable(doc)
  local found, missing = isi.terms_in(text or "", terms)
  return found, missing, why
end

-- Chinese numerals are several bytes each, so they are matched as whole
-- strings, never inside a Lua character class (which works byte by byte).
local NUMERALS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "零", "百"}

-- The position after the Chinese numerals at `position` of `line`.
local function skip_numerals(line, position)
  local moved = true
  while moved do
    moved = false
    for _, numeral in ipairs(NUMERALS) do
      if line:sub(position, position + #numeral - 1) == numeral then
        position, moved = position + #numeral, true
      end
    end
  end
  return position
end

-- Whether `line` has `mark` at `position`.
local function at(line, position, mark)
  return line:sub(position, position + #mark - 1) == mark
end

--- A line without the numbering that opens it ("3.2 ", "第三章 ", "二、",
--- "（一）", "(1)"), for matching section names at the start of a line.
function isi.strip_numbering(line)
  local position = 1
  while true do
    local before = position
    position = position + #(line:match("^[%s%d%.]*", position))
    if at(line, position, "第") then
      local after = skip_numerals(line, position + #"第")
      after = after + #(line:match("^%d*", after))
      for _, unit in ipairs({"章", "节", "条", "部分"}) do
        if at(line, after, unit) then position = after + #unit; break end
      end
    end
    for _, pair in ipairs({{"（", "）"}, {"(", ")"}}) do
      if at(line, position, pair[1]) then
        local after = skip_numerals(line, position + #pair[1])
        after = after + #(line:match("^%d*", after))
        if after > position + #pair[1] and at(line, after, pair[2]) then position = after + #pair[2] end
      end
    end
    local after = skip_numerals(line, position)
    if after > position then
      for _, mark in ipairs({"、", "．", "."}) do
        if at(line, after, mark) then position = after + #mark; break end
      end
    end
    if at(line, position, "、") then position = position + #"、" end
    if position == before then break end
  end
  return line:sub(position)
end

--- Which of `sections` a document has as headings (a heading containing the
--- section's name counts). Documents without headings (PDF, plain text) are
--- searched line by line instead: a line that starts with the name, after
--- any numbering, counts. Returns found, missing, and the reason when the
--- document cannot be read.
function isi.find_sections(doc, sections)
  local headings, why = isi.headings(doc.id)
  if headings == nil then
    local missing = {}
    for i, section in ipairs(sections) do missing[i] = term_label(section) end
    return {}, missing, why
  end
  if #headings > 0 then
    local lines = {}
    for i, heading in ipairs(headings) do lines[i] = heading.text end
    return isi.terms_in(table.concat(lines, "\n"), sections)
  end
  -- No headings: "\n" + each line without its numbering, so that "\n" .. name
  -- finds a line that starts with the name.
  local lines = {""}
  for line in (isi.text(doc.id) or ""):gmatch("[^\n]+") do
    lines[#lines + 1] = isi.strip_numbering(line)
  end
  local starts = {}
  for i, section in ipairs(sections) do
    if type(section) == "table" then
      starts[i] = {}
      for j, synonym in ipairs(section) do starts[i][j] = "\n" .. synonym end
    else
      starts[i] = "\n" .. section
    end
  end
  local found, missing = isi.terms_in(table.concat(lines, "\n"), starts)
  local function unmark(list)
    for i, label in ipairs(list) do list[i] = label:sub(2) end
    return list
  end
  return unmark(found), unmark(missing)
end

---------------------------------------------------------------------------
-- Record tables
---------------------------------------------------------------------------

--- The declared record table `name`, or nil.
function isi.record_table(name)
  return remember("record_table\0" .. name, function() return ev.record_table(name) end)
end

--- The rows of record table `name`, or nil and a bilingual reason when the
--- bundle does not declare it, its file is missing, or it has errors
--- (missing or malformed evidence is a finding for the rule, not a failure
--- of the rule). `options` as for `ev.records`; asking for a column the table
--- lacks is a reason too.
function isi.rows(name, options)
  local declared = isi.record_table(name)
  if declared == nil then
    return nil, isi.msgf("未提供记录表 %s", "record table %s not provided", name)
  end
  if not declared.exists then
    return nil, isi.msgf("记录表 %s 的文件缺失", "the file of record table %s is missing", name)
  end
  local ok, rows = pcall(ev.records, name, options)
  if not ok then
    return nil, isi.msgf("记录表 %s 无法读取：%s", "record table %s cannot be read: %s", name, tostring(rows))
  end
  return rows
end

--- The evidence reference of a record table, or of one of its rows; an
--- empty list (no reference) when the bundle does not declare the table, since
--- a finding may cite only what the bundle holds.
function isi.row_ref(name, row)
  if isi.record_table(name) == nil then return {} end
  if row == nil then return {record = name} end
  return {record = name, row = row._row or row}
end

--- References to rows of a table (at most `limit`, 10 by default); the
--- table itself when there are no rows, and nothing when the bundle does not
--- declare it.
function isi.row_refs(name, rows, limit)
  if isi.record_table(name) == nil then return {} end
  local refs = {}
  for i, row in ipairs(rows or {}) do
    if i > (limit or 10) then break end
    refs[#refs + 1] = {record = name, row = row._row}
  end
  if #refs == 0 then refs[1] = {record = name} end
  return refs
end

--- The rows whose `project` column is the project's id.
function isi.rows_of(rows, project)
  return isi.filter(rows or {}, function(row) return row.project == project.id end)
end

--- Splits a list cell ("进度;质量、成本") into its trimmed items. Separators
--- are replaced as whole UTF-8 sequences (a Lua character class would cut
--- the bytes of Chinese characters).
function isi.split(cell)
  local items = {}
  if cell == nil then return items end
  local text = tostring(cell)
  for _, separator in ipairs({"、", "，", "；", "／", ";", "/", "|", ","}) do
    text = text:gsub(separator:gsub("%p", "%%%0"), "\0")
  end
  for item in text:gmatch("[^\0]+") do
    item = item:gsub("^%s+", ""):gsub("%s+$", "")
    if item ~= "" then items[#items + 1] = item end
  end
  return items
end

--- Rows grouped by the value of `field` (for example `project`), keeping file
--- order inside each group.
function isi.group(rows, field)
  local groups = {}
  for _, row in ipairs(rows) do
    local key = row[field]
    if key ~= nil then
      groups[key] = groups[key] or {}
      table.insert(groups[key], row)
    end
  end
  return groups
end

---------------------------------------------------------------------------
-- Numbers: shares, medians, trends
---------------------------------------------------------------------------

--- `n / d`, or `empty` (1 by default) when `d` is 0.
function isi.share(n, d, empty)
  if d == 0 then return empty == nil and 1 or empty end
  return n / d
end

--- The median of a list of numbers (nil for an empty list).
function isi.median(values)
  if #values == 0 then return nil end
  local sorted = {}
  for i, v in ipairs(values) do sorted[i] = v end
  table.sort(sorted)
  local middle = (#sorted + 1) // 2
  if #sorted % 2 == 1 then return sorted[middle] end
  return (sorted[middle] + sorted[middle + 1]) / 2
end

--- The mean of a list of numbers (nil for an empty list).
function isi.mean(values)
  if #values == 0 then return nil end
  local sum = 0
  for _, v in ipairs(values) do sum = sum + v end
  return sum / #values
end

--- The trend of a series of `{date = "YYYY-MM-DD", value = number}` points:
--- the least-squares slope per 365 days, and a direction: "up" or "down" when
--- the slope's size exceeds `tolerance` (per year; 0 by default), else "flat".
--- Fewer than two points, or all on one date, give no trend (nil).
function isi.trend(points, tolerance)
  if #points < 2 then return nil end
  local origin = points[1].date
  for _, p in ipairs(points) do
    if p.date < origin then origin = p.date end
  end
  local xs, ys = {}, {}
  for i, p in ipairs(points) do
    xs[i] = dates.days_between(origin, p.date)
    ys[i] = p.value
  end
  local mx, my = isi.mean(xs), isi.mean(ys)
  local sxx, sxy = 0, 0
  for i = 1, #xs do
    sxx = sxx + (xs[i] - mx) ^ 2
    sxy = sxy + (xs[i] - mx) * (ys[i] - my)
  end
  if sxx == 0 then return nil end
  local slope = sxy / sxx * 365
  local limit = tolerance or 0
  local direction = "flat"
  if slope > limit then direction = "up" elseif slope < -limit then direction = "down" end
  return {slope = slope, direction = direction, first = ys[1], last = ys[#ys]}
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
  return {score = self:score(), summary = summary}
end

return isi
