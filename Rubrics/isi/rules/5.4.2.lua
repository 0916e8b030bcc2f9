-- 5.4.2 测试标准 Test criteria: 功能测试无功能缺陷；性能测试（响应速度、并发处理、
-- 负载能力、运行稳定性）达到约定指标；安全测试措施有效、无重大安全隐患；兼容性测试
-- 与现有软硬件兼容。
-- Per finished sampled project, from the record table test_results: each kind of
-- params.test_criteria has results and every one passes (the pass is recomputed
-- from measured vs target where both are given); the performance results cover
-- params.performance_metrics; 运行稳定性 is measured (a result naming one of
-- params.stability_terms in its kind, item or metric, with measured figures,
-- passing); the test plan states those targets (约定指标).
-- Critical demands (rubric.yaml, params.critical_kinds): 功能测试 无功能缺陷 and
-- 安全测试 无重大安全隐患 are the clause's explicit minimums: the share of the
-- projects whose results of that kind all pass caps the leaf.
local isi = require("isi")
local acc = require("isi.acceptance")

-- Whether a row passes: where both figures are given, measured vs target by its
-- comparison (<= or >=; its flag when the comparison is unknown); otherwise
-- its flag. A row whose flag disagrees with its figures, or whose comparison
-- is unknown, is an observation.

-- The queries below ask the host for the rows that rule singles out,
-- so that the rule never holds the whole table: the rows with both figures
-- and a comparison, split by how the comparison and the flag agree.
local LE, GE = {"<=", "≤"}, {">=", "≥"}
local COMPARISONS = {"<=", "≤", ">=", "≥"}
local FIGURES = {{"target", "not_null"}, {"measured", "not_null"}}
local NOT_PASSED = {"passed", "not_in", {true}}

-- The rows of test_results meeting the conditions of any of `cases` (each
-- added to `common`), in file order, with the columns `select`.
local function rows_where(cases, common, select)
  local seen, rows = {}, {}
  for _, case in ipairs(cases) do
    local where = {}
    for _, w in ipairs(common) do where[#where + 1] = w end
    for _, w in ipairs(case) do where[#where + 1] = w end
    for _, r in ipairs(isi.query("test_results", {where = where, select = select}) or {}) do
      if not seen[r._row] then
        seen[r._row] = true
        rows[#rows + 1] = r
      end
    end
  end
  table.sort(rows, function(a, b) return a._row < b._row end)
  return rows
end

-- The rows whose figures and flag disagree ("flag"), or whose comparison is
-- unknown ("comparison"): what `row_passes` reports as its second value.
local function problem_rows()
  local unknown = rows_where({{{"comparison", "not_in", COMPARISONS}}}, FIGURES, {"item"})
  local flagged = rows_where({
    {{"comparison", "in", LE}, {"measured", "<=", {column = "target"}}, NOT_PASSED},
    {{"comparison", "in", LE}, {"measured", ">", {column = "target"}}, {"passed", "==", true}},
    {{"comparison", "in", GE}, {"measured", ">=", {column = "target"}}, NOT_PASSED},
    {{"comparison", "in", GE}, {"measured", "<", {column = "target"}}, {"passed", "==", true}},
  }, FIGURES, {"item"})
  for _, r in ipairs(unknown) do r.problem = "comparison" end
  for _, r in ipairs(flagged) do r.problem = "flag" end
  local rows = isi.concat(unknown, flagged)
  table.sort(rows, function(a, b) return a._row < b._row end)
  return rows
end

-- The rows of one kind that do not pass (`not row_passes(r)`), by project.
local function failing_rows(kind)
  local rows = rows_where({
    {{"target", "null"}, NOT_PASSED},
    {{"target", "not_null"}, {"measured", "null"}, NOT_PASSED},
    {FIGURES[1], FIGURES[2], {"comparison", "not_in", COMPARISONS}, NOT_PASSED},
    {FIGURES[1], FIGURES[2], {"comparison", "in", LE}, {"measured", ">", {column = "target"}}},
    {FIGURES[1], FIGURES[2], {"comparison", "in", GE}, {"measured", "<", {column = "target"}}},
  }, {{"kind", "contains", kind}}, {"project", "item"})
  local by_project = {}
  for _, r in ipairs(rows) do
    if r.project ~= nil then
      by_project[r.project] = by_project[r.project] or {}
      table.insert(by_project[r.project], r)
    end
  end
  return by_project
end

return function(ctx)
  local criteria = acc.param(ctx, "test_criteria")
  local metrics = acc.param(ctx, "performance_metrics")
  local perf_kind = acc.param(ctx, "performance_kind")
  local stability_terms = acc.param(ctx, "stability_terms")
  local critical_kinds = acc.param(ctx, "critical_kinds")
  local projects = acc.finished_projects()
  local untested = acc.untested(projects)
  if untested then return untested end
  local labels = {}
  for i, m in ipairs(metrics) do labels[i] = type(m) == "table" and m[1] or m end
  local c = isi.checklist(ctx)
  -- Asked of the host (never the whole table); an empty answer that checks the columns.
  local results = isi.query_or_finding("test_results",
    {select = {"project", "kind", "item", "metric", "target", "measured", "comparison", "passed"}, limit = 0})

  -- Rows whose pass flag disagrees with the figures.
  for _, r in ipairs(results and problem_rows() or {}) do
    local problem = r.problem
    if problem == "flag" then
      findings.observation(isi.msgf("测试结果 %s 的“通过”标记与实测值/指标不符",
        "the pass flag of test result %s disagrees with measured vs target", r.item or ""),
        {record = "test_results", row = r._row})
    elseif problem == "comparison" then
      findings.observation(isi.msgf("测试结果 %s 的比较方式无法识别（应为 <= 或 >=）",
        "test result %s has an unknown comparison (expected <= or >=)", r.item or ""),
        {record = "test_results", row = r._row})
    end
  end

  -- Each criterion kind: results present and all passing.
  for _, kind in ipairs(criteria) do
    local failing = {}
    local counted = isi.keyed(results and isi.query("test_results",
      {where = {{"kind", "contains", kind}}, group_by = "project", aggregate = {n = "count"}}), "project")
    local failing_of = results and failing_rows(kind) or {}
    local share, gaps = acc.per_project(projects, function(p)
      if results == nil then return 0, isi.msg("无测试结果记录", "no test results") end
      if counted[p.id] == nil then return 0, isi.msgf("无%s结果", "no %s results", kind) end
      local bad = failing_of[p.id] or {}
      for _, r in ipairs(bad) do failing[#failing + 1] = r end
      if #bad == 0 then return 1 end
      local items = {}
      for i, r in ipairs(bad) do items[i] = r.item or tostring(r._row) end
      return 0, isi.msgf("%d 项未达标：%s", "%d result(s) below criterion: %s", #bad, isi.join(items))
    end)
    c:check{weight = acc.weight(ctx, "criterion"), met = share,
      ok = isi.msgf("%s结果全部达标", "every %s result meets its criterion", kind),
      miss = acc.gap_msg(isi.msgf("%s未全部达标", "%s results do not all meet their criteria", kind), gaps),
      evidence = #failing > 0 and acc.row_refs("test_results", failing) or (results and {record = "test_results"} or nil)}
    if critical_kinds[kind] then c:critical(critical_kinds[kind], isi.share(#projects - #gaps, #projects, 0)) end
  end

  -- 运行稳定性: a measured stability result per project, every one passing.
  local measured_cases, failing_cases = {}, {}
  local FAILS = {
    {{"comparison", "not_in", COMPARISONS}, NOT_PASSED},
    {{"comparison", "in", LE}, {"measured", ">", {column = "target"}}},
    {{"comparison", "in", GE}, {"measured", "<", {column = "target"}}},
  }
  for _, term in ipairs(stability_terms) do
    for _, column in ipairs({"kind", "item", "metric"}) do
      measured_cases[#measured_cases + 1] = {{column, "contains", term}}
      for _, fail in ipairs(FAILS) do
        local case = {{column, "contains", term}}
        for _, w in ipairs(fail) do case[#case + 1] = w end
        failing_cases[#failing_cases + 1] = case
      end
    end
  end
  local measured = results and rows_where(measured_cases, FIGURES, {"project", "item"}) or {}
  local unstable = results and rows_where(failing_cases, FIGURES, {"project", "item"}) or {}
  local measured_of, unstable_of = isi.group(measured, "project"), isi.group(unstable, "project")
  local share, gaps = acc.per_project(projects, function(p)
    if results == nil then return 0, isi.msg("无测试结果记录", "no test results") end
    if measured_of[p.id] == nil then
      return 0, isi.msgf("未见运行稳定性的量化测试（查找：%s）", "no measured stability result (looked for: %s)",
        isi.join(stability_terms), isi.join(stability_terms, ", "))
    end
    local bad = unstable_of[p.id] or {}
    if #bad == 0 then return 1 end
    local items = {}
    for i, r in ipairs(bad) do items[i] = r.item or tostring(r._row) end
    return 0, isi.msgf("运行稳定性未达标：%s", "stability below target: %s", isi.join(items), isi.join(items, ", "))
  end)
  c:check{weight = acc.weight(ctx, "stability"), met = share,
    ok = isi.msg("运行稳定性已量化测试", "operating stability measured against a target"),
    miss = acc.gap_msg(isi.msg("运行稳定性未量化测试", "operating stability not measured"), gaps),
    evidence = #unstable > 0 and acc.row_refs("test_results", unstable) or (results and {record = "test_results"} or nil)}

  -- Performance figures cover response time, concurrency, load.
  share, gaps = acc.per_project(projects, function(p)
    if results == nil then return 0, isi.msg("无测试结果记录", "no test results") end
    -- The distinct metric and item pairs measured: the same terms as every row's.
    local values = {}
    for _, r in ipairs(isi.query("test_results", {group_by = {"project", "metric", "item"},
        where = {{"project", "==", p.id}, {"kind", "contains", perf_kind}, FIGURES[1], FIGURES[2]}}) or {}) do
      values[#values + 1] = (r.metric or "") .. " " .. (r.item or "")
    end
    local _, missing = acc.covered(values, metrics)
    if #missing == 0 then return 1 end
    return (#metrics - #missing) / #metrics, isi.msg("缺少量化指标", "no measured target for") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "performance_metrics"), met = share,
    ok = isi.msgf("性能测试量化覆盖%s", "performance results measured against targets for %s", isi.join(labels)),
    miss = acc.gap_msg(isi.msg("性能测试未量化覆盖约定指标", "performance results do not measure every agreed figure"), gaps),
    evidence = results and {record = "test_results"} or nil}

  -- The targets are agreed in the test plan.
  share, gaps = acc.per_project(projects, function(p)
    local docs = isi.docs("test_plan", p.id)
    if #docs == 0 then return 0, isi.msg("无测试方案", "no test plan") end
    local _, missing = isi.find_terms(isi.latest(docs), metrics)
    if #missing == 0 then return 1 end
    return (#metrics - #missing) / #metrics, isi.msg("测试方案未约定", "plan does not set") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "targets_in_plan"), met = share,
    ok = isi.msg("测试方案约定了性能指标", "the test plans set the performance targets"),
    miss = acc.gap_msg(isi.msg("测试方案未约定全部性能指标", "the test plans do not set every performance target"), gaps),
    evidence = isi.refs(isi.docs("test_plan"))}

  return c:result()
end
