-- 5.4.1 测试范围 Test scope: 全面开展功能、性能、网络、数据、安全、兼容性、稳定性、
-- 易用性测试，全覆盖验证系统指标。
-- Per finished sampled project: the test plan covers every test kind of
-- params.test_types; the test results (record table test_results) show every
-- kind executed; the test report covers every kind. The kinds are concepts (a list of
-- synonyms, labelled by its first): recognised by ev.recognize in the plan and report
-- (headings, table rows, text, after normalisation), matched in the results' kind column.
local isi = require("isi")
local acc = require("isi.acceptance")

return function(ctx)
  local kinds = acc.param(ctx, "test_types")
  local projects = acc.finished_projects()
  local untested = acc.untested(projects)
  if untested then return untested end
  local c = isi.checklist(ctx)
  -- The kinds executed per project, computed in the host (never the whole table).
  local results = isi.query_or_finding("test_results", {group_by = "project", aggregate = {kinds = {"distinct", "kind"}}})
  local kinds_of = isi.keyed(results, "project")

  -- The test plan names every kind of test.
  local plans = isi.docs("test_plan")
  local share, gaps = acc.per_project(projects, function(p)
    local docs = isi.docs("test_plan", p.id)
    if #docs == 0 then return 0, isi.msg("无测试方案", "no test plan") end
    local _, missing = isi.recognize({isi.latest(docs)}, kinds)
    if #missing == 0 then return 1 end
    return (#kinds - #missing) / #kinds, isi.msg("测试方案未识别出", "plan: not recognised") .. " " .. isi.not_recognised(missing)
  end)
  c:check{weight = acc.weight(ctx, "plan"), met = share,
    ok = isi.msg("测试方案覆盖全部测试类型", "the test plans cover every kind of test"),
    miss = acc.gap_msg(isi.msg("测试方案未覆盖全部测试类型", "the test plans do not cover every kind of test"), gaps),
    evidence = isi.refs(plans)}

  -- Every kind executed: rows of test_results per project.
  share, gaps = acc.per_project(projects, function(p)
    if results == nil then return 0, isi.msg("无测试结果记录", "no test results") end
    local values = kinds_of[p.id] and kinds_of[p.id].kinds or {}
    local _, missing = acc.covered(values, kinds)
    if #missing == 0 then return 1 end
    return (#kinds - #missing) / #kinds, isi.msg("未执行", "not executed") .. " " .. isi.join(missing)
  end)
  c:check{weight = acc.weight(ctx, "executed"), met = share,
    ok = isi.msg("八类测试均有执行结果", "every kind of test was executed"),
    miss = acc.gap_msg(isi.msg("部分测试类型无执行结果", "some kinds of test were not executed"), gaps),
    evidence = results and {record = "test_results"} or nil}

  -- The test report covers every kind.
  local reports = isi.docs("test_report")
  share, gaps = acc.per_project(projects, function(p)
    local docs = isi.docs("test_report", p.id)
    if #docs == 0 then return 0, isi.msg("无测试报告", "no test report") end
    local report = isi.latest(docs)
    local text, unreadable = isi.text(report.id)
    if text == nil then return 0, isi.msg("测试报告无法读取", "test report unreadable") .. ": " .. tostring(unreadable) end
    local _, missing = isi.recognize({report}, kinds)
    if #missing == 0 then return 1 end
    return (#kinds - #missing) / #kinds, isi.msg("测试报告未识别出", "report: not recognised") .. " " .. isi.not_recognised(missing)
  end)
  c:check{weight = acc.weight(ctx, "report"), met = share,
    ok = isi.msg("测试报告覆盖全部测试类型", "the test reports cover every kind of test"),
    miss = acc.gap_msg(isi.msg("测试报告未覆盖全部测试类型", "the test reports do not cover every kind of test"), gaps),
    evidence = isi.refs(reports)}

  return c:result()
end
