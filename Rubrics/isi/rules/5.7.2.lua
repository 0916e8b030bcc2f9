-- 5.7.2 系统安全 (system security), per sampled project:
--   完成操作系统、数据库、应用软件安全配置 -> the security configuration record covers every system layer
--   及时修复漏洞                           -> table `vulnerabilities`: each fixed (and verified) within the
--                                            days its severity allows (param vuln_fix_days)
--   建立身份认证、权限分级管理机制         -> an access control matrix naming authentication and graded
--                                            permissions, signed or approved
--   系统操作全程可追溯                     -> an operation audit log record (logging, retention)
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local layers = care.param(ctx, "system_layers")
  local fix_days = care.param(ctx, "vuln_fix_days")
  local auth_terms = care.param(ctx, "auth_terms")
  local audit_terms = care.param(ctx, "audit_terms")
  local w = care.weights(ctx, {"configuration", "vulnerabilities", "access_control", "audit_trail"})

  local projects = isi.projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("证据包未抽样项目，系统安全按项目评价", "no sampled project: system security is judged per project")}
  end
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.docs_of({"security_configuration", "vulnerability_remediation", "access_control_matrix", "operation_audit_log"}))

  -- a) secure configuration of OS, database and application software
  local share, short = care.per_project(projects, function(p)
    local docs = isi.docs("security_configuration", p.id)
    if #docs == 0 then return 0, isi.msg("无安全配置记录", "no security configuration record") end
    local _, missing, s = care.terms_across(docs, layers)
    return s, #missing > 0 and isi.msg("未见 " .. isi.join(missing), "missing " .. isi.join(missing)) or nil
  end)
  c:check{weight = w.configuration, met = share,
    ok = isi.msg("操作系统、数据库、应用软件均已完成安全配置", "OS, database and application software securely configured"),
    miss = isi.msg("系统安全配置不全", "security configuration incomplete") .. "：" .. short,
    evidence = isi.refs(isi.docs("security_configuration"))}

  -- b) vulnerabilities fixed in time
  local rows, why = isi.rows("vulnerabilities")
  local late_rows = {}
  if rows == nil then
    findings.observation(why, isi.record_table("vulnerabilities") and {record = "vulnerabilities"} or nil)
  end
  local function timely(r)
    local limit = fix_days[r.severity]
    if limit == nil then return false end
    if r.fixed_date == nil then
      return dates.days_between(r.found_date, ev.as_of()) <= limit   -- still inside its time
    end
    return dates.days_between(r.found_date, r.fixed_date) <= limit and r.verified == true
  end
  share, short = care.per_project(projects, function(p)
    local mine = care.rows_of(rows, p)
    if #mine == 0 then
      if #isi.docs("vulnerability_remediation", p.id) > 0 then return 1 end
      return 0, isi.msg("无漏洞扫描与修复记录", "no vulnerability scan or fix record")
    end
    local ok = 0
    for _, r in ipairs(mine) do
      if timely(r) then ok = ok + 1 else late_rows[#late_rows + 1] = r end
    end
    return ok / #mine, isi.msgf("%d/%d 个漏洞未按时修复验证", "%d of %d not fixed and verified in time", #mine - ok, #mine)
  end)
  local evidence = isi.merge_refs(isi.refs(isi.docs("vulnerability_remediation")),
    rows and care.row_refs("vulnerabilities", #late_rows > 0 and late_rows or rows) or {})
  c:check{weight = w.vulnerabilities, met = share,
    ok = isi.msg("漏洞均在时限内修复并验证", "vulnerabilities fixed and verified within their time limits"),
    miss = isi.msg("漏洞修复不及时", "vulnerabilities not fixed in time") .. "：" .. short
      .. (rows and "" or "；" .. why),
    evidence = evidence}

  -- c) identity authentication and graded permissions
  share, short = care.per_project(projects, function(p)
    local docs = isi.docs("access_control_matrix", p.id)
    if #docs == 0 then return 0, isi.msg("无权限分配表", "no access control matrix") end
    local _, missing, s = care.terms_across(docs, auth_terms)
    local approved = isi.count(docs, function(d) return d.approved == true or isi.signed(d) end) > 0
    if not approved then return s * 0.5, isi.msg("权限分配表未审批签字", "matrix neither approved nor signed") end
    return s, #missing > 0 and isi.msg("未见 " .. isi.join(missing), "missing " .. isi.join(missing)) or nil
  end)
  c:check{weight = w.access_control, met = share,
    ok = isi.msg("已建立身份认证与权限分级机制并经审批", "authentication and graded permissions established and approved"),
    miss = isi.msg("身份认证与权限分级机制不完善", "authentication and graded permissions incomplete") .. "：" .. short,
    evidence = isi.refs(isi.docs("access_control_matrix"))}

  -- d) operations traceable
  share, short = care.per_project(projects, function(p)
    local docs = isi.docs("operation_audit_log", p.id)
    if #docs == 0 then return 0, isi.msg("无操作审计日志", "no operation audit log") end
    local _, missing, s = care.terms_across(docs, audit_terms)
    return s, #missing > 0 and isi.msg("未见 " .. isi.join(missing), "missing " .. isi.join(missing)) or nil
  end)
  c:check{weight = w.audit_trail, met = share,
    ok = isi.msg("系统操作有审计日志并留存，可追溯", "system operations logged, retained and traceable"),
    miss = isi.msg("系统操作不可全程追溯", "system operations not fully traceable") .. "：" .. short,
    evidence = isi.refs(isi.docs("operation_audit_log"))}

  return c:result()
end
