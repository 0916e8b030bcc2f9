-- 4.9 突发事件管理 (emergency management).
-- Checks: an emergency management mechanism (procedure); an emergency budget
-- (type budget, title naming 应急) approved for the audit period (合理预算应急资金);
-- emergency plans (type emergency_plan) with the sections a param lists
-- (科学编制); drills (record table `drills`) at least every N months across the
-- audit period (定期演练); each drill reviewed within a param's days (评审); and
-- every review that asked for a revision followed by a revised plan dated after
-- that review (修订).
-- Critical demand `drills_held` (定期进行演练): missed throughout without any
-- drill in the period, missed somewhere when the drills leave a gap.
-- No credit for nothing: without a drill there is no review or revision to
-- credit; when drills were held and no review asked for a revision, the
-- revision demand drops out of the leaf's weight.

local isi = require("isi")
local control = require("isi.control")

local TABLE = "drills"

return function(ctx)
  local p = control.params(ctx, {"procedure_terms", "budget_terms", "budget_lead_days", "plan_sections",
    "min_plans", "drill_interval_months", "max_review_days"})
  local w = control.weights(ctx, {"procedure", "budget", "plans", "drills", "reviews", "revisions"})
  local c = isi.checklist(ctx)
  local period = isi.period()

  control.check_procedure(c, w.procedure, p.procedure_terms, "突发事件应急管理制度", "emergency management procedure")

  -- the emergency budget
  local budgets = isi.filter(isi.docs("budget"), function(d) return control.mentions(d.title, p.budget_terms) end)
  local earliest = dates.add_days(period.from, -p.budget_lead_days)
  local good = isi.filter(budgets, function(d) return d.approved == true and isi.in_period(d.date, earliest, period.to) end)
  c:check{weight = w.budget, met = #good > 0 and 1 or (#budgets > 0 and 0.5 or 0),
    ok = isi.msg("应急资金预算已审批：", "emergency budget approved:") .. " " .. (good[1] and good[1].title or ""),
    miss = #budgets == 0
      and isi.msg("未见应急资金预算（标题含“应急”的预算文件）", "no emergency budget found (a budget titled with 应急)")
      or isi.msg("应急资金预算未经审批或不在审核期内", "the emergency budget is not approved or not for the audit period"),
    evidence = isi.refs(budgets)}

  -- emergency plans: present, approved or signed, complete
  local plans = isi.docs("emergency_plan")
  local total, gaps = 0, {}
  for _, plan in ipairs(plans) do
    local found, missing, why = isi.find_sections(plan, p.plan_sections)
    local s = #found / #p.plan_sections
    if not (plan.approved == true or isi.signed(plan)) then s = s * 0.5 end
    total = total + s
    if s < 1 then
      local what = why or (#missing > 0 and isi.join(missing)) or isi.msg("未审批", "not approved")
      gaps[#gaps + 1] = plan.id .. "（" .. what .. "）"
    end
  end
  local completeness = isi.share(total, #plans, 0)
  local coverage = math.min(1, #plans / p.min_plans)
  c:check{weight = w.plans, met = completeness * coverage,
    ok = isi.msgf("应急预案 %d 份，内容完整并经审批", "%d emergency plans, complete and approved", #plans, #plans),
    miss = #plans == 0 and isi.msg("未见应急预案", "no emergency plan found")
      or (isi.msgf("应急预案 %d 份（要求至少 %d 份），缺少章节或未审批：", "%d emergency plans (at least %d required), with missing sections or unapproved: ",
        #plans, p.min_plans) .. isi.join(gaps)),
    evidence = isi.refs(plans)}

  -- drills: periodic, reviewed, plans revised
  local all = control.load(TABLE, "应急演练记录", "the emergency drill log")
  if all == nil then
    c:check{weight = w.drills, met = false, miss = isi.msg("无法核查应急演练频次", "drill frequency cannot be checked")}
    c:check{weight = w.reviews, met = false, miss = isi.msg("无法核查演练评审", "drill reviews cannot be checked")}
    c:check{weight = w.revisions, met = false, miss = isi.msg("无法核查预案修订", "plan revisions cannot be checked")}
    c:critical("drills_held", "missed_throughout")
    return c:result()
  end
  local rows = isi.filter(all, function(r) return isi.in_period(r.date) end)
  local interval = isi.months_to_days(p.drill_interval_months)
  local days = {}
  for _, r in ipairs(rows) do days[#days + 1] = r.date end
  local periodic, gap, ends_on = isi.periodic(days, interval, period.from, period.to)
  local expected = math.ceil((dates.days_between(period.from, period.to) + 1) / interval)
  c:check{weight = w.drills,
    met = periodic and 1 or math.min(#rows, expected - 1) / expected,
    ok = isi.msgf("审核期内演练 %d 次，间隔均不超过 %d 个月", "%d drills in the period, never more than %d months apart",
      #rows, p.drill_interval_months),
    miss = isi.msgf("审核期内演练 %d 次，最长间隔 %d 天（至 %s），超过 %d 个月", "%d drills in the period; a gap of %d days (to %s) exceeds %d months",
      #rows, gap, ends_on or "", p.drill_interval_months),
    evidence = control.tref(TABLE)}
  c:note(isi.msgf("演练 %d 次", "%d drills", #rows))
  c:critical("drills_held", periodic and "met" or (#rows == 0 and "missed_throughout" or "missed_somewhere"))

  control.check_rows(c, {rows = rows, table = TABLE, id = "drill_id", weight = w.reviews,
    test = function(r)
      local d = control.days(r.date, r.review_date)
      return d ~= nil and d >= 0 and d <= p.max_review_days and control.filled(r.review_findings)
    end,
    ok = isi.msgf("每次演练均在 %d 天内评审总结", "every drill reviewed within %d days", p.max_review_days, p.max_review_days),
    miss = isi.msgf("演练未在 %d 天内评审总结", "drills not reviewed within %d days", p.max_review_days, p.max_review_days),
    none = isi.msg("审核期内无演练可供评审", "no drill in the period to review")})

  local needing = isi.filter(rows, function(r) return r.revision_needed == true end)
  if #rows == 0 then
    c:check{weight = w.revisions, met = false,
      miss = isi.msg("审核期内未演练，无从依演练评审修订预案", "no drill in the period, so no plan revision follows from one"),
      evidence = control.tref(TABLE)}
    return c:result()
  end
  if #needing == 0 then
    findings.ok(isi.msg("演练评审未提出预案修订需求（修订要求不计入本项）",
      "no drill review asked for a plan revision (the revision demand drops out)"), control.tref(TABLE))
    return c:result()
  end
  control.check_rows(c, {rows = needing, table = TABLE, id = "drill_id", weight = w.revisions,
    test = function(r)
      local plan = control.filled(r.revised_plan) and ev.document(r.revised_plan) or nil
      return plan ~= nil and plan.type == "emergency_plan" and plan.date ~= nil
        and r.review_date ~= nil and plan.date > r.review_date
    end,
    ok = #needing == 0
      and isi.msg("演练评审未提出预案修订需求", "no drill review asked for a plan revision")
      or isi.msgf("评审提出的 %d 项预案修订均已完成（修订版晚于评审）", "all %d plan revisions asked for were made after the review", #needing),
    miss = isi.msg("评审要求修订的预案未见修订版（修订日期须晚于评审）", "plans not revised after the review that asked for it")})

  return c:result()
end
