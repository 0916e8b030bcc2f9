-- 4.3 服务规划 Service planning.
-- The procedures and specifications of every process where the provider meets
-- the customer (`contact_processes`) are planned: an approved service plan,
-- each process a section of it or a procedure titled after it; a) quality is
-- assured: quality objectives; b) delivery is timely and satisfactory:
-- delivery-timeliness objectives; both measured in the audit period at least
-- every `measurement_interval_months` (record table `objective_results`),
-- with the latest results against their targets and their trend.

local isi = require("isi")
local m = require("isi.management")

local function check_plan(c, ctx)
  local plans = isi.docs("service_plan", false)
  local good = isi.filter(m.readable(plans), function(d) return m.authorised(d) and m.dated_by_as_of(d) end)
  c:check{weight = m.weight(ctx, "plan"), met = #good > 0,
    ok = isi.msg("服务策划文件已审批发布", "service plan approved and issued"),
    miss = #plans == 0 and isi.msg("未见服务策划文件", "no service plan found")
      or isi.msg("服务策划文件未经审批或未注明日期", "service plan not approved or undated"),
    evidence = isi.refs(plans)}
end

local function check_processes(c, ctx)
  local processes = m.param(ctx, "contact_processes")
  local plans = isi.filter(isi.docs("service_plan", false), function(d) return m.dated_by_as_of(d) and isi.text(d.id) ~= nil end)
  local procedures = isi.docs("procedure", false)
  local covered, missing, cited = 0, {}, {}
  for _, process in ipairs(processes) do
    local names = type(process) == "table" and process or {process}
    local hit
    for _, doc in ipairs(plans) do
      if #isi.find_sections(doc, {names}) > 0 then hit = doc; break end
    end
    if hit == nil then
      for _, doc in ipairs(procedures) do
        if m.title_has(doc, names) then hit = doc; break end
      end
    end
    if hit then
      covered = covered + 1
      cited[hit.id] = hit
    else
      missing[#missing + 1] = names[1]
    end
  end
  local refs = {}
  for _, doc in ipairs(isi.merge_refs(isi.refs(plans), isi.refs(procedures))) do
    if cited[doc.document] then refs[#refs + 1] = doc end
  end
  c:check{weight = m.weight(ctx, "processes"), met = isi.share(covered, #processes, 0),
    ok = isi.msgf("%d 个与客户接触的服务过程均有程序和规范", "procedures and specifications for all %d customer-contact processes", #processes),
    miss = isi.msgf("以下与客户接触的服务过程未策划程序和规范：%s", "customer-contact processes not planned: %s", isi.join(missing)),
    evidence = #refs > 0 and refs or isi.refs(plans)}
end

-- Objectives of one kind (quality or timeliness) in an approved objectives document.
local function check_objectives(c, ctx, key, terms, zh, en)
  local docs = isi.filter(isi.docs("quality_objectives", false), function(d) return m.authorised(d) and m.dated_by_as_of(d) end)
  local hits = isi.docs_mentioning(docs, {terms})
  c:check{weight = m.weight(ctx, key), met = #hits > 0,
    ok = isi.msg(("已设定%s目标"):format(zh), ("%s objectives set"):format(en)),
    miss = isi.msg(("经批准的服务质量目标中未见%s目标"):format(zh), ("no %s objectives among the approved objectives"):format(en)),
    evidence = isi.refs(#hits > 0 and hits or isi.docs("quality_objectives", false))}
end

-- The series of results per objective, of one kind.
local function series_of(rows, kind)
  local by_objective, order = {}, {}
  for _, r in ipairs(rows) do
    if r.kind == kind and isi.in_period(r.date) then
      if by_objective[r.objective] == nil then
        by_objective[r.objective] = {}
        order[#order + 1] = r.objective
      end
      table.insert(by_objective[r.objective], r)
    end
  end
  return by_objective, order
end

local function check_results(c, ctx)
  local kinds = m.param(ctx, "objective_kinds")
  local months = m.param(ctx, "measurement_interval_months")
  local tolerance = m.param(ctx, "trend_tolerance")
  local rows, why = isi.rows("objective_results")
  if rows == nil then
    c:check{weight = m.weight(ctx, "measurement"), met = false,
      miss = m.because("无法核对目标的测量结果", "cannot check the measured objectives", why)}
    c:check{weight = m.weight(ctx, "target"), met = false,
      miss = isi.msg("无目标达成数据", "no results against targets")}
    c:check{weight = m.weight(ctx, "trend"), met = false,
      miss = isi.msg("无目标结果趋势数据", "no trend data of the objectives")}
    return
  end
  local period = isi.period()
  local below_refs = {}
  local measured, met_target, not_down, objectives, with_trend = 0, 0, 0, 0, 0
  local gaps, below, falling = m.gaps(), m.gaps(), {}
  for _, kind in ipairs(kinds) do
    local series, order = series_of(rows, kind)
    local kind_dates = {}
    for _, name in ipairs(order) do
      local points, latest = {}, nil
      for _, r in ipairs(series[name]) do
        kind_dates[#kind_dates + 1] = r.date
        points[#points + 1] = {date = r.date, value = r.actual}
        if latest == nil or r.date >= latest.date then latest = r end
      end
      objectives = objectives + 1
      if latest.actual >= latest.target then
        met_target = met_target + 1
      else
        below:add("%s %s（目标 %s）", "%s %s (target %s)", name, isi.num(latest.actual), isi.num(latest.target))
        below_refs[#below_refs + 1] = isi.row_ref("objective_results", latest)
      end
      local trend = isi.trend(points, tolerance)
      if trend then
        with_trend = with_trend + 1
        if trend.direction ~= "down" then not_down = not_down + 1 else falling[#falling + 1] = name end
      end
    end
    local ok, gap = isi.periodic(kind_dates, isi.months_to_days(months), period.from, period.to)
    if #order > 0 and ok then
      measured = measured + 1
    else
      if #order == 0 then gaps:add("%s无测量记录", "%s never measured", kind)
      else gaps:add("%s测量间隔 %d 天", "%s measured with a gap of %d days", kind, gap) end
    end
  end
  local ref = isi.row_ref("objective_results")
  c:check{weight = m.weight(ctx, "measurement"), met = isi.share(measured, #kinds, 0),
    ok = isi.msgf("质量与交付及时性目标按期（≤%d 个月）测量", "quality and timeliness objectives measured at least every %d months", months),
    miss = gaps:message("目标测量不全或不及时：", "objectives not measured, or not regularly: "),
    evidence = ref}
  c:check{weight = m.weight(ctx, "target"), met = isi.share(met_target, objectives, 0),
    ok = isi.msgf("%d 项目标最近一期均达标", "latest results meet all %d targets", objectives),
    miss = objectives == 0 and isi.msg("无目标达成数据", "no results against targets")
      or below:message("以下目标最近一期未达标：", "latest results below target: "),
    evidence = #below_refs > 0 and below_refs or ref}
  c:check{weight = m.weight(ctx, "trend"), met = with_trend == 0 and 0 or isi.share(not_down, objectives, 0),
    ok = isi.msg("各项目标结果趋势持平或向好", "objective results flat or improving"),
    miss = with_trend == 0 and isi.msg("目标结果不足以判断趋势", "too few results to show a trend")
      or isi.msgf("以下目标结果呈下降趋势或无趋势数据：%s", "objectives falling or without trend data: %s", isi.join(falling)),
    evidence = ref}
end

return function(ctx)
  local c = isi.checklist(ctx)
  check_plan(c, ctx)
  check_processes(c, ctx)
  check_objectives(c, ctx, "quality_objectives", m.param(ctx, "quality_terms"), "服务质量", "service quality")
  check_objectives(c, ctx, "timeliness_objectives", m.param(ctx, "timeliness_terms"), "交付及时性", "delivery timeliness")
  check_results(c, ctx)
  return c:result()
end
