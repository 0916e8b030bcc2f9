-- 4.2 组织的角色、责任和权限 Organisational roles, responsibilities and authorities.
-- Checks: an organisation chart; a department dedicated to system-integration
-- service (chart or appointment); written responsibilities and authority for
-- every service role of `roles`; a signed appointment establishing the
-- department and its head; the roles communicated inside the organisation
-- (an organisation-wide communication record in the audit period); a staff
-- roster (`staff`) that fills every role.

local isi = require("isi")
local m = require("isi.management")

local function check_chart(c, ctx)
  local charts = isi.docs("org_chart", false)
  local current = isi.filter(charts, m.dated_by_as_of)
  c:check{weight = m.weight(ctx, "org_chart"), met = #current > 0,
    ok = isi.msg("组织结构图现行有效", "organisation chart in force"),
    miss = #charts == 0 and isi.msg("未见组织结构图", "no organisation chart found")
      or isi.msg("组织结构图未注明日期", "organisation chart undated or dated after the as-of date"),
    evidence = isi.refs(charts)}
end

-- Characters that end a unit's name: spaces and Chinese or ASCII punctuation.
local NAME_ENDS = {[" "] = true, ["\t"] = true, ["\n"] = true}
for _, ch in ipairs({"，", "。", "、", "；", "：", "（", "）", "《", "》", "“", "”", "(", ")", ",", ";", ":", "/"}) do
  NAME_ENDS[ch] = true
end

--- Whether `text` names a unit of the organisation whose name holds one of
--- `cores` (集成) and ends, within `max_chars` characters after it, in one of
--- `suffixes` (部, 中心, 事业部 …): 集成交付中心, 系统集成事业群, 集成实施部.
local function names_unit(text, cores, suffixes, max_chars)
  for _, core in ipairs(cores) do
    local from = 1
    while true do
      local _, e = text:find(core, from, true)
      if e == nil then break end
      local tail, count = "", 0
      for _, code in utf8.codes(text:sub(e + 1, e + 1 + 4 * max_chars)) do
        local ch = utf8.char(code)
        if NAME_ENDS[ch] or count >= max_chars then break end
        tail, count = tail .. ch, count + 1
        for _, suffix in ipairs(suffixes) do
          if tail:sub(-#suffix) == suffix then return true end
        end
      end
      from = e + 1
    end
  end
  return false
end

local function check_department(c, ctx)
  local terms = m.param(ctx, "department_terms")
  local cores = m.param(ctx, "department_name_cores")
  local suffixes = m.param(ctx, "department_unit_suffixes")
  local docs = isi.docs_of({"org_chart", "appointment_document"}, false)
  local hits = isi.filter(docs, function(doc)
    local text = isi.searchable(doc)
    if text == nil then return false end
    return #isi.terms_in(text, {terms}) > 0 or names_unit(text, cores, suffixes, 6)
  end)
  c:check{weight = m.weight(ctx, "department"), met = #hits > 0,
    ok = isi.msg("设立了专门的信息系统集成服务部门", "a department dedicated to system-integration service exists"),
    miss = isi.msgf("组织结构与任命文件中未见专门的系统集成服务部门（%s）",
      "no department dedicated to system-integration service in the chart or appointments (%s)", isi.join(terms)),
    evidence = isi.refs(#hits > 0 and hits or docs)}
end

-- A role of the params: a name, or a list of its name and synonyms.
local function role_name(role)
  return type(role) == "table" and role[1] or role
end

--- Whether a roster cell names the role (any of its names).
local function names_role(cell, role)
  if cell == nil then return false end
  for _, name in ipairs(type(role) == "table" and role or {role}) do
    if cell:find(name, 1, true) then return true end
  end
  return false
end

-- Every role has a section stating its responsibilities and its authority.
local function check_roles(c, ctx)
  local roles = m.param(ctx, "roles")
  local needs = m.param(ctx, "role_section_terms")
  local docs = isi.filter(m.readable(isi.docs("role_description", false)), m.dated_by_as_of)
  local described, gaps = 0, m.gaps()
  for _, role in ipairs(roles) do
    local best_missing
    for _, doc in ipairs(docs) do
      local text = m.section_text(doc, role) or m.table_row_text(doc, role)
      if text then
        local _, missing = isi.terms_in(text, needs)
        if best_missing == nil or #missing < #best_missing then best_missing = missing end
      end
    end
    if best_missing == nil then
      gaps:add("%s（无岗位说明）", "%s (not described)", role_name(role))
    elseif #best_missing > 0 then
      gaps:add("%s（缺%s）", "%s (lacks %s)", role_name(role), isi.join(best_missing))
      described = described + 0.5
    else
      described = described + 1
    end
  end
  c:check{weight = m.weight(ctx, "roles"), met = isi.share(described, #roles, 0),
    ok = isi.msgf("%d 个服务岗位均书面规定职责和权限", "responsibilities and authority written for all %d service roles", #roles),
    miss = gaps:message("岗位职责和权限不完整：", "role responsibilities and authority incomplete: "),
    evidence = isi.refs(isi.docs("role_description", false))}
end

local function check_appointment(c, ctx)
  local terms = m.param(ctx, "appointment_terms")
  local docs, good = m.appointments(terms)
  c:check{weight = m.weight(ctx, "appointment"), met = #good > 0,
    ok = isi.msg("服务部门负责人已签发任命", "head of the service department appointed in writing"),
    miss = #docs == 0 and isi.msg("未见部门设立及负责人任命文件", "no document establishing the department or appointing its head")
      or isi.msg("任命文件未签发或未写明任命与职责", "appointment unsigned or silent on appointment and duties"),
    evidence = isi.refs(docs)}
end

-- The responsibilities were communicated: an organisation-wide record in the period.
local function check_communication(c, ctx)
  local terms = m.param(ctx, "communication_terms")
  local docs = isi.docs_mentioning(isi.docs("communication_record", false), {terms})
  local in_period = isi.filter(docs, function(d) return isi.dated_in(d) end)
  local signed = isi.filter(in_period, function(d) return isi.signed(d) end)
  local share = #signed > 0 and 1 or (#in_period > 0 and 0.5 or 0)
  c:check{weight = m.weight(ctx, "communication"), met = share,
    ok = isi.msg("岗位职责和权限已在组织内宣贯并签到", "roles and authority communicated, with attendance signed"),
    miss = #in_period > 0 and isi.msg("岗位职责宣贯记录无人签字确认", "communication of roles not signed by attendees")
      or isi.msg("审核期内未见岗位职责和权限的沟通记录", "no record in the period of roles and authority being communicated"),
    evidence = isi.refs(docs)}
end

-- The roster fills every role.
local function check_roster(c, ctx)
  local roles = m.param(ctx, "roles")
  local rows, why = m.staff()
  if rows == nil then
    c:check{weight = m.weight(ctx, "roster"), met = false,
      miss = m.because("无法核对岗位配备", "cannot check that the roles are staffed", why)}
    return
  end
  local filled, empty = 0, {}
  for _, role in ipairs(roles) do
    local n = isi.count(rows, function(r) return names_role(r.role, role) end)
    if n > 0 then filled = filled + 1 else empty[#empty + 1] = role_name(role) end
  end
  c:check{weight = m.weight(ctx, "roster"), met = isi.share(filled, #roles, 0),
    ok = isi.msgf("人员名册配齐全部 %d 个岗位（%d 人）", "the roster fills all %d roles (%d staff)", #roles, #rows),
    miss = isi.msgf("以下岗位无人员配备：%s", "roles without staff: %s", isi.join(empty)),
    evidence = isi.row_ref("staff")}
end

return function(ctx)
  local c = isi.checklist(ctx)
  check_chart(c, ctx)
  check_department(c, ctx)
  check_roles(c, ctx)
  check_appointment(c, ctx)
  check_communication(c, ctx)
  check_roster(c, ctx)
  return c:result()
end
