-- 5.7.1 网络安全 (network security), per sampled project:
--   部署防火墙、入侵检测、病毒防护等设备 -> the security configuration record names each protection
--   规范网络权限划分                       -> network zoning (VLAN, security domains) in the configuration or topology
--   防范网络攻击、非法入侵、病毒感染       -> a security assessment of the project, dated, with a passing conclusion
--   保障网络传输安全                       -> transmission security (encryption, VPN, TLS) configured or tested
local isi = require("isi")
local care = require("isi.care")

return function(ctx)
  local protections = care.param(ctx, "network_protections")
  local zoning = care.param(ctx, "network_zoning_terms")
  local transmission = care.param(ctx, "transmission_terms")
  local pass_terms = care.param(ctx, "assessment_pass_terms")
  local w = care.weights(ctx, {"devices", "zoning", "assessment", "transmission"})

  local projects = isi.projects()
  if #projects == 0 then
    return {not_applicable = true, reason = isi.msg("证据包未抽样项目，网络安全按项目评价", "no sampled project: network security is judged per project")}
  end
  local c = isi.checklist(ctx)
  care.report_unreadable(isi.docs_of({"security_configuration", "security_assessment"}))
  local configs, assessments, topologies = {}, {}, {}
  for _, p in ipairs(projects) do
    configs[p.id] = isi.docs("security_configuration", p.id)
    assessments[p.id] = isi.docs("security_assessment", p.id)
    topologies[p.id] = isi.docs("topology_diagram", p.id)
  end
  local all_configs = isi.docs("security_configuration")
  local all_assess = isi.docs("security_assessment")

  -- a) protective devices deployed and configured
  local share, short = care.per_project(projects, function(p)
    if #configs[p.id] == 0 then return 0, isi.msg("无安全配置记录", "no security configuration record") end
    local _, missing, s = care.terms_across(configs[p.id], protections)
    return s, #missing > 0 and isi.msg("未见 " .. isi.join(missing), "missing " .. isi.join(missing)) or nil
  end)
  c:check{weight = w.devices, met = share,
    ok = isi.msg("各项目已部署并配置防火墙、入侵检测、病毒防护", "firewall, intrusion detection and antivirus deployed and configured in every project"),
    miss = isi.msg("安全防护设备部署与配置不全", "protective devices not all deployed and configured") .. "：" .. short,
    evidence = isi.refs(all_configs)}

  -- b) network permission zoning
  share, short = care.per_project(projects, function(p)
    local docs = isi.merge_refs(configs[p.id], topologies[p.id])
    local _, _, s = care.terms_across(docs, zoning)
    return s
  end)
  c:check{weight = w.zoning, met = share,
    ok = isi.msg("网络权限划分（安全域/VLAN）已规范", "network permissions zoned (security domains, VLANs)"),
    miss = isi.msg("未见网络权限划分", "no network permission zoning found") .. "：" .. short,
    evidence = isi.refs(isi.merge_refs(all_configs, isi.docs("topology_diagram")))}

  -- c) protection verified: a dated security assessment with a passing conclusion
  share, short = care.per_project(projects, function(p)
    local from = isi.project_window(p)
    local dated = isi.filter(assessments[p.id], function(d) return isi.in_period(d.date, from, ev.as_of()) end)
    if #dated == 0 then
      return 0, isi.msg("无项目期内的安全检测报告", "no security assessment dated within the project")
    end
    local _, _, s = care.terms_across(dated, pass_terms)
    if s < 1 then return 0.5, isi.msg("检测结论未通过或未写明", "no passing conclusion") end
    return 1
  end)
  c:check{weight = w.assessment, met = share,
    ok = isi.msg("各项目安全检测报告结论为通过", "every project has a passing security assessment"),
    miss = isi.msg("网络攻击与入侵防范未经检测验证", "protection against attacks and intrusion not verified") .. "：" .. short,
    evidence = isi.refs(all_assess)}

  -- d) transmission security
  share, short = care.per_project(projects, function(p)
    local _, _, s = care.terms_across(isi.merge_refs(configs[p.id], assessments[p.id]), transmission)
    return s
  end)
  c:check{weight = w.transmission, met = share,
    ok = isi.msg("网络传输已加密保护", "network transmission protected by encryption"),
    miss = isi.msg("未见网络传输安全措施", "no transmission security measure found") .. "：" .. short,
    evidence = isi.refs(isi.merge_refs(all_configs, all_assess))}

  return c:result()
end
