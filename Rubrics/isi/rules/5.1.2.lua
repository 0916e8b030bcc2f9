-- 5.1.2 需求确认与变更 Requirements confirmation and change.
-- Per sampled project: a formal requirements list (requirements_list) confirmed by the
-- customer (a customer signatory, dated no later than the project start); the list states
-- the service boundary, core indicators and disclaimers (param list_items). Every change
-- the customer asked for (rows of the `changes` record table; where the bundle declares no
-- such table, the change_request / change_agreement documents) has a written request, an
-- assessment of its impact on schedule and cost, and a change agreement signed by both
-- parties before the change was carried out (request <= assessment <= agreement <= execution).
-- Critical demand (rubric.yaml): 签订变更协议后，方可执行变更；严禁随意变更 — a project
-- misses `agreement_before_change` when a change was carried out without an agreement
-- signed by both parties before it (with documents only: a request without an agreement).
local isi = require("isi")
local D = require("isi.delivery")

local function text_of(doc)
  return isi.searchable(doc) or ""
end

-- The changes of the `changes` table grouped by project, or nil and the reason.
local function change_rows()
  if isi.record_table("changes") == nil then return nil end
  local rows, why = isi.rows("changes")
  if rows == nil then return false, why end
  return isi.group(rows, "project")
end

-- Judges one change row: written request, impact assessment, signed agreement in order.
local function judge_row(row, need_request, need_signed)
  local problems = {}
  local request_ok = row.request_date ~= nil or not need_request
  if not request_ok then problems[#problems + 1] = isi.msg("无书面申请", "no written request") end
  local impact_ok = row.impact_assessed ~= nil and row.schedule_impact ~= nil and row.cost_impact ~= nil
  if not impact_ok then problems[#problems + 1] = isi.msg("未评估工期与费用影响", "impact on schedule and cost not assessed") end
  local agreement_ok = row.agreement_date ~= nil and (row.agreement_signed == true or not need_signed)
  if not agreement_ok then problems[#problems + 1] = isi.msg("无双方签署的变更协议", "no change agreement signed by both parties") end
  local order_ok = true
  if row.executed_date ~= nil then
    local seq = {row.request_date, row.impact_assessed, row.agreement_date, row.executed_date}
    local last
    for _, d in ipairs(seq) do
      if d ~= nil then
        if last ~= nil and d < last then order_ok = false end
        last = d
      end
    end
    if row.agreement_date ~= nil and row.executed_date < row.agreement_date then order_ok = false end
  end
  if not order_ok then problems[#problems + 1] = isi.msg("先执行后签协议或日期倒置", "carried out before the agreement, or dates out of order") end
  local parts = (request_ok and 1 or 0) + (impact_ok and 1 or 0) + ((agreement_ok and order_ok) and 1 or 0)
  return parts / 3, problems
end

-- Judges the change documents of a project when no table is declared.
local function judge_docs(p, ctx, impact_terms, need_request, need_signed)
  local requests = isi.docs("change_request", p.id)
  local agreements = isi.docs("change_agreement", p.id)
  if #requests == 0 and #agreements == 0 then return nil end
  local total, problems = 0, {}
  local n = math.max(#requests, #agreements)
  for i = 1, n do
    local req, agr = requests[i], agreements[i]
    local share = 0
    if req or not need_request then share = share + 1 else problems[#problems + 1] = isi.msg("变更无书面申请", "a change without written request") end
    local impact_text = (req and text_of(req) or "") .. "\n" .. (agr and text_of(agr) or "")
    local found = isi.terms_in(impact_text, impact_terms)
    if #found == #impact_terms then share = share + 1
    else problems[#problems + 1] = isi.msg("变更影响评估不全", "change impact assessment incomplete") end
    if agr and (not need_signed or D.signed_by_both(agr, ctx)) and (req == nil or (req.date and agr.date and req.date <= agr.date)) then
      share = share + 1
    else
      problems[#problems + 1] = isi.msg("变更协议缺失、未双方签署或早于申请", "change agreement missing, not signed by both, or before the request")
    end
    total = total + share / 3
  end
  return total / n, problems, isi.refs(D.concat(requests, agreements))
end

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"list", "confirmed", "list_items", "changes"})
  local items = D.param(ctx, "list_items")
  local impact_terms = D.param(ctx, "impact_terms")
  local need_request = D.param(ctx, "change_needs_written_request")
  local need_signed = D.param(ctx, "change_needs_signed_agreement")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  local lists = {}
  for _, p in ipairs(projects) do lists[p.id] = isi.docs("requirements_list", p.id) end

  D.per_project(c, w.list, projects, function(p)
    return D.presence(lists[p.id], isi.msg("有正式需求清单", "formal requirements list present"),
      "未见正式需求清单", "no formal requirements list found", partial)
  end)

  D.per_project(c, w.confirmed, projects, function(p)
    local docs = lists[p.id]
    if #docs == 0 then return {met = false, miss = isi.msg("无需求清单，无客户确认", "no requirements list, so no customer confirmation")} end
    local reasons = {}
    for _, d in ipairs(docs) do
      local customer = D.parties(d, D.param(ctx, "customer_markers"), D.param(ctx, "provider_markers"))
      local timely = d.date ~= nil and d.date <= p.start_date
      if #customer > 0 and timely then
        return {met = true, evidence = isi.ref(d), ok = isi.msg("需求清单经客户逐一确认签字", "requirements list confirmed and signed by the customer")}
      end
      if #customer == 0 then reasons[#reasons + 1] = d.id .. ": " .. isi.msg("无客户签字", "no customer signatory") end
      if not timely then reasons[#reasons + 1] = d.id .. ": " .. isi.msg("确认晚于开工或未注明日期", "confirmed after the start or undated") end
    end
    return {met = false, evidence = isi.refs(docs),
      miss = isi.msg("需求清单未经客户及时确认", "requirements list not confirmed by the customer in time") .. " (" .. table.concat(reasons, "; ") .. ")"}
  end)

  D.per_project(c, w.list_items, projects, function(p)
    local docs = lists[p.id]
    if #docs == 0 then return {met = false, miss = isi.msg("无需求清单，无服务边界等内容", "no requirements list, so no boundary, indicators or disclaimers")} end
    local text = D.joined_text(docs)
    local share, missing = D.term_share(text, items)
    return {met = share, evidence = isi.refs(docs),
      ok = isi.msg("需求清单明确服务边界、核心指标与免责条款", "requirements list states boundary, core indicators and disclaimers"),
      miss = isi.msgf("需求清单缺少：%s", "requirements list lacks: %s", isi.join(missing), isi.join(missing, ", "))}
  end)

  local groups, why = change_rows()
  if groups == false then
    findings.nonconformity(why, {record = "changes"})
  end
  -- Whether a change was carried out before (or without) a signed agreement.
  local function unagreed(row)
    if row.executed_date == nil then return false end
    if row.agreement_date == nil or (need_signed and row.agreement_signed ~= true) then return true end
    return row.executed_date < row.agreement_date
  end
  local broke = {}
  D.per_project(c, w.changes, projects, function(p)
    local no_baseline = {met = false,
      miss = isi.msg("无需求清单作为基线，且无变更记录，变更控制无从核实", "no requirements list as a baseline and no change records: change control unverifiable")}
    if groups == false then
      return {met = false, evidence = {record = "changes"},
        miss = isi.msg("变更记录表无法读取，变更控制无法核实", "the changes table cannot be read; change control unverified")}
    end
    if groups == nil then
      local share, problems, refs = judge_docs(p, ctx, impact_terms, need_request, need_signed)
      if share ~= nil and #isi.docs("change_request", p.id) > #isi.docs("change_agreement", p.id) then broke[p.id] = true end
      if share == nil then
        if #lists[p.id] == 0 then return no_baseline end
        return {met = true, ok = isi.msg("实施中无需求变更", "no requirement change during implementation")}
      end
      return {met = share, evidence = refs,
        ok = isi.msg("需求变更均有书面申请、影响评估和签署的变更协议", "every change has a written request, impact assessment and signed agreement"),
        miss = isi.msg("需求变更控制不全", "change control incomplete") .. ": " .. isi.join(problems, "; ")}
    end
    local rows = groups[p.id] or {}
    if #rows == 0 then
      if #lists[p.id] == 0 then return no_baseline end
      return {met = true, evidence = {record = "changes"}, ok = isi.msg("实施中无需求变更", "no requirement change during implementation")}
    end
    local total, problems, refs = 0, {}, {}
    for _, row in ipairs(rows) do
      if unagreed(row) then broke[p.id] = true end
      local share, row_problems = judge_row(row, need_request, need_signed)
      total = total + share
      refs[#refs + 1] = isi.row_ref("changes", row)
      if share < 1 then
        problems[#problems + 1] = (row.change_id or ("#" .. row._row)) .. " " .. isi.join(row_problems, "，")
      end
    end
    return {met = total / #rows, evidence = refs,
      ok = isi.msgf("%d 项需求变更均先申请、评估影响并签署协议后执行", "all %d changes requested, assessed and agreed before being carried out", #rows, #rows),
      miss = isi.msg("需求变更控制不全", "change control incomplete") .. ": " .. table.concat(problems, "; ")}
  end)
  if groups ~= false then
    local kept = 0
    for _, p in ipairs(projects) do if not broke[p.id] then kept = kept + 1 end end
    c:critical("agreement_before_change", isi.share(kept, #projects, 0))
  else
    c:critical("agreement_before_change", "missed_throughout")
  end

  return c:result()
end
