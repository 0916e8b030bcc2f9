-- 5.3.3 系统调试 System debugging.
-- Per sampled project: a joint-debugging record (debugging_record), signed and dated
-- inside the project window; it checks, item by item, the hardware and software,
-- network connectivity, data transfer, functional modules, interfaces and security
-- (param debug_items); and it shows faults and compatibility problems found and dealt
-- with (param troubleshooting_terms). Items and terms are concepts (a list of synonyms,
-- labelled by its first) recognised by ev.recognize in headings, table rows and body text
-- after normalisation; a hollow record counts as none (isi.docs).
local isi = require("isi")
local D = require("isi.delivery")

return function(ctx)
  local projects = isi.projects()
  if #projects == 0 then return D.no_projects() end
  local w = D.weights(ctx, {"record", "items", "troubleshooting"})
  local items = D.param(ctx, "debug_items")
  local trouble = D.param(ctx, "troubleshooting_terms")
  local c = isi.checklist(ctx)
  local partial = D.partial(ctx)

  local records = {}
  for _, p in ipairs(projects) do records[p.id] = isi.docs("debugging_record", p.id) end

  D.per_project(c, w.record, projects, function(p)
    local docs = records[p.id]
    local present = D.presence(docs, nil, "未见系统联调记录", "no joint-debugging record found", partial)
    if present.met ~= true then return present end
    local from, to = isi.project_window(p)
    local valid = isi.filter(docs, function(d) return isi.signed(d) and isi.dated_in(d, from, to) end)
    if #valid == 0 then
      return {met = partial, evidence = isi.refs(docs),
        miss = isi.msg("联调记录未签字或日期不在项目实施期内", "debugging record unsigned or dated outside the project")}
    end
    return {met = true, evidence = isi.refs(valid), ok = isi.msg("有签字的系统联调记录", "signed joint-debugging record present")}
  end)

  local function terms(p, list, ok, zh, en)
    local docs = records[p.id]
    if #docs == 0 then return {met = false, miss = isi.msg("无联调记录", "no debugging record")} end
    local _, problems = D.joined_text(docs)
    local found, missing = isi.recognize(docs, list)
    local miss = isi.msgf(zh, en, isi.not_recognised(missing))
    if #problems > 0 then miss = miss .. " (" .. table.concat(problems, "; ") .. ")" end
    return {met = isi.share(#found, #list, 1), evidence = isi.refs(docs), ok = ok, miss = miss}
  end

  D.per_project(c, w.items, projects, function(p)
    return terms(p, items, isi.msg("联调逐项核验软硬件、网络、数据、功能、接口与安全", "debugging checks hardware, network, data, functions, interfaces and security"),
      "联调未识别出核验项：%s", "debugging checks not recognised: %s")
  end)
  D.per_project(c, w.troubleshooting, projects, function(p)
    return terms(p, trouble, isi.msg("联调排查故障与兼容性问题并处理", "faults and compatibility problems found and dealt with"),
      "联调未识别出：%s", "debugging record does not show (not recognised): %s")
  end)

  return c:result()
end
