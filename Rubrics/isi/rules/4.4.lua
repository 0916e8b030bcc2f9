-- 4.4 服务保障 Service resources and support.
-- The organisation provides each of: documents (approved procedures, with a
-- document-control procedure), personnel (staff with certificates valid at the
-- as-of date, record table `staff`), facilities and equipment (a register kept
-- up to date), knowledge (a knowledge base kept up to date), technology (a
-- technology section in the resource plan) and finance (an approved service
-- budget for the period, emergency budgets aside).

local isi = require("isi")
local m = require("isi.management")

-- Documents: enough approved procedures, and one controlling documents.
local function check_documents(c, ctx)
  local min = m.param(ctx, "min_procedures")
  local control_terms = m.param(ctx, "document_control_terms")
  local procedures = isi.docs("procedure", false)
  local approved = isi.filter(procedures, function(d) return m.authorised(d) and m.dated_by_as_of(d) end)
  local control = m.procedures_titled(control_terms)
  local share = (math.min(1, #approved / min) + (#control > 0 and 1 or 0)) / 2
  local gaps = m.gaps()
  if #approved < min then gaps:add("经审批的程序文件 %d 份（要求 %d 份）", "%d approved procedures (%d required)", #approved, min) end
  if #control == 0 then gaps:add("无文件控制程序", "no document-control procedure") end
  c:check{weight = m.weight(ctx, "documents"), met = share,
    ok = isi.msgf("文件保障：%d 份经审批的程序文件，含文件控制程序", "documents: %d approved procedures, document control included", #approved),
    miss = gaps:message("文件保障不足：", "documents not assured: "),
    evidence = isi.refs(procedures)}
end

-- Personnel: qualified staff with certificates valid at the as-of date.
local function check_personnel(c, ctx)
  local min_share = m.param(ctx, "min_qualified_share")
  local rows, why = m.staff()
  if rows == nil then
    c:check{weight = m.weight(ctx, "personnel"), met = false,
      miss = m.because("无法核对人员资质", "cannot check staff qualifications", why)}
    return
  end
  local good = 0
  for _, r in ipairs(rows) do
    if m.certified(r) then
      good = good + 1
    else
      findings.observation(r.certificate and r.certificate ~= ""
        and isi.msgf("%s（%s）的证书 %s 已于 %s 过期", "%s (%s): certificate %s lapsed (valid until %s)",
          r.name, r.role or "", r.certificate, r.certificate_valid_until or "?")
        or isi.msgf("%s（%s）无资格证书", "%s (%s) holds no certificate", r.name, r.role or ""),
        isi.row_ref("staff", r))
    end
  end
  local share = isi.share(good, #rows, 0)
  c:check{weight = m.weight(ctx, "personnel"), met = share >= min_share and 1 or share,
    ok = isi.msgf("%d/%d 名服务人员持有效证书", "%d of %d staff hold valid certificates", good, #rows),
    miss = #rows == 0 and isi.msg("人员名册为空", "the staff roster is empty")
      or isi.msgf("持有效证书人员比例 %s，低于 %s", "staff with valid certificates %s, below %s", isi.pct(share), isi.pct(min_share)),
    evidence = isi.row_ref("staff")}
end

-- A register kept up to date: dated within `max_age_months` of the as-of date.
local function check_register(c, ctx, key, type, what_zh, zh, en)
  local months = m.param(ctx, "register_max_age_months")
  local docs = isi.docs(type, false)
  local oldest = dates.add_days(ev.as_of(), -isi.months_to_days(months))
  local readable = m.readable(docs)
  local current = isi.filter(readable, function(d) return d.date ~= nil and d.date >= oldest and d.date <= ev.as_of() end)
  c:check{weight = m.weight(ctx, key), met = #current > 0,
    ok = isi.msg(("%s保障：%s现行有效"):format(what_zh, zh), ("%s provided: kept up to date"):format(en)),
    miss = #readable == 0 and isi.msg(("未见可读的%s"):format(zh), ("no readable %s found"):format(en))
      or isi.msg(("%s超过 %d 个月未更新"):format(zh, months), ("%s not updated for more than %d months"):format(en, months)),
    evidence = isi.refs(docs)}
end

-- Technology: a section of the resource plan on technology.
local function check_technology(c, ctx)
  local terms = m.param(ctx, "technology_sections")
  local plans = isi.filter(isi.docs("resource_plan", false), m.dated_by_as_of)
  local hits = isi.filter(plans, function(d) return #isi.find_sections(d, {terms}) > 0 end)
  c:check{weight = m.weight(ctx, "technology"), met = #hits > 0,
    ok = isi.msg("资源配置计划安排了技术保障", "the resource plan provides technology"),
    miss = isi.msg("资源配置计划未见技术保障内容", "no technology provision in the resource plan"),
    evidence = isi.refs(#hits > 0 and hits or isi.docs("resource_plan", false))}
end

-- Finance: an approved service budget for the period.
local function check_finance(c, ctx)
  local lead = m.param(ctx, "plan_lead_days")
  local emergency = m.param(ctx, "emergency_budget_terms")
  local budgets = isi.filter(isi.docs("budget", false), function(d) return not m.title_has(d, emergency) end)
  local good = isi.filter(budgets, function(d) return d.approved == true and m.dated_for_period(d, lead) end)
  local signed = isi.filter(budgets, function(d) return isi.signed(d) and m.dated_for_period(d, lead) end)
  local share = #good > 0 and 1 or (#signed > 0 and 0.5 or 0)
  c:check{weight = m.weight(ctx, "finance"), met = share,
    ok = isi.msg("审核期服务预算已批准", "service budget for the period approved"),
    miss = #budgets == 0 and isi.msg("未见服务预算", "no service budget found")
      or isi.msg("服务预算未获批准或不覆盖审核期", "service budget not approved or not for the audit period"),
    evidence = isi.refs(budgets)}
end

return function(ctx)
  local c = isi.checklist(ctx)
  check_documents(c, ctx)
  check_personnel(c, ctx)
  check_register(c, ctx, "facilities", "equipment_register", "设施设备", "设施设备台账", "facilities and equipment register")
  check_register(c, ctx, "knowledge", "knowledge_base", "知识", "知识库", "knowledge base")
  check_technology(c, ctx)
  check_finance(c, ctx)
  return c:result()
end
