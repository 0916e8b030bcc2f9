-- 5.8.2 满意度调查 (satisfaction surveys). Reads table `satisfaction_surveys` (one row per survey)
-- and the survey documents (questionnaire and analysis). SB/T 10409 is optional (NOTES.md): no
-- survey formula is hard-coded, only the thresholds of the params.
--   定期进行顾客满意度调查       -> surveys at least every max_months_between_surveys over the audit period
--   包括售后服务满意度调查       -> an after-sales survey (include_after_sales_survey)
--   (顾客: every sampled project's customer surveyed)
--   及时掌握顾客意见             -> the results analysed (survey documents) and acted on (`actions` filled)
--   critical `after_sales_survey`: the named after-sales survey; missed throughout without one
--   results (Appendix C)         -> the latest score against target_score, the trend of scores; without
--                                   a good level or a rising trend the score is capped (cap_without_results)
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local max_months = care.param(ctx, "max_months_between_surveys")
  local want_after_sales = care.param(ctx, "include_after_sales_survey")
  local after_sales_kind = care.param(ctx, "after_sales_kind")
  local target = care.param(ctx, "target_score")
  local acceptable = care.param(ctx, "acceptable_score")
  local tolerance = care.param(ctx, "trend_tolerance_per_year")
  local analysis_terms = care.param(ctx, "analysis_terms")
  local cap = care.param(ctx, "cap_without_results")
  local w = care.weights(ctx, {"periodic", "after_sales", "projects", "actions", "analysis", "level", "trend"})
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.docs("satisfaction_survey"))
  local period = isi.period()

  local rows, why = isi.rows("satisfaction_surveys")
  if rows == nil then
    findings.nonconformity(isi.msg("无法评价满意度调查：", "satisfaction surveys cannot be judged: ") .. why,
      isi.record_table("satisfaction_surveys") and {record = "satisfaction_surveys"} or nil)
    return {score = 0, summary = isi.msg("无满意度调查记录", "no satisfaction survey records"),
      critical = want_after_sales and {after_sales_survey = "missed_throughout"} or nil}
  end
  local surveys = isi.filter(rows, function(r) return isi.in_period(r.date, period.from, ev.as_of()) end)
  table.sort(surveys, function(a, b) return a.date < b.date or (a.date == b.date and a._row < b._row) end)
  local all_refs = care.row_refs("satisfaction_surveys", surveys)

  -- a) periodic surveys
  local days = {}
  for i, r in ipairs(surveys) do days[i] = r.date end
  local max_days = isi.months_to_days(max_months)
  local periodic, gap, ends_on = isi.periodic(days, max_days, period.from, period.to)
  c:check{weight = w.periodic, met = periodic or (gap > 0 and max_days / gap or 0),
    ok = isi.msgf("审核期内 %d 次满意度调查，间隔不超过 %d 个月", "%d surveys in the audit period, none more than %d months apart", #surveys, max_months),
    miss = isi.msgf("满意度调查间隔 %d 天（至 %s），超过 %d 个月", "a gap of %d days without survey (to %s), more than %d months", gap, tostring(ends_on), max_months),
    evidence = all_refs}

  -- b) after-sales satisfaction included
  if want_after_sales then
    local after = isi.filter(surveys, function(r) return r.kind == after_sales_kind end)
    c:check{weight = w.after_sales, met = #after > 0,
      ok = isi.msg("已开展售后服务满意度调查", "after-sales satisfaction surveyed"),
      miss = isi.msg("审核期内未开展售后服务满意度调查", "no after-sales satisfaction survey in the audit period"),
      evidence = #after > 0 and care.row_refs("satisfaction_surveys", after) or all_refs}
    c:critical("after_sales_survey", #after > 0 and "met" or "missed_throughout")
  end

  -- c) every sampled project's customer surveyed
  local projects = isi.projects()
  if #projects > 0 then
    local share, short = care.per_project(projects, function(p)
      return #care.rows_of(surveys, p) > 0
    end)
    c:check{weight = w.projects, met = share,
      ok = isi.msg("各抽样项目客户均参与满意度调查", "every sampled project's customer surveyed"),
      miss = isi.msg("未调查的项目客户", "customers not surveyed") .. "：" .. short,
      evidence = all_refs}
  end

  -- d) results acted on
  local unacted = isi.filter(surveys, function(r) return r.actions == nil or r.actions == "" end)
  c:check{weight = w.actions, met = #surveys > 0 and isi.share(#surveys - #unacted, #surveys) or 0,
    ok = isi.msg("每次调查结果均有改进措施", "every survey's results acted on"),
    miss = #surveys == 0 and isi.msg("审核期内无满意度调查", "no survey in the audit period")
      or isi.msgf("%d/%d 次调查结果未采取措施", "%d of %d surveys without actions on their results", #unacted, #surveys),
    evidence = #unacted > 0 and care.row_refs("satisfaction_surveys", unacted) or all_refs}

  -- e) results analysed (survey documents)
  local docs = isi.filter(isi.docs("satisfaction_survey"), function(d) return isi.in_period(d.date, period.from, ev.as_of()) end)
  local _, missing, share = care.terms_across(docs, analysis_terms)
  c:check{weight = w.analysis, met = #docs > 0 and share or 0,
    ok = isi.msg("调查问卷与结果分析齐全", "questionnaires and analyses of results on file"),
    miss = #docs == 0 and isi.msg("审核期内无满意度调查报告", "no satisfaction survey report in the audit period")
      or isi.msgf("调查报告缺少：%s", "survey reports lack: %s", isi.join(missing)),
    evidence = isi.refs(isi.docs("satisfaction_survey"))}

  -- f) level against the target; g) trend
  local level_ok, trend_ok = false, false
  if #surveys == 0 then
    c:check{weight = w.level + w.trend, met = false,
      miss = isi.msg("无调查结果，无法评价水平与趋势", "no results: neither level nor trend"), evidence = nil}
  else
    local last = surveys[#surveys]
    local latest = isi.mean((function()
      local v = {}
      for _, r in ipairs(surveys) do if r.date == last.date then v[#v + 1] = r.score end end
      return v
    end)())
    level_ok = latest >= target
    c:check{weight = w.level, met = level_ok and 1 or (latest >= acceptable and 0.5 or 0),
      ok = isi.msgf("最近一次满意度 %s，达到目标 %s", "latest satisfaction %s meets the target %s", isi.num(latest), isi.num(target)),
      miss = isi.msgf("最近一次满意度 %s，低于目标 %s", "latest satisfaction %s below the target %s", isi.num(latest), isi.num(target)),
      evidence = {{record = "satisfaction_surveys", row = last._row}}}
    local points = {}
    for i, r in ipairs(surveys) do points[i] = {date = r.date, value = r.score} end
    local t = isi.trend(points, tolerance)
    local tmet = 0
    if t and t.direction == "up" then tmet = 1
    elseif t and t.direction == "flat" then tmet = level_ok and 1 or 0.5 end
    trend_ok = tmet == 1
    local dir = t and ({up = "上升 rising", flat = "持平 flat", down = "下降 falling"})[t.direction] or "—"
    c:check{weight = w.trend, met = tmet,
      ok = isi.msgf("满意度趋势 %s（%s → %s，每年 %s）", "satisfaction trend %s (%s → %s, %s per year)", dir,
        isi.num(points[1].value), isi.num(points[#points].value), t and isi.num(t.slope, 1) or "—"),
      miss = t and isi.msgf("满意度趋势 %s（%s → %s，每年 %s）", "satisfaction trend %s (%s → %s, %s per year)", dir,
        isi.num(points[1].value), isi.num(points[#points].value), isi.num(t.slope, 1))
        or isi.msg("调查次数不足，无法判断趋势", "too few surveys for a trend"),
      evidence = all_refs}
  end
  if not (trend_ok or level_ok) then
    c:cap(cap, isi.msgf("满意度既未达目标 %s 亦无上升趋势，得分不超过 %s",
      "satisfaction neither meets the target %s nor rises: score capped at %s", isi.num(target), isi.pct(cap)),
      #surveys > 0 and {record = "satisfaction_surveys"} or nil)
  end
  return c:result()
end
