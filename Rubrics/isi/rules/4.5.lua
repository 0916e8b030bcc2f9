-- 4.5 服务监督 Service supervision.
-- A supervision mechanism (an approved procedure titled with
-- `mechanism_terms`, and an internal audit at least every
-- `internal_audit_interval_months`); for each sampled project, supervision over
-- its life cycle (checks in `supervision_checks` or supervision_report
-- documents, no gap longer than `max_gap_days`) covering every aspect of
-- `aspects`; coordination and improvement: issues found lead to actions that
-- are closed (follow-through rate against `follow_through_target`). A results
-- clause: the supervision scores against `score_target` and their trend; with
-- fewer than `min_trend_points` scored checks the score is capped at
-- `cap_without_results`. Not applicable when no project is sampled.

local isi = require("isi")
local m = require("isi.management")

local function check_mechanism(c, ctx)
  local terms = m.param(ctx, "mechanism_terms")
  local docs = m.procedures_titled(terms)
  local good = isi.filter(docs, function(d) return m.authorised(d) and m.dated_by_as_of(d) end)
  c:check{weight = m.weight(ctx, "mechanism"), met = #good > 0 and 1 or (#docs > 0 and 0.5 or 0),
    ok = isi.msg("已建立并发布服务监督管理制度", "a service supervision procedure is established and issued"),
    miss = #docs == 0 and isi.msg("未见服务监督管理制度", "no service supervision procedure found")
      or isi.msg("服务监督管理制度未经审批", "service supervision procedure not approved"),
    evidence = isi.refs(docs)}
end

local function check_internal_audit(c, ctx)
  local months = m.param(ctx, "internal_audit_interval_months")
  local docs = isi.docs("internal_audit_report", false)
  local period = isi.period()
  local in_period = isi.filter(docs, function(d) return isi.dated_in(d) end)
  local audit_dates = {}
  for _, d in ipairs(docs) do audit_dates[#audit_dates + 1] = d.date end
  local periodic, gap = isi.periodic(audit_dates, isi.months_to_days(months), period.from, period.to)
  c:check{weight = m.weight(ctx, "internal_audit"), met = #in_period > 0 and periodic,
    ok = isi.msg("审核期内开展了内部审核", "internal audit held in the audit period"),
    miss = #in_period == 0 and isi.msg("审核期内未开展内部审核", "no internal audit in the audit period")
      or isi.msgf("内部审核间隔 %d 天", "internal audits %d days apart", gap),
    evidence = isi.refs(docs)}
end

-- The supervision events of one project: check rows and report documents.
local function project_events(project, rows)
  local events, refs, aspects_text = {}, {}, {}
  for _, r in ipairs(rows) do
    if r.project == project.id then
      events[#events + 1] = r.date
      refs[#refs + 1] = isi.row_ref("supervision_checks", r)
      aspects_text[#aspects_text + 1] = r.aspects or ""
    end
  end
  local reports = isi.docs("supervision_report", project.id)
  for _, d in ipairs(reports) do
    if d.date then events[#events + 1] = d.date end
    refs[#refs + 1] = isi.ref(d)
    aspects_text[#aspects_text + 1] = isi.searchable(d) or ""
  end
  return events, refs, table.concat(aspects_text, "\n")
end

local function check_projects(c, ctx, rows)
  local max_gap = m.param(ctx, "max_gap_days")
  local aspects = m.param(ctx, "aspects")
  local periodic_share, aspect_share, in_scope = 0, 0, 0
  local gaps, missing_aspects, all_refs = m.gaps(), m.gaps(), {}
  local period = isi.period()
  for _, p in ipairs(isi.projects()) do
    local from, to = isi.project_window(p)
    if from < period.from then from = period.from end
    -- a project whose life cycle lies wholly outside the audit period is not judged
    if to >= from then
      in_scope = in_scope + 1
      local events, refs, text = project_events(p, rows)
      for _, r in ipairs(refs) do all_refs[#all_refs + 1] = r end
      local ok, gap = isi.periodic(events, max_gap, from, to)
      if ok and #events > 0 then
        periodic_share = periodic_share + 1
      elseif #events == 0 then
        gaps:add("%s 无监督记录", "%s has no supervision records", p.id)
      else
        gaps:add("%s 监督间隔最长 %d 天", "%s: longest gap %d days", p.id, gap)
      end
      local found, missing = isi.terms_in(text, aspects)
      aspect_share = aspect_share + #found / #aspects
      if #missing > 0 then
        missing_aspects:add("%s：%s", "%s: %s", p.id, isi.join(missing))
      end
    end
  end
  c:check{weight = m.weight(ctx, "periodic"), met = isi.share(periodic_share, in_scope, 1),
    ok = isi.msgf("%d 个抽样项目全生命周期均按期监督（间隔 ≤%d 天）", "all %d sampled projects supervised over their life cycle (gaps ≤ %d days)", in_scope, max_gap),
    miss = gaps:message("项目监督不连续：", "supervision not continuous: "),
    evidence = all_refs}
  c:check{weight = m.weight(ctx, "aspects"), met = isi.share(aspect_share, in_scope, 1),
    ok = isi.msgf("监督覆盖%s", "supervision covers %s", isi.join(aspects)),
    miss = missing_aspects:message("监督未覆盖以下方面：", "supervision misses these aspects: "),
    evidence = all_refs}
end

-- Coordination and improvement: issues found are acted on and closed.
local function check_follow_through(c, ctx, rows)
  local target = m.param(ctx, "follow_through_target")
  local due, done, open = 0, 0, {}
  for _, r in ipairs(rows) do
    if (r.issues or 0) > 0 and isi.day(r.date) <= ev.as_of() then
      if r.due == nil or r.due <= ev.as_of() then
        due = due + 1
        if r.action ~= nil and r.action ~= "" and r.closed_on ~= nil and r.closed_on <= ev.as_of() then
          done = done + 1
        else
          open[#open + 1] = isi.row_ref("supervision_checks", r)
        end
      end
    end
  end
  if due == 0 then
    -- No credit for nothing: without supervision there is nothing to follow
    -- through; with supervision that found no issue due, the demand drops out.
    local held = isi.count(rows, function(r) return isi.in_period(r.date) and isi.day(r.date) <= ev.as_of() end)
    if held == 0 then
      return c:check{weight = m.weight(ctx, "follow_through"), met = false,
        miss = isi.msg("审核期内无监督检查，无从协调整改", "no supervision check in the period, so nothing was followed through"),
        evidence = isi.row_ref("supervision_checks")}
    end
    findings.ok(isi.msgf("监督检查 %d 次，无到期待整改问题（整改闭环不计入本项）",
      "%d supervision checks, no issue due for follow-through (the demand drops out)", held, held),
      isi.row_ref("supervision_checks"))
    return
  end
  local rate = isi.share(done, due, 1)
  c:check{weight = m.weight(ctx, "follow_through"), met = rate >= target and 1 or rate,
    ok = isi.msgf("监督发现的问题均已协调整改（闭环率 %s）", "issues found were coordinated and closed (%s follow-through)", isi.pct(rate)),
    miss = isi.msgf("监督发现问题整改闭环率 %s，低于目标 %s（%d 项未闭环）", "follow-through of supervision issues %s, below target %s (%d open)",
      isi.pct(rate), isi.pct(target), #open),
    evidence = #open > 0 and open or isi.row_ref("supervision_checks")}
end

-- Results: supervision scores against the target, and their trend.
local function check_results(c, ctx, rows)
  local target = m.param(ctx, "score_target")
  local min_points = m.param(ctx, "min_trend_points")
  local tolerance = m.param(ctx, "trend_tolerance")
  local cap = m.param(ctx, "cap_without_results")
  local points, values = {}, {}
  for _, r in ipairs(rows) do
    if r.score ~= nil and isi.in_period(r.date) then
      points[#points + 1] = {date = r.date, value = r.score}
      values[#values + 1] = r.score
    end
  end
  local ref = isi.row_ref("supervision_checks")
  if #points < min_points then
    c:check{weight = m.weight(ctx, "target"), met = false,
      miss = isi.msgf("监督检查评分不足 %d 次，无法与目标比较", "fewer than %d scored supervision checks: no comparison with the target", min_points),
      evidence = ref}
    c:check{weight = m.weight(ctx, "trend"), met = false,
      miss = isi.msg("无监督结果趋势数据", "no trend data of supervision results"), evidence = ref}
    c:cap(cap, isi.msgf("缺少趋势与对比数据，得分上限 %s", "no trend or comparative data: score capped at %s", isi.pct(cap)), ref)
    return
  end
  local mean = isi.mean(values)
  c:check{weight = m.weight(ctx, "target"), met = mean >= target and 1 or math.max(0, mean / target - 0.5) * 2,
    ok = isi.msgf("监督检查平均得分 %s，达到目标 %s", "mean supervision score %s meets target %s", isi.num(mean, 1), isi.num(target)),
    miss = isi.msgf("监督检查平均得分 %s，低于目标 %s", "mean supervision score %s below target %s", isi.num(mean, 1), isi.num(target)),
    evidence = ref}
  local trend = isi.trend(points, tolerance)
  local direction = trend and trend.direction or "none"
  c:check{weight = m.weight(ctx, "trend"), met = direction == "up" and 1 or (direction == "flat" and 0.5 or 0),
    ok = isi.msgf("监督检查得分持续上升（%s 分/年）", "supervision scores rising (%s points a year)", trend and isi.num(trend.slope, 1) or "0"),
    miss = direction == "down" and isi.msgf("监督检查得分呈下降趋势（%s 分/年）", "supervision scores falling (%s points a year)", isi.num(trend.slope, 1))
      or isi.msg("监督检查得分无改进趋势", "supervision scores show no improvement"),
    evidence = ref}
end

return function(ctx)
  if #isi.projects() == 0 then
    return {not_applicable = true,
      reason = isi.msg("未抽样项目，无法评价项目全生命周期监督", "no sampled project: life-cycle supervision cannot be assessed")}
  end
  local c = isi.checklist(ctx)
  check_mechanism(c, ctx)
  check_internal_audit(c, ctx)
  local rows, why = isi.rows("supervision_checks")
  if rows == nil then
    findings.nonconformity(m.because("无法读取项目监督检查记录", "cannot read the supervision checks", why),
      isi.record_table("supervision_checks") and isi.row_ref("supervision_checks") or nil)
    rows = {}
  end
  check_projects(c, ctx, rows)
  if isi.record_table("supervision_checks") and isi.record_table("supervision_checks").exists and why == nil then
    check_follow_through(c, ctx, rows)
    check_results(c, ctx, rows)
  else
    c:check{weight = m.weight(ctx, "follow_through"), met = false,
      miss = isi.msg("无监督检查记录，无法评价协调与整改", "no supervision checks: coordination and follow-through not evidenced")}
    c:check{weight = m.weight(ctx, "target"), met = false,
      miss = isi.msg("无监督结果，无法与目标比较", "no supervision results to compare with the target")}
    c:check{weight = m.weight(ctx, "trend"), met = false,
      miss = isi.msg("无监督结果趋势数据", "no trend data of supervision results")}
    local cap = m.param(ctx, "cap_without_results")
    c:cap(cap, isi.msgf("缺少趋势与对比数据，得分上限 %s", "no trend or comparative data: score capped at %s", isi.pct(cap)))
  end
  return c:result()
end
