-- A minimal rule, to try the sandbox: `rubric run Rubrics/isi/examples/hello.lua`.
-- A rule file returns a function; the engine calls it with a context and
-- expects { score = 0..1, findings = {...}, summary = "..." }.
return function(ctx)
  local name = ctx.name or "世界"
  print("checking " .. name)
  local words = {}
  for word in ("service policy signed by top management"):gmatch("%a+") do
    words[#words + 1] = word
  end
  return {
    score = #words / 10,
    findings = {},
    summary = string.format("你好，%s: %d words", name, #words),
  }
end
