-- 5.6 售后服务 After-sales service: 及时响应并及时处理售后服务请求；日常巡检（定期开展
-- 系统、设备、网络、安全巡检，排查隐患并记录）；故障处理（快速响应、高效处置）；技术支持
-- （电话、远程、现场）；系统维护（补丁更新、版本升级、数据备份、安全加固）；专项培训
-- （操作人员、运维人员）。
-- Checks, over the audit period: service tickets (record table service_tickets)
-- answered and resolved within the hours params.response_hours and
-- params.resolve_hours set per severity, against params.on_time_target; routine
-- inspections (inspections) of every project in after-sales at least every
-- params.inspection_interval_days, covering params.inspection_scopes, hazards
-- closed; technical support over params.support_channels; maintenance of
-- params.maintenance_kinds (maintenance_activities) and training of
-- params.training_audiences (service_trainings) per project. Where a bundle
-- keeps inspections, maintenance or training as documents instead of tables
-- (inspection_record, maintenance_record, training_record of the project), the
-- documents' dates and text are read instead: what a document cannot show
-- (hazards closed) earns nothing. Results (Appendix
-- C): the monthly mean response time must trend down or hold, and stay within
-- params.response_target_hours; without that the score is capped at
-- params.cap_without_results.
local isi = require("isi")
local acc = require("isi.acceptance")

-- The service tickets are asked of the host (never the whole table): `TICKETS`
-- is the table, `in_period` the conditions that keep the tickets opened in the
-- audit period (up to the as-of date).
local TICKETS = "service_tickets"

-- The conditions of `base`, then the others.
local function where(base, ...)
  local all = {}
  for _, w in ipairs(base) do all[#all + 1] = w end
  for _, w in ipairs({...}) do all[#all + 1] = w end
  return all
end

-- The severities a time limit is set for, sorted.
local function severities(limits)
  local list = {}
  for severity in pairs(limits) do list[#list + 1] = severity end
  table.sort(list)
  return list
end

-- The rows of several answers, in file order.
local function by_row(...)
  local rows = isi.concat(...)
  table.sort(rows, function(a, b) return a._row < b._row end)
  return rows
end

-- The timeliness checks, by the prefix of their answers in the one query of
-- the period's tickets: `field` must be given within the hours set per
-- severity (params.response_hours, params.resolve_hours) of the opening.
local TIMELINESS = {
  {key = "response", field = "first_response_at"},
  {key = "resolution", field = "resolved_at"},
}

-- Adds to `ask` (the aggregates of the query of the period's tickets), per
-- severity i of `known`: tickets done (in time or late), done late, and not done
-- but overdue at `deadline`, with the first rows of the late ones.
local function ask_timeliness(ask, t, limits, known, deadline)
  ask[t.key .. "_unknown"] = {compute = "count", where = {{"severity", "not_in", known}}}
  for i, severity in ipairs(known) do
    local prefix = ("%s_%d_"):format(t.key, i)
    local is = {"severity", "==", severity}
    local slow = {is, {t.field, "not_null"}, {"opened_at", "hours", t.field, ">", limits[severity]}}
    local overdue = {is, {t.field, "null"}, {"opened_at", "hours", {value = deadline}, ">", limits[severity]}}
    ask[prefix .. "done"] = {compute = "count", where = {is, {t.field, "not_null"}}}
    ask[prefix .. "slow"] = {compute = "count", where = slow}
    ask[prefix .. "slow_rows"] = {compute = {"rows", 10}, where = slow}
    ask[prefix .. "overdue"] = {compute = "count", where = overdue}
    ask[prefix .. "overdue_rows"] = {compute = {"rows", 10}, where = overdue}
  end
end

return function(ctx)
  local response_hours = acc.param(ctx, "response_hours")
  local resolve_hours = acc.param(ctx, "resolve_hours")
  local on_time_target = acc.param(ctx, "on_time_target")
  local interval = acc.param(ctx, "inspection_interval_days")
  local scopes = acc.param(ctx, "inspection_scopes")
  local channels = acc.param(ctx, "support_channels")
  local support_category = acc.param(ctx, "support_category")
  local kinds = acc.param(ctx, "maintenance_kinds")
  local audiences = acc.param(ctx, "training_audiences")
  local target_hours = acc.param(ctx, "response_target_hours")
  local tolerance = acc.param(ctx, "trend_tolerance_hours")
  local min_months = acc.param(ctx, "min_trend_months")
  local cap = acc.param(ctx, "cap_without_results")

  local period = ev.audit_period()
  local period_end = period.to < ev.as_of() and period.to or ev.as_of()
  local projects = acc.service_projects()
  local in_period = {{"opened_at", "between", period.from, period_end}}
  -- One pass over the tickets of the period answers the questions of every
  -- check below (each aggregate over the rows that meet its own conditions).
  local limits_of = {response = response_hours, resolution = resolve_hours}
  local support_rows = {{"category", "contains", support_category}}
  local ask = {n = "count",
    -- the columns asked for below, checked here once
    ids = {"count", "ticket_id"}, severities = {"count", "severity"}, categories = {"count", "category"},
    channels = {"count", "channel"}, responses = {"count", "first_response_at"}, resolutions = {"count", "resolved_at"},
    support_n = {compute = "count", where = support_rows},
    support_channels = {compute = {"distinct", "channel"}, where = support_rows}}
  for _, t in ipairs(TIMELINESS) do
    ask_timeliness(ask, t, limits_of[t.key], severities(limits_of[t.key]), period_end .. "T23:59:59")
  end
  local tickets = isi.query_or_finding(TICKETS, {where = in_period, aggregate = ask})
  tickets = tickets and tickets[1]
  local ticket_count = tickets and tickets.n or 0
  if #projects == 0 and ticket_count == 0 then
    return {not_applicable = true, reason = isi.msg("审核期内无已交付项目及售后服务请求", "no project delivered and no service request in the audit period")}
  end
  local c = isi.checklist(ctx)
  local ticket_ref = tickets and {record = "service_tickets"} or nil

  -- Answered and resolved in time, per severity.
  local function timeliness(t, label_zh, label_en, weight_name)
    if ticket_count == 0 then
      c:check{weight = acc.weight(ctx, weight_name), met = false,
        miss = isi.msg(("无售后服务工单，无法证实%s及时"):format(label_zh), ("no service tickets: %s timeliness not shown"):format(label_en)),
        evidence = ticket_ref}
      return
    end
    local limits = limits_of[t.key]
    local known = severities(limits)
    if tickets[t.key .. "_unknown"] > 0 then
      for _, row in ipairs(isi.query(TICKETS, {where = where(in_period, {"severity", "not_in", known}),
          select = {"ticket_id", "severity"}}) or {}) do
        findings.observation(isi.msgf("工单 %s 的级别“%s”未在参数中定义时限", "ticket %s: severity '%s' has no time limit in the params",
          row.ticket_id, tostring(row.severity)), {record = "service_tickets", row = row._row})
      end
    end
    -- Per severity: the tickets done (in time or late), and those not done but overdue.
    local counted, on_time, late_count, late = 0, 0, 0, {}
    for i in ipairs(known) do
      local prefix = ("%s_%d_"):format(t.key, i)
      local answered, slow, overdue = tickets[prefix .. "done"], tickets[prefix .. "slow"], tickets[prefix .. "overdue"]
      counted = counted + answered + overdue
      on_time = on_time + answered - slow
      late_count = late_count + slow + overdue
      local rows = {}
      for _, row in ipairs(tickets[prefix .. "slow_rows"]) do rows[#rows + 1] = {_row = row} end
      for _, row in ipairs(tickets[prefix .. "overdue_rows"]) do rows[#rows + 1] = {_row = row} end
      late = by_row(late, rows)
    end
    local share = isi.share(on_time, counted, 0)
    c:note(isi.msg(("%s及时率 %s"):format(label_zh, isi.pct(share)), ("%s on time %s"):format(label_en, isi.pct(share))))
    c:check{weight = acc.weight(ctx, weight_name), met = share >= on_time_target and 1 or share,
      ok = isi.msg(("%s及时率 %s，达到目标 %s"):format(label_zh, isi.pct(share), isi.pct(on_time_target)),
        ("%s on time in %s of tickets, target %s"):format(label_en, isi.pct(share), isi.pct(on_time_target))),
      miss = isi.msg(("%s及时率 %s，低于目标 %s（%d 张超时）"):format(label_zh, isi.pct(share), isi.pct(on_time_target), late_count),
        ("%s on time in %s of tickets, below the target %s (%d late)"):format(label_en, isi.pct(share), isi.pct(on_time_target), late_count)),
      evidence = late_count > 0 and acc.row_refs("service_tickets", late) or ticket_ref}
  end
  timeliness(TIMELINESS[1], "响应", "response", "response")
  timeliness(TIMELINESS[2], "处理", "resolution", "resolution")

  -- Routine inspections at the set frequency, every scope, hazards closed.
  local inspections, why2 = isi.rows("inspections")
  local inspection_docs = #isi.docs("inspection_record") > 0
  if inspections == nil and not (inspection_docs and isi.record_table("inspections") == nil) then
    acc.table_problem("inspections", why2)
  end
  local share, gaps = acc.per_project(projects, function(p)
    local dates_of = {}
    if inspections ~= nil then
      for _, r in ipairs(acc.rows_of(inspections, p)) do dates_of[#dates_of + 1] = r.date end
    else
      local docs = isi.docs("inspection_record", p.id)
      if #docs == 0 then return 0, isi.msg("无巡检记录", "no inspections") end
      for _, d in ipairs(docs) do dates_of[#dates_of + 1] = d.date end
    end
    local ok, gap, ends_on = isi.periodic(dates_of, interval, p.end_date, period_end)
    if ok then return 1 end
    return 0, isi.msgf("巡检间隔 %d 天（至 %s），超过 %d 天", "%d days without inspection (to %s), more than %d", gap, ends_on, interval)
  end)
  c:check{weight = acc.weight(ctx, "inspection_periodic"), met = share,
    ok = isi.msgf("按期开展日常巡检（间隔不超过 %d 天）", "routine inspections at least every %d days", interval),
    miss = acc.gap_msg(isi.msg("日常巡检未按期开展", "routine inspections not at the set frequency"), gaps),
    evidence = inspections and {record = "inspections"} or isi.refs(isi.docs("inspection_record"))}

  local open_hazards = {}
  share, gaps = acc.per_project(projects, function(p)
    if inspections == nil then
      local docs = isi.docs("inspection_record", p.id)
      if #docs == 0 then return 0, isi.msg("无巡检记录", "no inspections") end
      local _, missing = isi.terms_in(isi.joined_text(docs), scopes)
      local why_not = {isi.msg("巡检记录文档无法核实隐患闭环", "inspection documents do not show hazards closed")}
      if #missing > 0 then table.insert(why_not, 1, isi.msg("未巡检", "not inspected") .. " " .. isi.join(missing)) end
      return (#scopes - #missing) / #scopes * 0.5, table.concat(why_not, "，")
    end
    local rows = acc.rows_of(inspections, p)
    if #rows == 0 then
      if dates.days_between(p.end_date, period_end) <= interval then return 1 end
      return 0, isi.msg("无巡检记录", "no inspections")
    end
    local values, closed = {}, 0
    for _, r in ipairs(rows) do
      values[#values + 1] = r.scope or ""
      if (r.hazards_closed or 0) >= (r.hazards_found or 0) then closed = closed + 1 else open_hazards[#open_hazards + 1] = r end
    end
    local _, missing = acc.covered(values, scopes)
    local parts = (#scopes - #missing) / #scopes * 0.5 + closed / #rows * 0.5
    if parts >= 1 then return 1 end
    local why_not = {}
    if #missing > 0 then why_not[#why_not + 1] = isi.msg("未巡检", "not inspected") .. " " .. isi.join(missing) end
    if closed < #rows then why_not[#why_not + 1] = isi.msgf("%d 次巡检的隐患未闭环", "hazards left open after %d inspection(s)", #rows - closed) end
    return parts, table.concat(why_not, "，")
  end)
  c:check{weight = acc.weight(ctx, "inspection_scope"), met = share,
    ok = isi.msg("巡检覆盖系统、设备、网络、安全且隐患闭环", "inspections cover every scope and close their hazards"),
    miss = acc.gap_msg(isi.msg("巡检范围或隐患闭环不足", "inspection scope or hazard closure incomplete"), gaps),
    evidence = #open_hazards > 0 and acc.row_refs("inspections", open_hazards)
      or (inspections and {record = "inspections"} or isi.refs(isi.docs("inspection_record")))}

  -- Technical support by phone, remote and on site.
  local support = tickets and {n = tickets.support_n, channels = tickets.support_channels} or {n = 0, channels = {}}
  local found, missing = acc.covered(support.channels, channels)
  c:check{weight = acc.weight(ctx, "support"), met = support.n > 0 and #found / #channels or 0,
    ok = isi.msgf("提供%s技术支持（%d 次）", "technical support by %s (%d requests)", isi.join(channels), support.n),
    miss = support.n == 0 and isi.msg("未见技术支持服务记录", "no technical support recorded")
      or isi.msgf("技术支持未覆盖%s", "technical support lacks %s", isi.join(missing)),
    evidence = ticket_ref}

  -- Maintenance: patches, upgrades, backups, hardening.
  local maintenance, why3 = isi.rows("maintenance_activities")
  if maintenance == nil and not (#isi.docs("maintenance_record") > 0 and isi.record_table("maintenance_activities") == nil) then
    acc.table_problem("maintenance_activities", why3)
  end
  share, gaps = acc.per_project(projects, function(p)
    local values = {}
    if maintenance ~= nil then
      for _, r in ipairs(acc.rows_of(maintenance, p)) do
        if isi.in_period(r.date, p.start_date, period_end) then values[#values + 1] = r.kind or "" end
      end
    else
      local docs = isi.docs("maintenance_record", p.id)
      if #docs == 0 then return 0, isi.msg("无维护记录", "no maintenance records") end
      values[1] = isi.joined_text(docs)
    end
    local _, lacking = acc.covered(values, kinds)
    if #lacking == 0 then return 1 end
    return (#kinds - #lacking) / #kinds, isi.msg("缺少", "missing") .. " " .. isi.join(lacking)
  end)
  c:check{weight = acc.weight(ctx, "maintenance"), met = share,
    ok = isi.msg("补丁更新、版本升级、数据备份、安全加固均有记录", "patches, upgrades, backups and hardening recorded"),
    miss = acc.gap_msg(isi.msg("系统维护不完整", "system maintenance incomplete"), gaps),
    evidence = maintenance and {record = "maintenance_activities"} or isi.refs(isi.docs("maintenance_record"))}

  -- Training of operators and administrators.
  local trainings, why4 = isi.rows("service_trainings")
  if trainings == nil and not (#isi.docs("training_record") > 0 and isi.record_table("service_trainings") == nil) then
    acc.table_problem("service_trainings", why4)
  end
  share, gaps = acc.per_project(projects, function(p)
    local values = {}
    if trainings ~= nil then
      for _, r in ipairs(acc.rows_of(trainings, p)) do values[#values + 1] = r.audience or "" end
    else
      local docs = isi.docs("training_record", p.id)
      if #docs == 0 then return 0, isi.msg("无培训记录", "no training records") end
      values[1] = isi.joined_text(docs)
    end
    local _, lacking = acc.covered(values, audiences)
    if #lacking == 0 then return 1 end
    return (#audiences - #lacking) / #audiences, isi.msg("未培训", "not trained") .. " " .. isi.join(lacking)
  end)
  c:check{weight = acc.weight(ctx, "training"), met = share,
    ok = isi.msg("客户操作人员、运维人员均已培训", "customer operators and administrators trained"),
    miss = acc.gap_msg(isi.msg("专项培训不完整", "training incomplete"), gaps),
    evidence = trainings and {record = "service_trainings"} or isi.refs(isi.docs("training_record"))}

  -- Results: monthly mean response time, trend and target.
  local points = {}
  if ticket_count > 0 then
    local monthly = isi.query(TICKETS, {where = where(in_period, {"first_response_at", "not_null"}),
      derive = {month = {"month", "opened_at"}}, group_by = "month", order_by = "month",
      aggregate = {mean = {"mean_hours", "opened_at", "first_response_at"}}})
    for _, m in ipairs(monthly) do points[#points + 1] = {date = m.month .. "-15", value = m.mean} end
  end
  if #points < min_months then
    c:check{weight = acc.weight(ctx, "trend"), met = false,
      miss = isi.msgf("响应时间仅有 %d 个月的数据（应≥%d），无法判断趋势", "response times for %d months only (at least %d needed): no trend", #points, min_months),
      evidence = ticket_ref}
    c:cap(cap, isi.msgf("缺少趋势与目标对比数据，得分封顶 %s", "no trend or target comparison: score capped at %s", isi.pct(cap)), ticket_ref)
  else
    local trend = isi.trend(points, tolerance)
    local recent = {}
    for i = math.max(1, #points - 2), #points do recent[#recent + 1] = points[i].value end
    local recent_mean = isi.mean(recent)
    local trend_ok = trend ~= nil and trend.direction ~= "up"
    local within = recent_mean <= target_hours
    local text = isi.msgf("月均响应时间 %s→%s 小时（趋势 %s 小时/年），近三个月均值 %s 小时，目标 %s 小时",
      "monthly mean response %s→%s h (trend %s h per year), last three months %s h, target %s h",
      isi.num(points[1].value), isi.num(points[#points].value), isi.num(trend and trend.slope or 0), isi.num(recent_mean), isi.num(target_hours))
    c:check{weight = acc.weight(ctx, "trend"), met = (trend_ok and 0.5 or 0) + (within and 0.5 or 0),
      ok = text, miss = text, evidence = ticket_ref}
    if not (trend_ok and within) then
      c:cap(cap, isi.msgf("响应时间趋势变差或未达目标，得分封顶 %s", "response times worsening or off target: score capped at %s", isi.pct(cap)), ticket_ref)
    end
  end

  return c:result()
end
