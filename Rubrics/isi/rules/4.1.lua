-- 4.1 领导和承诺 Leadership and commitment.
-- Top management shows its leadership through a)–f): a signed service policy
-- and commitment; processes integrating service management into delivery (a);
-- resource plans and budgets (b); quality objectives and a management review,
-- at least every `review_interval_months`, that reviews results (c), guides
-- and supports staff (d) and decides improvements (e); appointments that
-- support the other managers' roles (f).

local isi = require("isi")
local m = require("isi.management")

-- The signed and issued service policy and commitment.
local function check_policy(c, ctx)
  local docs = isi.docs("service_policy", false)
  local terms = m.param(ctx, "policy_terms")
  local good, gaps = 0, m.gaps()
  for _, doc in ipairs(docs) do
    local _, missing, why = isi.find_terms(doc, terms)
    if why then
      gaps:add("%s 无法读取（%s）", "%s cannot be read (%s)", doc.id, why)
    elseif not isi.signed(doc) then
      gaps:add("%s 未经最高管理者签发", "%s not signed by top management", doc.id)
    elseif not m.dated_by_as_of(doc) then
      gaps:add("%s 未注明发布日期或晚于评价基准日", "%s undated or dated after the as-of date", doc.id)
    elseif #missing > 0 then
      gaps:add("%s 未写明%s", "%s does not state %s", doc.id, isi.join(missing))
    else
      good = good + 1
    end
  end
  c:check{weight = m.weight(ctx, "policy"), met = good > 0,
    ok = isi.msg("最高管理者签发了服务方针与承诺", "top management signed a service policy and commitment"),
    miss = #docs == 0 and isi.msg("未见服务方针与承诺", "no service policy or commitment found")
      or gaps:message("服务方针与承诺未有效签发：", "no validly signed service policy and commitment: "),
    evidence = isi.refs(docs)}
end

-- a) service management integrated into the service and delivery processes.
local function check_integration(c, ctx)
  local terms = m.param(ctx, "integration_terms")
  local min_docs = m.param(ctx, "min_process_documents")
  local process_docs = isi.filter(isi.docs_of({"service_plan", "procedure"}, false), function(doc)
    return m.authorised(doc) and m.dated_by_as_of(doc)
  end)
  local share_docs = math.min(1, #process_docs / min_docs)
  local mentions = 0
  for _, doc in ipairs(isi.docs_of({"service_policy", "service_plan"}, false)) do
    local found = isi.find_terms(doc, terms)
    if #found == #terms then mentions = 1 end
  end
  c:check{weight = m.weight(ctx, "integration"), met = (share_docs + mentions) / 2,
    ok = isi.msgf("服务管理要求已纳入服务与交付过程（%d 份过程文件）",
      "service management integrated into service and delivery processes (%d process documents)", #process_docs),
    miss = isi.msgf("服务管理要求纳入服务与交付过程的证据不足：经审批的过程文件 %d 份（要求 %d 份）%s",
      "little evidence of service management integrated into delivery: %d approved process documents (%d required)%s",
      #process_docs, min_docs, mentions == 0 and "；方针/策划未提及服务与交付过程 (policy/plan silent on service and delivery processes)" or ""),
    evidence = isi.merge_refs(isi.refs(isi.docs("service_policy", false)), isi.refs(process_docs))}
end

-- b) resources available: a resource plan and a budget for the period.
local function check_resources(c, ctx)
  local lead = m.param(ctx, "plan_lead_days")
  local emergency = m.param(ctx, "emergency_budget_terms")
  local plans = isi.docs("resource_plan", false)
  local budgets = isi.filter(isi.docs("budget", false), function(d) return not m.title_has(d, emergency) end)
  local good_plans = isi.filter(plans, function(d) return m.dated_for_period(d, lead) and m.authorised(d) end)
  local good_budgets = isi.filter(budgets, function(d) return m.dated_for_period(d, lead) and m.authorised(d) end)
  local share = ((#good_plans > 0 and 1 or 0) + (#good_budgets > 0 and 1 or 0)) / 2
  local gaps = m.gaps()
  if #good_plans == 0 then
    if #plans == 0 then gaps:add("未见资源配置计划", "no resource plan") else gaps:add("资源配置计划未审批或不在审核期内", "resource plan unapproved or outside the period") end
  end
  if #good_budgets == 0 then
    if #budgets == 0 then gaps:add("未见服务预算", "no service budget") else gaps:add("服务预算未审批或不在审核期内", "service budget unapproved or outside the period") end
  end
  c:check{weight = m.weight(ctx, "resources"), met = share,
    ok = isi.msg("资源配置计划与服务预算已批准", "resource plan and service budget approved for the period"),
    miss = gaps:message("资源保障不足：", "resources not assured: "),
    evidence = isi.merge_refs(isi.refs(plans), isi.refs(budgets))}
end

-- The management reviews: dated, signed ones by the as-of date.
local function reviews()
  return isi.filter(m.readable(isi.docs("management_review", false)), function(d) return m.dated_by_as_of(d) end)
end

-- Whether any review of the period has a section matching `terms`.
local function review_with_section(list, terms)
  local hits = {}
  for _, doc in ipairs(list) do
    local found = isi.find_sections(doc, {terms})
    if #found > 0 then hits[#hits + 1] = doc end
  end
  return hits
end

-- c) expected results: approved quality objectives, and reviews of results.
local function check_results(c, ctx, in_period)
  local sections = m.param(ctx, "review_sections")
  local objectives = isi.filter(isi.docs("quality_objectives", false), function(d) return m.authorised(d) and m.dated_by_as_of(d) end)
  local reviewed = review_with_section(in_period, sections.results)
  local share = ((#objectives > 0 and 1 or 0) + (#reviewed > 0 and 1 or 0)) / 2
  c:check{weight = m.weight(ctx, "results"), met = share,
    ok = isi.msg("已批准服务质量目标，管理评审评价了结果", "quality objectives approved and results reviewed by management"),
    miss = #objectives == 0 and isi.msg("服务质量目标缺失或未经批准", "quality objectives missing or not approved")
      or isi.msg("审核期内的管理评审未评价服务绩效与目标达成", "no management review of the period assesses results against objectives"),
    evidence = isi.merge_refs(isi.refs(objectives), isi.refs(in_period))}
end

-- d) guiding and supporting staff, as decided in the management review.
local function check_guidance(c, ctx, in_period)
  local sections = m.param(ctx, "review_sections")
  local hits = review_with_section(in_period, sections.guidance)
  c:check{weight = m.weight(ctx, "guidance"), met = #hits > 0,
    ok = isi.msg("管理评审对人员的指导与支持作出安排", "management review guides and supports staff"),
    miss = isi.msg("管理评审未见对相关人员的指导与支持", "no guidance or support of staff in the management review"),
    evidence = isi.refs(#hits > 0 and hits or in_period)}
end

-- e) continual improvement: reviews at least yearly that decide improvements.
local function check_improvement(c, ctx, all, in_period)
  local sections = m.param(ctx, "review_sections")
  local months = m.param(ctx, "review_interval_months")
  local period = isi.period()
  local signed = isi.filter(all, function(d) return isi.signed(d) end)
  local review_dates = {}
  for _, d in ipairs(signed) do review_dates[#review_dates + 1] = d.date end
  local periodic, gap = isi.periodic(review_dates, isi.months_to_days(months), period.from, period.to)
  local signed_in = isi.filter(in_period, function(d) return isi.signed(d) end)
  periodic = periodic and #signed_in > 0
  local decided = review_with_section(in_period, sections.improvement)
  local share = ((periodic and 1 or 0) + (#decided > 0 and 1 or 0)) / 2
  local gaps = m.gaps()
  if not periodic then
    if #signed_in == 0 then gaps:add("审核期内无签署的管理评审", "no signed review in the period")
    else gaps:add("评审间隔 %d 天", "%d days between reviews", gap) end
  end
  if #decided == 0 then gaps:add("未形成改进决定", "no improvement decisions") end
  c:check{weight = m.weight(ctx, "improvement"), met = share,
    ok = isi.msgf("管理评审按期（≤%d 个月）开展并作出改进决定", "management review held at least every %d months and decides improvements", months),
    miss = gaps:message("持续改进证据不足：", "continual improvement not evidenced: "),
    evidence = isi.refs(all)}
end

-- f) appointments that support the other managers' roles.
local function check_appointments(c, ctx)
  local terms = m.param(ctx, "appointment_terms")
  local docs, good = m.appointments(terms)
  c:check{weight = m.weight(ctx, "appointments"), met = #good > 0,
    ok = isi.msg("已签发任命与授权文件，明确各管理角色职责权限", "signed appointments set out the other managers' responsibilities and authority"),
    miss = #docs == 0 and isi.msg("未见任命与授权文件", "no appointment document found")
      or isi.msg("任命文件未签发或未明确职责权限", "appointments unsigned or without responsibilities and authority"),
    evidence = isi.refs(docs)}
end

return function(ctx)
  local c = isi.checklist(ctx)
  check_policy(c, ctx)
  check_integration(c, ctx)
  check_resources(c, ctx)
  local all = reviews()
  local in_period = isi.filter(all, function(d) return isi.dated_in(d) end)
  check_results(c, ctx, in_period)
  check_guidance(c, ctx, in_period)
  check_improvement(c, ctx, all, in_period)
  check_appointments(c, ctx)
  return c:result()
end
