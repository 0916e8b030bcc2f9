-- Shared logic of the control rules 4.6–4.10 (不符合、沟通、风险、突发事件、改进):
-- required params, the weights of demands, the procedure (制度) check, record
-- tables loaded with a finding when missing, per-project shares.
--
--   local control = require("isi.control")
--   local p = control.params(ctx, {"procedure_terms", "target_closure_rate"})
--   local w = control.weights(ctx, {"procedure", "log"})

local isi = require("isi")

local control = {}

--- The leaf's params, asserting that every name in `names` is given:
--- a missing param is a rule error with a clear message, never a default.
---@rubric reads-param names
---@rubric returns-params
function control.params(ctx, names)
  for _, name in ipairs(names) do isi.param(ctx, name) end
  return ctx.params
end

--- The weights of the demands (`params.weights`), one number per name.
control.weights = isi.weights

--- Whether a cell holds something (a non-blank string, or any other value).
function control.filled(value)
  if value == nil then return false end
  if type(value) == "string" then return value:find("%S") ~= nil end
  return true
end

--- Whether a string cell contains one of `terms`.
function control.mentions(value, terms)
  if type(value) ~= "string" then return false end
  for _, term in ipairs(terms) do
    if value:find(term, 1, true) then return true end
  end
  return false
end

control.procedures = isi.procedures

--- Whether a procedure treats the process it names (NOTES.md, "Evidence must
--- have substance"): its text, outside its title, names the process (one of
--- `terms`), and it treats at least `least` of the procedure's elements
--- (`elements`, concepts for ev.recognize: purpose, scope, responsibilities,
--- steps, records). Returns true, or false and why.
function control.treats_process(doc, terms, elements, least)
  local text = isi.text(doc.id)
  if text == nil then return false, isi.msg("文本无法读取", "its text cannot be read") end
  local body = doc.title and text:gsub(doc.title:gsub("%p", "%%%0"), "") or text
  if #isi.terms_in(body, terms) == 0 then
    return false, isi.msgf("正文未涉及%s", "its body never names %s", isi.join(terms), isi.join(terms, ", "))
  end
  local found, missing = isi.recognize({doc}, elements)
  if #found < least then
    return false, isi.msgf("仅识别出 %d 项制度要素（至少 %d 项），未识别：%s",
      "only %d procedure elements recognised (at least %d); not recognised: %s", #found, least, isi.not_recognised(missing))
  end
  return true
end

--- The demand "the organisation has established the mechanism": a procedure
--- whose title names one of `terms` and that treats that process
--- (`control.treats_process`, params procedure_elements and
--- min_procedure_elements), approved or signed, dated not after the audit
--- period's end. Half the weight for a procedure that is neither approved nor
--- signed, or is dated after the period. A procedure titled for the process
--- that does not treat it earns nothing, with a finding saying why.
function control.check_procedure(c, weight, terms, what_zh, what_en)
  local titled = control.procedures(terms)
  local elements = isi.param(c.ctx, "procedure_elements")
  local least = isi.param(c.ctx, "min_procedure_elements")
  local docs = {}
  for _, doc in ipairs(titled) do
    local treats, why = control.treats_process(doc, terms, elements, least)
    if treats then
      docs[#docs + 1] = doc
    else
      findings.nonconformity(isi.msg(("《%s》未实质规定%s：%s"):format(doc.title, what_zh, why),
        ("“%s” does not treat the %s: %s"):format(doc.title, what_en, why)), {document = doc.id})
    end
  end
  if #docs == 0 then
    return c:check{weight = weight, met = false,
      miss = isi.msg(("未见%s（标题含 %s 且实质规定该过程的制度文件）"):format(what_zh, isi.join(terms)),
        ("no %s found (a procedure whose title names %s and that treats the process)"):format(what_en, isi.join(terms, ", ")))}
  end
  local period = isi.period()
  local best, share = nil, 0
  for _, doc in ipairs(docs) do
    local valid = (doc.approved == true or isi.signed(doc)) and (doc.date == nil or doc.date <= period.to)
    local s = valid and 1 or 0.5
    if s > share then best, share = doc, s end
  end
  return c:check{weight = weight, met = share,
    ok = isi.msg(("已建立%s：《%s》"):format(what_zh, best.title), ("%s established: “%s”"):format(what_en, best.title)),
    miss = isi.msg(("制度文件《%s》未经审批或签发"):format(best.title),
      ("the procedure “%s” is neither approved nor signed"):format(best.title)),
    evidence = isi.refs(docs)}
end

--- The rows of a record table, or nil after a nonconformity naming what was
--- looked for (every demand that reads the table is then not met). Unlike
--- `isi.rows`, the engine's error is quoted once, without the folder of the
--- bundle (isi.rows repeats it, with the full path, in both halves).
---@rubric reads-table name
function control.load(name, what_zh, what_en)
  local declared = isi.record_table(name)
  local why
  if declared == nil then
    why = isi.msgf("未提供记录表 %s", "record table %s not provided", name)
  elseif not declared.exists then
    why = isi.msgf("记录表 %s 的文件缺失（%s）", "the file of record table %s is missing (%s)", name, declared.path)
  else
    local ok, rows = pcall(ev.records, name)
    if ok then return rows end
    local detail = tostring(rows):gsub("[^%s]*/(records/)", "%1")
    why = isi.msg("记录表 " .. name .. " 有错误：", "record table " .. name .. " has errors:") .. " " .. detail
  end
  findings.nonconformity(isi.msg(what_zh .. "无法核查：", what_en .. " cannot be checked:") .. " " .. why,
    declared and {record = name} or nil)
  return nil
end

--- The mean of `share(project)` over the sampled projects (0 without any),
--- and the labels of the projects that fall short (share < 1).
function control.per_project(share)
  local projects = ev.projects()
  local total, short = 0, {}
  for _, project in ipairs(projects) do
    local s = share(project)
    total = total + s
    if s < 1 then short[#short + 1] = project.id end
  end
  return isi.share(total, #projects, 0), short
end

--- Days from `a` to `b` (dates or date-times); nil when either is missing.
function control.days(a, b)
  if a == nil or b == nil then return nil end
  return dates.days_between(a, b)
end

--- The reference of a record table, or nil when the bundle does not declare it.
---@rubric reads-table name
function control.tref(name)
  if isi.record_table(name) == nil then return nil end
  return {{record = name}}
end

control.row_refs = isi.row_refs

--- Row ids for messages: the values of `field`, at most 6 then "…".
function control.ids(rows, field)
  local ids = {}
  for i, row in ipairs(rows) do
    if i > 6 then ids[#ids + 1] = "…"; break end
    ids[#ids + 1] = tostring(row[field] or ("#" .. row._row))
  end
  return isi.join(ids)
end

--- Checks that every row in `rows` passes `test`: the share passing is the
--- demand's share; the finding cites the failing rows.
function control.check_rows(c, spec)
  local rows, failing = spec.rows, {}
  for _, row in ipairs(rows) do
    if not spec.test(row) then failing[#failing + 1] = row end
  end
  local share = isi.share(#rows - #failing, #rows, spec.empty or 0)
  return c:check{weight = spec.weight, met = share,
    ok = spec.ok,
    miss = #rows == 0 and spec.none or (spec.miss .. "：" .. control.ids(failing, spec.id)),
    level = spec.level,
    evidence = #failing > 0 and control.row_refs(spec.table, failing) or control.tref(spec.table)}
end

return control
