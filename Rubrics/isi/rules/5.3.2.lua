-- 5.3.2 现场实施要求 On-site implementation.
-- Per sampled project, over its implementation window (start date to end date, or to
-- the as-of date while it goes on):
--   implementation log: entries (record table `implementation_logs`) cover the window
--     without a gap longer than param max_log_gap_working_days WORKING days (mainland
--     calendar); the share credited is the window's working days outside over-long gaps;
--   problems found on site are resolved (rows with `issues` have a `resolution`);
--   progress reports to the customer (`progress_reports` rows and progress_report
--     documents) at least every param progress_report_every_days calendar days: the
--     share of such slices of the window holding a report;
--   construction to plan and standard (严格按照实施方案、行业施工规范…规范完成硬件安装、网络布线、
--     设备调试、软件部署、系统配置、数据对接、接口开发等工作，严控施工质量): the log's work entries
--     show the clause's kinds of work (param construction_work, each a list of synonyms); the
--     kinds of param hardware_work drop out of a project that procured no hardware;
--   site safety managed: a site_safety_record document of the project covering equipment
--     protection, power safety, barriers and tidy work (param safety_terms), and every safety
--     incident (record table `safety_incidents`) resolved with measures.
-- Critical demand (rubric.yaml): 全程填写实施日志 — every project keeps an implementation
-- log (`implementation_log`); a project without one misses it.
local isi = require("isi")
local D = require("isi.delivery")

-- The working-day coverage of log dates over from..to with gaps of at most `max_gap`
-- working days: returns share covered, the longest gap, and the gaps too long.
local function log_coverage(log_dates, from, to, max_gap)
  local days = {}
  for _, d in ipairs(log_dates) do
    if d >= from and d <= to then days[#days + 1] = d end
  end
  table.sort(days)
  local total = dates.working_days(from, to)
  if total <= 0 then return 1, 0, {} end
  -- points: the window's start (as if logged the day before), every entry, the day after the end
  local points = {dates.add_days(from, -1)}
  for _, d in ipairs(days) do points[#points + 1] = d end
  points[#points + 1] = dates.add_days(to, 1)
  local lost, longest, long_gaps = 0, 0, {}
  for i = 2, #points do
    -- working days strictly between two entries
    local between = dates.working_days(points[i - 1], points[i])
    if dates.is_working_day(points[i - 1]) then between = between - 1 end
    if dates.is_working_day(points[i]) then between = between - 1 end
    if between > longest then longest = between end
    if between > max_gap then
      lost = lost + (between - max_gap)
      long_gaps[#long_gaps + 1] = ("%s～%s"):format(points[i - 1], points[i])
    end
  end
  return math.max(0, 1 - lost / total), longest, long_gaps
end

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"log", "construction", "issues_resolved", "progress_reports", "safety_record", "incidents"})
  local construction_work = D.param(ctx, "construction_work")
  local hardware_work = D.param(ctx, "hardware_work")
  local max_gap = D.param(ctx, "max_log_gap_working_days")
  local every = D.param(ctx, "progress_report_every_days")
  local safety_terms = D.param(ctx, "safety_terms")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  -- Per project, computed in the host (never the whole table): the entries, the
  -- distinct days logged, the problems, and the rows of problems left open.
  local logs, log_why = isi.query_or_finding("implementation_logs",
    {group_by = "project", aggregate = {n = "count", days = {"distinct", "date"}, problems = {"count", "issues"}}})
  local log_groups = isi.keyed(logs, "project")
  local open_rows = {}
  for _, r in ipairs(logs and isi.query("implementation_logs",
    {where = {{"issues", "not_null"}, {"resolution", "null"}}, select = {"project"}}) or {}) do
    if r.project ~= nil then
      open_rows[r.project] = open_rows[r.project] or {}
      table.insert(open_rows[r.project], r)
    end
  end

  D.per_project(c, w.log, projects, function(p)
    local from, to = isi.project_window(p)
    local docs = isi.docs("implementation_log", p.id)
    if logs == nil then
      return {met = false, evidence = isi.refs(docs), miss = isi.msg("实施日志记录不可用", "implementation log entries unavailable") .. ": " .. log_why}
    end
    local group = log_groups[p.id]
    if group == nil then
      return {met = false, evidence = isi.merge_refs(isi.refs(docs), {{record = "implementation_logs"}}),
        miss = isi.msg("未见本项目的实施日志", "no implementation log entries for this project")}
    end
    -- Days logged twice add no gap: the distinct days give the same coverage.
    local share, longest, long_gaps = log_coverage(group.days, from, to, max_gap)
    return {met = share, evidence = isi.merge_refs(isi.refs(docs), {{record = "implementation_logs"}}),
      ok = isi.msgf("实施日志全程连续（最长间隔 %d 个工作日）", "implementation log kept throughout (longest gap %d working days)", longest, longest),
      miss = isi.msgf("实施日志间断超过 %d 个工作日：%s", "implementation log gaps over %d working days: %s",
        max_gap, isi.join(long_gaps), max_gap, isi.join(long_gaps, ", "))}
  end)

  local logged = 0
  for _, p in ipairs(projects) do
    if log_groups[p.id] ~= nil then logged = logged + 1 end
  end
  c:critical("implementation_log", isi.share(logged, #projects, 0))

  -- The kinds of work the log shows, against the clause's list.
  local hardware_only = {}
  for _, label in ipairs(hardware_work) do hardware_only[label] = true end
  D.per_project(c, w.construction, projects, function(p)
    if logs == nil or log_groups[p.id] == nil then
      return {met = false, miss = isi.msg("无实施日志，施工内容无法核实", "no log, so the work done is unverified")}
    end
    local items = {}
    for _, item in ipairs(construction_work) do
      local label = type(item) == "table" and item[1] or item
      if p.hardware_procured or not hardware_only[label] then items[#items + 1] = item end
    end
    local work = {}
    for _, r in ipairs(isi.query("implementation_logs",
        {where = {{"project", "==", p.id}}, group_by = "work"}) or {}) do
      work[#work + 1] = r.work or ""
    end
    local share, missing = D.term_share(table.concat(work, "\n"), items)
    return {met = share, evidence = {{record = "implementation_logs"}},
      ok = isi.msg("实施日志显示按方案完成各项施工内容", "the log shows every kind of work of the plan done"),
      miss = isi.msg("实施日志未见施工内容：", "the log shows no work of the kinds: ") .. isi.join(missing)}
  end)

  D.per_project(c, w.issues_resolved, projects, function(p)
    if logs == nil then return {met = false, miss = isi.msg("实施日志不可用，问题处理无法核实", "no log, so the handling of problems is unverified")} end
    local group = log_groups[p.id]
    if group == nil then
      return {met = false, miss = isi.msg("无实施日志，问题处理无法核实", "no log, so the handling of problems is unverified")}
    end
    local problems = group.problems
    local open = open_rows[p.id] or {}
    local refs = {}
    for _, r in ipairs(open) do refs[#refs + 1] = isi.row_ref("implementation_logs", r) end
    return {met = isi.share(problems - #open, problems, 1), evidence = #refs > 0 and refs or {record = "implementation_logs"},
      ok = isi.msgf("实施问题 %d 项均已沟通解决", "all %d implementation problems resolved", problems, problems),
      miss = isi.msgf("%d 项实施问题未记录解决措施", "%d implementation problems without a resolution", #open, #open)}
  end)

  local reports
  if isi.record_table("progress_reports") ~= nil then
    local report_why
    reports, report_why = isi.rows("progress_reports")
    if reports == nil then findings.nonconformity(report_why, {record = "progress_reports"}) end
  end
  local report_groups = reports and isi.group(reports, "project") or {}
  D.per_project(c, w.progress_reports, projects, function(p)
    local from, to = isi.project_window(p)
    local docs = isi.docs("progress_report", p.id)
    local ds, refs = {}, isi.refs(docs)
    for _, d in ipairs(docs) do if d.date then ds[#ds + 1] = d.date end end
    for _, r in ipairs(report_groups[p.id] or {}) do ds[#ds + 1] = r.date end
    if reports ~= nil then refs[#refs + 1] = {record = "progress_reports"} end
    if #ds == 0 then
      return {met = false, evidence = refs, miss = isi.msg("未见向客户同步进度的记录", "no progress report to the customer found")}
    end
    local share, covered, slices = D.coverage(ds, every, from, to)
    return {met = share, evidence = refs,
      ok = isi.msgf("每 %d 天至少向客户报告一次进度", "progress reported to the customer at least every %d days", every, every),
      miss = isi.msgf("进度报告不定期：%d 个 %d 天周期中仅 %d 个有报告", "progress reports irregular: of %d periods of %d days only %d covered",
        slices, every, covered)}
  end)

  D.per_project(c, w.safety_record, projects, function(p)
    local docs = isi.docs("site_safety_record", p.id)
    local r = D.presence(docs, isi.msg("现场安全管理记录覆盖设备防护、用电安全、围挡与文明施工", "site safety record covers equipment protection, power safety, barriers and tidy work"),
      "未见现场安全管理记录", "no site safety record found", partial)
    if r.met ~= true then return r end
    local share, missing = D.term_share(D.joined_text(docs), safety_terms)
    r.met = share
    r.miss = isi.msg("现场安全管理记录未见：", "site safety record lacks: ") .. isi.join(missing)
    return r
  end)

  local incidents = isi.rows_or_finding("safety_incidents", nil, "observation")
  local incident_groups = incidents and isi.group(incidents, "project") or {}
  D.per_project(c, w.incidents, projects, function(p)
    if incidents == nil then
      return {met = false, level = "observation",
        miss = isi.msg("无安全事件登记表，无法证明无未处理事故", "no safety incident register, so no proof that none is open")}
    end
    local rows = incident_groups[p.id] or {}
    local open, refs = {}, {}
    for _, r in ipairs(rows) do
      if r.resolved_date == nil or r.measures == nil then
        open[#open + 1] = r
        refs[#refs + 1] = isi.row_ref("safety_incidents", r)
      end
    end
    return {met = isi.share(#rows - #open, #rows, 1), evidence = #refs > 0 and refs or {record = "safety_incidents"},
      ok = #rows == 0 and isi.msg("无安全事件", "no safety incident")
        or isi.msgf("%d 起安全事件均已处置", "all %d safety incidents resolved", #rows, #rows),
      miss = isi.msgf("%d 起安全事件未处置闭环", "%d safety incidents unresolved", #open, #open)}
  end)

  return c:result()
end
