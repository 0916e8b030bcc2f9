-- 5.5.1 验收条件 Acceptance conditions: 项目全部实施完毕，系统各项指标符合合同及方案约定；
-- 系统连续稳定试运行满约定时限（不少于 7 个工作日），无重大故障；全套服务文档、技术资料、
-- 设备凭证完整齐全。
-- Per finished sampled project, before its acceptance date: the contract, a test
-- report and every test result passing (implementation complete and meeting the
-- agreed figures); a trial run (record table trial_runs and a trial_run_record
-- document) of at least params.trial_run_min_working_days mainland-China working
-- days (dates.working_days) without a major fault, ending by acceptance; the
-- documents of params.required_documents, and, where hardware was procured,
-- equipment vouchers named in the handover record.
local isi = require("isi")
local acc = require("isi.acceptance")

return function(ctx)
  local min_days = acc.param(ctx, "trial_run_min_working_days")
  local required = acc.param(ctx, "required_documents")
  local vouchers = acc.param(ctx, "equipment_voucher_terms")
  local pass_terms = acc.param(ctx, "acceptance_pass_terms")
  local fail_terms = acc.param(ctx, "acceptance_fail_terms")
  local projects = acc.finished_projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("无已完工的抽样项目，尚无验收", "no sampled project has finished; none is up for acceptance")}
  end
  local c = isi.checklist(ctx)
  -- Per project, the results and the passing ones, counted in the host.
  local results = isi.query_or_finding("test_results",
    {group_by = "project", aggregate = {n = "count", flagged = {"count", "passed"}}})
  local counted = isi.keyed(results, "project")
  local passing = isi.keyed(results and isi.query("test_results",
    {where = {{"passed", "==", true}}, group_by = "project", aggregate = {n = "count"}}), "project")
  local runs = isi.rows_or_finding("trial_runs")

  local accepted = {}
  for _, p in ipairs(projects) do accepted[p.id] = acc.acceptance_date(p, pass_terms, fail_terms) end

  -- Implementation complete and meeting the contract and plan.
  local share, gaps = acc.per_project(projects, function(p)
    local t = acc.parts()
    t:add(#isi.docs("contract", p.id) > 0, isi.msg("合同", "contract"))
    t:add(#isi.docs("test_report", p.id) > 0, isi.msg("测试报告", "test report"))
    local n = counted[p.id] and counted[p.id].n or 0
    t:add(n > 0 and (passing[p.id] and passing[p.id].n or 0) == n,
      isi.msg("全部指标达标的测试结果", "test results all passing"))
    return t:result()
  end)
  c:check{weight = acc.weight(ctx, "implemented"), met = share,
    ok = isi.msg("实施完毕且各项指标符合合同及方案约定", "implementation complete and every figure as agreed"),
    miss = acc.gap_msg(isi.msg("未能证实实施完毕且指标达标", "implementation complete and figures met not shown"), gaps),
    evidence = isi.merge_refs(isi.refs(isi.docs("contract")), isi.refs(isi.docs("test_report")))}

  -- Trial run of at least min_days working days without a major fault. The length
  -- is a critical demand (rubric.yaml): how many projects reach it caps the leaf.
  local cited, long_enough, fault_free = {}, 0, 0
  share, gaps = acc.per_project(projects, function(p)
    local parts, missing = 0, {}
    if #isi.docs("trial_run_record", p.id) > 0 then parts = parts + 1 else missing[#missing + 1] = isi.msg("试运行记录文档", "trial-run record") end
    local best
    for _, r in ipairs(acc.rows_of(runs, p)) do
      local days = dates.working_days(r.start_date, r.end_date)
      cited[#cited + 1] = r
      if best == nil or days > best.days then best = {row = r, days = days} end
    end
    if best == nil then
      missing[#missing + 1] = isi.msg("试运行数据", "trial-run data")
    else
      if best.days >= min_days then parts, long_enough = parts + 1, long_enough + 1
      else missing[#missing + 1] = isi.msgf("试运行仅 %d 个工作日（应≥%d）", "trial run of %d working days only (at least %d)", best.days, min_days) end
      if (best.row.major_faults or 0) == 0 then parts, fault_free = parts + 1, fault_free + 1
      else missing[#missing + 1] = isi.msgf("试运行发生 %d 次重大故障", "%d major fault(s) in the trial run", best.row.major_faults) end
      if accepted[p.id] and best.row.end_date <= accepted[p.id] then parts = parts + 1
      else missing[#missing + 1] = isi.msg("试运行在验收后才结束", "trial run ended after acceptance") end
    end
    if parts == 4 then return 1 end
    return parts / 4, isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "trial_run"), met = share,
    ok = isi.msgf("连续试运行不少于 %d 个工作日且无重大故障", "trial runs of at least %d working days without a major fault", min_days),
    miss = acc.gap_msg(isi.msgf("试运行未满足 %d 个工作日无重大故障的条件", "trial runs do not show %d working days without a major fault", min_days), gaps),
    evidence = isi.merge_refs(isi.refs(isi.docs("trial_run_record")), acc.row_refs("trial_runs", cited))}
  c:critical("trial_run_days", long_enough == #projects and "met"
    or long_enough == 0 and "missed_throughout" or "missed_somewhere")
  -- 无重大故障 is the clause's other explicit condition of the trial run (rubric.yaml).
  c:critical("no_major_fault", isi.share(fault_free, #projects, 0))

  -- Documents, technical material and equipment vouchers complete.
  share, gaps = acc.per_project(projects, function(p)
    local total, have, missing = #required, 0, {}
    for _, type in ipairs(required) do
      local docs = isi.filter(isi.docs(type, p.id), function(d) return d.date == nil or accepted[p.id] == nil or d.date <= accepted[p.id] end)
      if #docs > 0 then have = have + 1 else missing[#missing + 1] = type end
    end
    if p.hardware_procured then
      total = total + 1
      local handover = isi.latest(isi.docs("handover_record", p.id))
      if handover and #isi.find_terms(handover, {vouchers}) > 0 then have = have + 1
      else missing[#missing + 1] = isi.msg("设备凭证", "equipment vouchers") end
    end
    if have == total then return 1 end
    return have / total, isi.msg("验收前缺少", "missing before acceptance") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "documents"), met = share,
    ok = isi.msg("服务文档、技术资料、设备凭证齐全", "documents, technical material and equipment vouchers complete"),
    miss = acc.gap_msg(isi.msg("验收前文档资料不齐全", "documents incomplete before acceptance"), gaps),
    evidence = isi.refs(isi.docs_of(required))}

  return c:result()
end
