-- 5.4.3 测试执行与报告 Test execution and report: 按测试方案规范执行，全程记录测试数据、
-- 结果、问题隐患；对测试问题逐一整改，整改完成后重新测试直至合格；出具正式系统测试
-- 报告，明确测试结论，提交客户备案。
-- Per finished sampled project: a test plan and test records (documents and
-- rows of test_results, dated inside the project); every defect of the record
-- table defects fixed and retested with a pass on or before the acceptance date;
-- a rectification record where there were defects; a signed test report with
-- its conclusion, dated before acceptance, and filed with the customer.
-- Critical demands (rubric.yaml): 整改完成后重新测试直至合格 (every defect retested
-- with a pass: `retested_until_pass`) and 出具正式系统测试报告，明确测试结论 (a test
-- report stating its conclusion: `formal_report`), each by the share of projects meeting it.
local isi = require("isi")
local acc = require("isi.acceptance")

return function(ctx)
  local pass_terms = acc.param(ctx, "acceptance_pass_terms")
  local fail_terms = acc.param(ctx, "acceptance_fail_terms")
  local retest_pass = acc.param(ctx, "retest_pass_terms")
  local conclusion_terms = acc.param(ctx, "report_conclusion_terms")
  local filing_terms = acc.param(ctx, "customer_filing_terms")
  local projects = acc.finished_projects()
  local untested = acc.untested(projects)
  if untested then return untested end
  local c = isi.checklist(ctx)
  -- Per project, the results counted in the host (never the whole table).
  local results = isi.query_or_finding("test_results",
    {group_by = "project", aggregate = {n = "count", dated = {"count", "test_date"}}})
  local counted = isi.keyed(results, "project")
  local defects = isi.rows_or_finding("defects")

  local accepted = {}
  for _, p in ipairs(projects) do accepted[p.id] = acc.acceptance_date(p, pass_terms, fail_terms) end

  -- Executed per plan and recorded.
  local share, gaps = acc.per_project(projects, function(p)
    local t = acc.parts()
    t:add(#isi.docs("test_plan", p.id) > 0, isi.msg("测试方案", "test plan"))
    t:add(#isi.docs("test_record", p.id) > 0, isi.msg("测试记录文档", "test record"))
    local n = counted[p.id] and counted[p.id].n or 0
    local inside = n > 0 and isi.query("test_results", {aggregate = {n = "count"},
      where = {{"project", "==", p.id}, {"test_date", "between", p.start_date, accepted[p.id]}}})
    inside = inside and inside[1].n or 0
    t:add(n > 0 and inside == n, n == 0 and isi.msg("测试数据", "test data")
      or isi.msg("测试日期超出项目期间", "test dates outside the project"))
    return t:result()
  end)
  c:check{weight = acc.weight(ctx, "records"), met = share,
    ok = isi.msg("按测试方案执行并全程记录测试数据", "tests run to plan and their data recorded"),
    miss = acc.gap_msg(isi.msg("测试执行记录不全", "test execution records incomplete"), gaps),
    evidence = isi.merge_refs(isi.refs(isi.docs("test_plan")), isi.refs(isi.docs("test_record")))}

  -- Every defect fixed and retested with a pass before acceptance.
  local open = {}
  share, gaps = acc.per_project(projects, function(p)
    if defects == nil then return 0, isi.msg("无缺陷记录", "no defect records") end
    local rows = acc.rows_of(defects, p)
    if #rows == 0 then return 1 end
    local closed = 0
    for _, d in ipairs(rows) do
      local ok = d.fixed_on ~= nil and d.retested_on ~= nil and d.retested_on >= d.fixed_on
        and d.retest_result ~= nil and acc.mentions(d.retest_result, retest_pass)
        and not acc.mentions(d.retest_result, {"不通过", "不合格"})
        and accepted[p.id] ~= nil and d.retested_on <= accepted[p.id]
      if ok then closed = closed + 1 else open[#open + 1] = d end
    end
    if closed == #rows then return 1 end
    return closed / #rows, isi.msgf("%d/%d 个缺陷未在验收（%s）前整改并复测通过",
      "%d of %d defects not fixed and retested with a pass before acceptance (%s)",
      #rows - closed, #rows, accepted[p.id] or "?")
  end)
  -- the share of projects meeting it in full: a project with any defect left open misses it
  c:critical("retested_until_pass", isi.share(#projects - #gaps, #projects, 0))
  c:check{weight = acc.weight(ctx, "defects_closed"), met = share,
    ok = isi.msg("测试问题均已整改并复测合格后验收", "every defect was fixed and retested with a pass before acceptance"),
    miss = acc.gap_msg(isi.msg("测试问题未全部整改复测合格", "not every defect was fixed and retested before acceptance"), gaps),
    evidence = #open > 0 and acc.row_refs("defects", open) or (defects and {record = "defects"} or nil)}

  -- A rectification record where defects were found.
  share, gaps = acc.per_project(projects, function(p)
    if defects ~= nil and #acc.rows_of(defects, p) == 0 then return 1 end
    if #isi.docs("rectification_record", p.id) > 0 then return 1 end
    if defects == nil then return 0, isi.msg("无缺陷记录亦无整改记录", "neither defect nor rectification records") end
    return 0, isi.msg("有测试问题但无整改记录", "defects but no rectification record")
  end)
  c:check{weight = acc.weight(ctx, "rectification"), met = share,
    ok = isi.msg("测试问题有整改记录", "rectification records kept for the defects"),
    miss = acc.gap_msg(isi.msg("缺少整改记录", "rectification records missing"), gaps),
    evidence = isi.refs(isi.docs("rectification_record"))}

  -- A formal, signed test report with its conclusion, before acceptance.
  local concluded = 0
  share, gaps = acc.per_project(projects, function(p)
    local doc = isi.latest(isi.docs("test_report", p.id))
    if doc == nil then return 0, isi.msg("无测试报告", "no test report") end
    local t = acc.parts()
    local _, lacking, unreadable = isi.find_terms(doc, conclusion_terms)
    local has_conclusion = unreadable == nil and #lacking == 0
    if has_conclusion then concluded = concluded + 1 end
    t:add(has_conclusion, isi.msg("测试结论", "conclusion"))
    t:add(isi.signed(doc), isi.msg("签字", "signature"))
    t:add(doc.date and accepted[p.id] and doc.date <= accepted[p.id], isi.msg("验收前出具", "issued before acceptance"))
    return t:result(doc.id)
  end)
  c:critical("formal_report", isi.share(concluded, #projects, 0))
  c:check{weight = acc.weight(ctx, "report"), met = share,
    ok = isi.msg("出具正式测试报告并明确测试结论", "formal test reports issued with a conclusion"),
    miss = acc.gap_msg(isi.msg("测试报告不规范", "test reports incomplete"), gaps),
    evidence = isi.refs(isi.docs("test_report"))}

  -- Filed with the customer.
  share, gaps = acc.per_project(projects, function(p)
    local doc = isi.latest(isi.docs("test_report", p.id))
    if doc == nil then return 0, isi.msg("无测试报告", "no test report") end
    local found = isi.find_terms(doc, {filing_terms})
    if #found > 0 then return 1 end
    return 0, doc.id .. " " .. isi.msg("未见提交客户备案", "not filed with the customer")
  end)
  c:check{weight = acc.weight(ctx, "report_to_customer"), met = share,
    ok = isi.msg("测试报告已提交客户备案", "test reports filed with the customer"),
    miss = acc.gap_msg(isi.msg("测试报告未提交客户备案", "test reports not filed with the customer"), gaps),
    evidence = isi.refs(isi.docs("test_report"))}

  return c:result()
end
