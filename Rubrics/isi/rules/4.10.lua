-- 4.10 服务改进 (service improvement).
-- Checks: an improvement procedure (服务改进机制); improvement needs found in
-- supervision (record table `improvements`, source naming supervision) each
-- traced to an action, taken within a param's days (及时进行改进) and verified;
-- and the results (持续提升客户和相关方的满意度): the satisfaction surveys
-- (record table `satisfaction_surveys`) trend up across the audit period, the
-- latest score reaches the target, and survey results led to actions.
-- Appendix C: without an upward trend and the target reached, the score is
-- capped at `cap_without_results`.

local isi = require("isi")
local control = require("isi.control")

local TABLE = "improvements"
local SURVEYS = "satisfaction_surveys"

return function(ctx)
  local p = control.params(ctx, {"procedure_terms", "supervision_terms", "max_action_days",
    "satisfaction_target", "trend_tolerance", "cap_without_results"})
  local w = control.weights(ctx, {"procedure", "traced", "timely", "verified", "trend", "target", "survey_actions"})
  local c = isi.checklist(ctx)

  control.check_procedure(c, w.procedure, p.procedure_terms, "服务改进管理制度", "service improvement procedure")

  -- improvement needs from supervision → actions → verification
  local all = control.load(TABLE, "服务改进记录", "the improvement log")
  if all then
    local needs = isi.filter(all, function(r)
      return isi.in_period(r.date) and control.mentions(r.source, p.supervision_terms)
    end)
    control.check_rows(c, {rows = needs, table = TABLE, id = "imp_id", weight = w.traced,
      test = function(r) return control.filled(r.action) and r.action_date ~= nil end,
      ok = isi.msgf("监督中发现的 %d 项改进需求均已落实改进措施", "all %d improvement needs from supervision traced to actions", #needs),
      miss = isi.msg("监督发现的改进需求未落实改进措施", "improvement needs from supervision without an action"),
      none = isi.msg("审核期内未见来自监督检查的改进需求记录", "no improvement need from supervision recorded in the period")})
    control.check_rows(c, {rows = needs, table = TABLE, id = "imp_id", weight = w.timely,
      test = function(r)
        local d = control.days(r.date, r.action_date)
        return d ~= nil and d >= 0 and d <= p.max_action_days
      end,
      ok = isi.msgf("改进措施均在 %d 天内实施", "every improvement acted on within %d days", p.max_action_days, p.max_action_days),
      miss = isi.msgf("改进措施未在 %d 天内实施", "improvements not acted on within %d days", p.max_action_days, p.max_action_days),
      none = isi.msg("无改进需求可核查及时性", "no improvement need to check for timeliness")})
    control.check_rows(c, {rows = needs, table = TABLE, id = "imp_id", weight = w.verified,
      test = function(r)
        return r.verified_date ~= nil and r.action_date ~= nil and r.verified_date >= r.action_date
          and control.filled(r.result)
      end,
      ok = isi.msg("改进效果均已验证", "the effect of every improvement verified"),
      miss = isi.msg("改进效果未验证", "improvements whose effect was not verified"),
      none = isi.msg("无改进措施可核查效果验证", "no improvement to check for verification")})
  else
    c:check{weight = w.traced, met = false, miss = isi.msg("无法核查改进需求的落实", "follow-through of improvement needs cannot be checked")}
    c:check{weight = w.timely, met = false, miss = isi.msg("无法核查改进是否及时", "timeliness of improvements cannot be checked")}
    c:check{weight = w.verified, met = false, miss = isi.msg("无法核查改进效果验证", "verification of improvements cannot be checked")}
  end

  -- results: satisfaction trend, level against the target, actions on results
  local results_ok = false
  local surveys = control.load(SURVEYS, "满意度调查结果", "the satisfaction surveys")
  if surveys then
    local in_period = isi.filter(surveys, function(r) return isi.in_period(r.date) and type(r.score) == "number" end)
    local points = {}
    for _, r in ipairs(in_period) do points[#points + 1] = {date = r.date, value = r.score} end
    table.sort(points, function(a, b) return a.date < b.date end)
    local trend = isi.trend(points, p.trend_tolerance)
    local up = trend ~= nil and trend.direction == "up"
    c:check{weight = w.trend, met = up,
      ok = isi.msgf("满意度呈上升趋势（%s → %s，每年 %s 分）", "satisfaction trending up (%s → %s, %s points a year)",
        isi.num(points[1] and points[1].value or 0), isi.num(points[#points] and points[#points].value or 0),
        isi.num(trend and trend.slope or 0)),
      miss = trend == nil
        and isi.msgf("审核期内满意度调查仅 %d 次，无法判断趋势", "only %d satisfaction surveys in the period: no trend", #points)
        or isi.msgf("满意度未呈上升趋势（%s → %s，每年 %s 分）", "satisfaction not trending up (%s → %s, %s points a year)",
          isi.num(points[1].value), isi.num(points[#points].value), isi.num(trend.slope)),
      evidence = control.tref(SURVEYS)}

    local latest, sum, n = points[#points] and points[#points].date, 0, 0
    for _, pt in ipairs(points) do
      if pt.date == latest then sum, n = sum + pt.value, n + 1 end
    end
    local level = n > 0 and sum / n or nil
    local reached = level ~= nil and level >= p.satisfaction_target
    c:check{weight = w.target, met = reached,
      ok = isi.msgf("最近一次满意度 %s 分，达到目标 %s 分", "latest satisfaction %s, target %s reached",
        isi.num(level or 0), isi.num(p.satisfaction_target)),
      miss = level == nil and isi.msg("审核期内无满意度调查结果", "no satisfaction survey in the period")
        or isi.msgf("最近一次满意度 %s 分，低于目标 %s 分", "latest satisfaction %s below the target %s",
          isi.num(level), isi.num(p.satisfaction_target)),
      evidence = control.tref(SURVEYS)}
    results_ok = up and reached

    control.check_rows(c, {rows = in_period, table = SURVEYS, id = "survey_id", weight = w.survey_actions,
      test = function(r) return control.filled(r.actions) end,
      ok = isi.msg("每次满意度调查结果均采取了改进措施", "every survey's results acted on"),
      miss = isi.msg("满意度调查结果未采取改进措施", "survey results without actions"),
      none = isi.msg("审核期内无满意度调查", "no satisfaction survey in the period")})
  else
    c:check{weight = w.trend, met = false, miss = isi.msg("无法判断满意度趋势", "the satisfaction trend cannot be judged")}
    c:check{weight = w.target, met = false, miss = isi.msg("无法与满意度目标比较", "satisfaction cannot be compared with the target")}
    c:check{weight = w.survey_actions, met = false, miss = isi.msg("无法核查调查结果的改进措施", "actions on survey results cannot be checked")}
  end

  if not results_ok then
    c:cap(p.cap_without_results, isi.msgf("满意度未见上升趋势或未达目标，得分上限 %s（附录C）",
      "no upward satisfaction trend or target not reached: score capped at %s (Appendix C)", isi.pct(p.cap_without_results)),
      control.tref(SURVEYS))
  end
  return c:result()
end
