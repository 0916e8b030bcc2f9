-- luacheck configuration for the rubric Lua code (Debian: lua-check).
-- The globals below are exactly what a rule's sandbox defines (LuaHost's
-- sandbox and RuleAPI's `ev`, `dates`, `findings`); a test compares this list
-- with a live sandboxed state, so the two cannot drift apart.
std = "min"
max_line_length = 160
-- Lines are longer than in Swift (120): a rule's messages are bilingual, zh and en
-- side by side in one call, and reading them as one line is clearer than wrapping.

-- sandbox-globals-begin
read_globals = {
  "_G", "_VERSION", "assert", "error", "getmetatable", "ipairs", "load", "next", "pairs", "pcall",
  "print", "rawequal", "rawget", "rawlen", "rawset", "require", "select", "setmetatable", "tonumber",
  "tostring", "type", "warn", "xpcall", "sortedpairs",
  "math", "string", "table", "utf8", "coroutine",
  "ev", "dates", "findings",
}
-- sandbox-globals-end

-- The LuaLS annotation file declares the API as globals; it is never run.
files["Rubrics/isi/lib/evidence.meta.lua"] = {
  globals = { "ev", "dates", "findings", "sortedpairs" },
  unused_args = false,
  max_line_length = false,
}
