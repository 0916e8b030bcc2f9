-- Differential conformance test of rubric's pattern matcher (global `pat`,
-- from Sources/CLuaSupport/rubric_matcher.c) against the stock string library
-- of the system's Lua 5.4. Run by conformance.c (see Scripts/pattern-conformance),
-- which provides: pat, budget(n) (sets the stub budget and resets the count;
-- 0 means no budget), charged() (steps charged since), now() (seconds,
-- monotonic) and FUZZ_ITERATIONS.
--
-- Every case is an expression list over `S`, evaluated once with S = string and
-- once with S = pat; the results (or the error messages) must be identical.

local stock = string
local ser -- forward

local cases_run, mismatches = 0, 0
local shown = 0

-- Serialises a packed list of values into a string that tells types apart.
local function serval(v)
  local t = type(v)
  if t == "string" then
    return string.format("%q", v)
  elseif t == "number" then
    return math.type(v) .. ":" .. tostring(v)
  elseif t == "nil" or t == "boolean" then
    return tostring(v)
  else
    return t -- functions, tables: only the type can be compared
  end
end

ser = function(r)
  local out = {}
  for i = 1, r.n do out[i] = serval(r[i]) end
  return "(" .. table.concat(out, ",") .. ")"
end

-- Helpers the cases use. None of them calls a pattern function itself.
-- G: collects what a gmatch iterator produces (at most `limit` iterations).
function G(it, limit)
  local out = {}
  for _ = 1, limit or 200 do
    local r = table.pack(it())
    if r[1] == nil then break end
    out[#out + 1] = ser(r)
  end
  return table.concat(out, "|"), #out
end

-- GL: gsub with a function that records its arguments and returns `ret`.
function GL(S, s, p, ret, n)
  local log = {}
  local r, c = S.gsub(s, p, function(...)
    log[#log + 1] = ser(table.pack(...))
    return ret
  end, n)
  return r, c, table.concat(log, ";")
end

-- Runs one comparison: `code` is the text of an expression list over S.
local function compare(label, code)
  local chunk, err = load("local S = ...\nreturn table.pack(" .. code .. "\n)", "=case", "t")
  if not chunk then
    error("case does not compile: " .. code .. "\n" .. err)
  end
  local function run(S)
    local r = table.pack(pcall(chunk, S))
    if r[1] then
      return "ok" .. ser(r[2])
    else
      return "error(" .. serval(r[2]) .. ")"
    end
  end
  local a = run(stock)
  local b = run(pat)
  cases_run = cases_run + 1
  if a ~= b then
    mismatches = mismatches + 1
    if shown < 40 then
      shown = shown + 1
      print(string.format("MISMATCH [%s] %s\n  stock:  %s\n  rubric: %s", label, code, a, b))
    end
  end
end

-- Compares one call with explicit arguments (used by the generated cases and
-- the fuzzer, where writing the code as text would be awkward).
local function compare_call(label, fname, args, describe)
  local function run(S)
    local f = S[fname]
    local r
    if fname == "gmatch" then
      r = table.pack(pcall(function()
        local it = f(args[1], args[2], args[3])
        return G(it, 60)
      end))
    else
      r = table.pack(pcall(f, table.unpack(args, 1, args.n)))
    end
    if r[1] then
      return "ok" .. ser(table.pack(table.unpack(r, 2, r.n)))
    else
      return "error(" .. serval(r[2]) .. ")"
    end
  end
  local a = run(stock)
  local b = run(pat)
  cases_run = cases_run + 1
  if a ~= b then
    mismatches = mismatches + 1
    if shown < 40 then
      shown = shown + 1
      print(string.format("MISMATCH [%s] %s\n  stock:  %s\n  rubric: %s", label, describe(), a, b))
    end
  end
  return a
end

local function describe_args(fname, args)
  local parts = {}
  for i = 1, args.n do parts[i] = serval(args[i]) end
  return fname .. "(" .. table.concat(parts, ", ") .. ")"
end

-- The comparisons run under a budget far above what they need, so that a
-- wrong charge would show up as a mismatch ("step budget exhausted").
budget(1000000000000)

--------------------------------------------------------------------------
-- 1. Hand-written cases, one expression list per line ("--" lines skipped).
--------------------------------------------------------------------------
local CASES = [==[
-- find: plain text, specials, init, plain flag
S.find("hello world", "o")
S.find("hello world", "o", 6)
S.find("hello world", "o", 9)
S.find("hello world", "xyz")
S.find("hello world", "")
S.find("hello world", "", 5)
S.find("hello world", "", 11)
S.find("hello world", "", 12)
S.find("hello world", "", 13)
S.find("hello world", "", 100)
S.find("hello world", "o", -1)
S.find("hello world", "o", -4)
S.find("hello world", "o", -5)
S.find("hello world", "o", -100)
S.find("hello world", "l", 0)
S.find("hello world", "h", -11)
S.find("hello world", "h", -12)
S.find("", "")
S.find("", "", 1)
S.find("", "", 2)
S.find("", "a")
S.find("", ".")
S.find("", ".*")
S.find("", "^$")
S.find("a.b", ".", 1, true)
S.find("a.b", ".", 2, true)
S.find("a+b", "+", 1, true)
S.find("a+b", "a+", 1, true)
S.find("a+b", "a+b", 1, true)
S.find("a+b", "a+b")
S.find("a%b", "%", 1, true)
S.find("a%b", "%b", 1, true)
S.find("a(b", "(", 1, true)
S.find("[x]", "[", 1, true)
S.find("abc", "b", 1, false)
S.find("abc", "b", 1, nil)
S.find("abc", ".", 1, false)
S.find("abc", "b", nil, true)
S.find("abc", "", 10, true)
S.find("abc", "c", -1, true)
S.find("abc", "abcd", 1, true)
S.find("abcabc", "cab", 1, true)
S.find("aaab", "aab", 1, true)
S.find("a)b", ")")
S.find("a)b", "a)")
S.find("a]b", "]")
S.find("a}b", "}")
S.find("a^b", "a^b")
S.find("a^b", "^b")
S.find("a$b", "$b")
S.find("a$b", "a$")
S.find("a$b", "a$b")
S.find("ab$", "b$")
S.find(12345, 3)
S.find(12345, 34)
S.find(12.5, "%.")
S.find("x12", 12)
S.find("hello", "l+")
S.find("hello", "(l+)")
S.find("hello", "(h)(e)(l)")
S.find("hello", "()ll()")
S.find("hello", "l", 4, true)
S.find("hello", "l", "4")
S.find("hello", "l", 4.0)
S.find("hello", "l", "4.0")
-- match: whole match, captures, init
S.match("hello world", "%w+")
S.match("hello world", "%w+", 6)
S.match("hello world", "%w+", -5)
S.match("hello world", "%w+", 100)
S.match("hello world", "%w+", 12)
S.match("hello world", "", 12)
S.match("hello world", "", 13)
S.match("hello world", "()", 12)
S.match("hello world", "(%w+) (%w+)")
S.match("hello world", "((%w+) (%w+))")
S.match("hello world", "(h)(e)(l)(l)(o)")
S.match("key = value", "(%w+)%s*=%s*(%w+)")
S.match("  trim me  ", "^%s*(.-)%s*$")
S.match("2024-01-15", "(%d+)-(%d+)-(%d+)")
S.match("abc", "()")
S.match("abc", "()", 2)
S.match("abc", "()", 4)
S.match("abc", "()", 5)
S.match("abc", "a()b()c()")
S.match("abc", "()a()b()c()")
S.match("abc", "(a)()(b)")
S.match("abc", "((a)(b))")
S.match("abc", "(a(b(c)))")
S.match("abc", "((((((((((a))))))))))")
S.match("abc", "x")
S.match("", "")
S.match("", "()")
S.match("", "(.-)")
S.match("abc", "(.-)")
S.match("abc", "(.-)$")
S.match("abc", "^(.-)b")
S.match("a\nb", "a.b")
S.match("a\nb", "a%sb")
S.match(123, "%d")
S.match(1e15, "%d+")
S.match(-0.5, "[%-%.]")
-- anchors
S.find("abc", "^a")
S.find("abc", "^b")
S.find("abc", "^b", 2)
S.find("abc", "^c", -1)
S.find("abc", "^", 4)
S.find("abc", "^$", 4)
S.find("abc", "c$")
S.find("abc", "b$")
S.find("abc", "^abc$")
S.find("abc", "^ab$")
S.find("abc", "$")
S.find("abc", "^")
S.find("^abc", "^^")
S.find("^abc", "^%^")
S.find("a$", "$$")
S.find("a$", "%$$")
S.match("abc$", "c$$")
S.match("abc", "^(a)")
S.match("abc", "(c)$")
S.match("abc", "^(abc)$")
S.match("abc", "^()$")
S.match("", "^()$")
S.gsub("abc", "^", "x")
S.gsub("abc", "$", "x")
S.gsub("abc", "^a", "x")
S.gsub("aaa", "^a", "x")
S.gsub("abc", "^b", "x")
S.gsub("abc", "^$", "x")
S.gsub("", "^$", "x")
S.gsub("abc", "^.*$", "x")
G(S.gmatch("abc", "^a"))
G(S.gmatch("a^bc^d", "^."))
G(S.gmatch("abc", "$"))
G(S.gmatch("abc", "c$"))
-- character classes and complements
S.gsub("aB1 !\t\n~_\127\200", "%a", "#")
S.gsub("aB1 !\t\n~_\127\200", "%A", "#")
S.gsub("aB1 !\t\n~_\127\200", "%c", "#")
S.gsub("aB1 !\t\n~_\127\200", "%C", "#")
S.gsub("aB1 !\t\n~_\127\200", "%d", "#")
S.gsub("aB1 !\t\n~_\127\200", "%D", "#")
S.gsub("aB1 !\t\n~_\127\200", "%g", "#")
S.gsub("aB1 !\t\n~_\127\200", "%G", "#")
S.gsub("aB1 !\t\n~_\127\200", "%l", "#")
S.gsub("aB1 !\t\n~_\127\200", "%L", "#")
S.gsub("aB1 !\t\n~_\127\200", "%p", "#")
S.gsub("aB1 !\t\n~_\127\200", "%P", "#")
S.gsub("aB1 !\t\n~_\127\200", "%s", "#")
S.gsub("aB1 !\t\n~_\127\200", "%S", "#")
S.gsub("aB1 !\t\n~_\127\200", "%u", "#")
S.gsub("aB1 !\t\n~_\127\200", "%U", "#")
S.gsub("aB1 !\t\n~_\127\200", "%w", "#")
S.gsub("aB1 !\t\n~_\127\200", "%W", "#")
S.gsub("aB1 !\t\n~_\127\200xF", "%x", "#")
S.gsub("aB1 !\t\n~_\127\200xF", "%X", "#")
S.gsub("a\0b\0", "%z", "#")
S.gsub("a\0b\0", "%Z", "#")
S.gsub("a.b%c", "%.", "#")
S.gsub("a.b%c", "%%", "#")
S.gsub("a.b%c", "%q", "#")
S.gsub("aqb", "%q", "#")
S.gsub("a-b", "%-", "#")
S.gsub("a]b", "%]", "#")
S.gsub("a b", "% ", "#")
S.find("\v\f\r", "%s+")
S.find("x\0y", "%c")
S.match("Hello World 42", "%u%l+")
S.match("0x1F", "0x(%x+)")
S.match("tab\there", "%s")
-- sets: ranges, classes, ^, '-' at the edges, ']' first, escapes
S.gsub("abcdefxyz", "[a-c]", "#")
S.gsub("abcdefxyz", "[^a-c]", "#")
S.gsub("abc-def", "[a-]", "#")
S.gsub("abc-def", "[-a]", "#")
S.gsub("abc-def", "[^-]", "#")
S.gsub("abc-def", "[^-a]", "#")
S.gsub("abc-def", "[a-c-e]", "#")
S.gsub("a]b[c", "[]]", "#")
S.gsub("a]b[c", "[^]]", "#")
S.gsub("a]b[c", "[]a]", "#")
S.gsub("a]b[c", "[[]", "#")
S.gsub("a]b[c", "[%]]", "#")
S.gsub("a]b[c", "[%[%]]", "#")
S.gsub("a^b", "[%^]", "#")
S.gsub("a^b", "[b^]", "#")
S.gsub("a^b", "[^^]", "#")
S.gsub("a1b2 c", "[%d%s]", "#")
S.gsub("a1b2 c", "[^%d%s]", "#")
S.gsub("a1b2 c", "[%a_]", "#")
S.gsub("a1b2 c", "[%A]", "#")
S.gsub("a%b", "[%%]", "#")
S.gsub("a%b", "[%a-z]", "#")
S.gsub("a-z", "[%a-z]", "#")
S.gsub("azAZ09", "[A-Z0-9]", "#")
S.gsub("azAZ09", "[z-a]", "#")
S.gsub("a.b", "[.]", "#")
S.gsub("a(b)", "[()]", "#")
S.gsub("a*b+c", "[*+]", "#")
S.gsub("\200\201\255", "[\200-\255]", "#")
S.gsub("\0a\0", "[\0]", "#")
S.gsub("\0a\0", "[^\0]", "#")
S.gsub("\0a\1", "[\0-\1]", "#")
S.gsub("abc", "[a", "#")
S.gsub("abc", "[", "#")
S.gsub("abc", "[^", "#")
S.gsub("abc", "[]", "#")
S.gsub("abc", "[^]", "#")
S.gsub("abc", "[%", "#")
S.gsub("abc", "[a%", "#")
S.gsub("abc", "[a%]", "#")
S.gsub("abc", "[a-", "#")
S.find("abc", "[b-]")
S.find("a-c", "[b-]")
S.find("abc", "[^a][^b]")
S.match("hello123", "[%a]+")
S.match("hello123", "[%d]+")
S.match("x=1,y=2", "[^,]+")
-- quantifiers
S.match("aaa", "a*")
S.match("aaa", "a+")
S.match("aaa", "a-")
S.match("aaa", "a-$")
S.match("aaa", "a?")
S.match("aaa", "a?a?a?a?")
S.match("aaa", "^a?a?a?a?$")
S.match("bbb", "a*")
S.match("bbb", "a+")
S.match("bbb", "a-b")
S.match("bbb", "a?b")
S.match("<a><b>", "<.*>")
S.match("<a><b>", "<.->")
S.match("<a><b>", "<(.-)>")
S.match("xaaay", "xa*y")
S.match("xy", "xa*y")
S.match("xy", "xa+y")
S.match("xaay", "xa-y")
S.match("abc", ".+")
S.match("abc", ".-")
S.match("abc", ".-c")
S.match("abc", ".*b")
S.match("a*", "a%*")
S.match("a+", "a%+")
S.match("abc", "a**")
S.match("a*", "a**")
S.match("aa", "a*+")
S.match("abc", "*")
S.match("*abc", "*a")
S.match("+abc", "+")
S.match("-abc", "-")
S.match("?abc", "?")
S.match("abc", "()a*()")
S.match("aaab", "(a*)(a)b")
S.match("aaab", "(a-)(a+)b")
S.match("ab", "[ab]*b")
S.match("ab", "[ab]-b")
S.match("1234", "%d%d?%d?")
S.match("12", "^%d%d?%d?$")
-- captures and position captures
S.find("hello", "(l)(l)")
S.find("hello", "((l)(l))")
S.find("hello", "()(l)()")
S.find("hello", "(h)(.-)(o)")
S.match("hello", "(h)(.)(.)(.)(.)")
S.gsub("hello", "()", "%1")
S.gsub("hello", "()l", "[%1]")
S.gsub("hello", "(l)()", "%2%1")
S.gsub("abc", "()(.)", "%1%2")
S.match("abc", "(a)(b)(c)(a?)")
S.match("abc", "(a*(.)%w(%s*))")
S.match("   x", "^(%s*)()")
S.match("abc", "(()a)")
S.match(string.rep("a", 32), string.rep("(a)", 32))
S.match(string.rep("a", 33), string.rep("(a)", 33))
S.match("abc", string.rep("()", 32))
S.match("abc", string.rep("()", 33))
S.find("abc", string.rep("(", 33))
S.find("abc", "(")
S.find("abc", "(a")
S.find("abc", "a(")
S.find("abc", ")")
S.find("abc", "a)")
S.find("abc", "%)")
S.find("abc", "(a))")
S.find("abc", "((a)")
S.match("abc", "(a")
S.match("abc", "((a)")
S.match("abc", "(a)(")
S.match("abc", "(()")
S.match("a)", "(a))")
S.match("abc", "b)")
S.match("abc", "x)")
S.gsub("abc", "(", "x")
S.gsub("abc", ")", "x")
G(S.gmatch("abc", "("))
G(S.gmatch("abc", ")"))
G(S.gmatch("abc", "(b"))
-- back-references
S.match("abcabc", "(abc)%1")
S.match("abcabd", "(abc)%1")
S.match("xyzxyz", "(.+)%1")
S.match("aaaa", "^(a-)%1$")
S.match("hello  world", "(%s+)%1")
S.match('say "hi" now', '(["\'])(.-)%1')
S.match("say 'hi\" now'", '(["\'])(.-)%1')
S.match("abab", "(a)(b)%1%2")
S.match("abab", "(a)(b)%2%1")
S.match("abc", "%1")
S.match("abc", "(a)%2")
S.match("abc", "(a%1)")
S.match("abc", "(a)%0")
S.match("aa", "(a)%1")
S.match("abc", "()%1")
S.match("aXa", "()a%1")
S.match("abcabc", "(a(b)c)%2")
S.match("abcabc", "(a(b)c)%1")
S.find("xx==xx", "(x*)==%1")
S.gsub("aa bb cd ee", "(%w)%1", "<%1>")
S.match("abc", "(a)%9")
-- %b
S.match("f(a(b)c) d", "%b()")
S.match("f(a(b)c d", "%b()")
S.match("f(a(b)c d)", "%b()")
S.match("((x)", "%b()")
S.match(")(", "%b()")
S.match("[[a]]", "%b[]")
S.match("<<a>", "%b<>")
S.match("aXbXc", "%bXX")
S.match("abba", "%bab")
S.match("aab", "%bab")
S.match("(a)(b)", "%b()%b()")
S.match("(a)(b)", "(%b())(%b())")
S.match("x(a)y", "x%b()y")
S.match("x()y", "x%b()y")
S.match("abc", "%b")
S.match("abc", "%ba")
S.match("abc", "%b()")
S.match("", "%b()")
S.match("(", "%b()")
S.match("()", "%b()*")
S.match("()()", "%b()+")
S.match("\0(\0)\0", "%b()")
S.match("a\0b\0", "%b\0\0")
S.gsub("f(1) g(2, h(3))", "%b()", "[]")
S.gsub("if (a and (b or c)) then", "%b()", "")
G(S.gmatch("(a)(b(c))((d)", "%b()"))
-- %f frontier
S.find("THE (quick) fox", "%f[%a]%a+")
S.gsub("THE (quick) fox", "%f[%a]%a+", "W")
S.gsub("THE (quick) fox", "%f[%A]", "|")
S.gsub("hello world", "%f[%w]", "<")
S.gsub("hello world", "%f[%W]", ">")
S.find("abc", "%f[a]")
S.find("abc", "%f[%l]")
S.find("abc", "%f[c]")
S.find("abc", "%f[%z]")
S.find("abc", "%f[^%z]")
S.find("abc", "%f[\0]")
S.find("", "%f[%z]")
S.find("", "%f[%a]")
S.find("abc", "%f[%a]", 2)
S.find("a b", "%f[%a]", 2)
S.find("abc", "%f[^%a]")
S.find("ab\0cd", "%f[%z]")
S.find("ab\0cd", "%f[^%z]", 2)
S.match("key=value", "%f[%w](%w+)%f[%W]")
S.gsub("the cat sat on the mat", "%f[%a]the%f[%A]", "THE")
S.gsub("x", "%f[x]", "!")
S.gsub("x", "%f[^x]", "!")
S.match("abc", "%f")
S.match("abc", "%fa")
S.match("abc", "%f[a")
S.match("abc", "%f[]")
S.match("abc", "%f[%")
S.match("abc", "%f(a)")
-- embedded zeros in subjects and patterns
S.find("a\0b", "\0")
S.find("a\0b", "\0", 1, true)
S.find("a\0b", "b")
S.find("a\0b", "%z")
S.find("a\0b\0c", "\0c")
S.find("a\0b\0c", "\0c", 1, true)
S.find("a\0b", "a\0b")
S.find("a\0b", "a.b")
S.find("a\0b", "a\0*b")
S.find("a\0\0\0b", "a\0+b")
S.find("a\0b", "[\0]")
S.find("a\0b", "[%z]")
S.match("a\0b\0c", "(.)\0(.)")
S.match("\0\0", "(\0*)")
S.find("abc", "b\0")
S.find("abc", "b\0", 1, true)
S.find("ab\0", "b\0")
S.find("a.\0+", ".\0+")
S.find("a.\0+", ".\0+", 1, true)
S.find("x\0.y", "\0.")
S.gsub("a\0b\0c", "\0", "-")
S.gsub("a\0b\0c", "%z", "%%")
S.gsub("abc", "b", "\0")
S.gsub("abc", "b", "%0\0%0")
S.gsub("a\0b", "(%Z+)", "<%1>")
G(S.gmatch("a\0b\0", "[^\0]*"))
-- gmatch: captures, empty matches, init (5.4)
G(S.gmatch("hello world from lua", "%a+"))
G(S.gmatch("k1=v1, k2=v2", "(%w+)=(%w+)"))
G(S.gmatch("abc", ""))
G(S.gmatch("abc", "()"))
G(S.gmatch("abc", "%w*"))
G(S.gmatch("abc def", "%w*"))
G(S.gmatch("abc", ".-"))
G(S.gmatch("abc", "a*"))
G(S.gmatch("baaac", "a*"))
G(S.gmatch("", ""))
G(S.gmatch("", "x"))
G(S.gmatch("abc", "x*"))
G(S.gmatch("a,b,,c", "([^,]*)"))
G(S.gmatch("a,b,,c,", "([^,]*)"))
G(S.gmatch("one two", "()(%a+)()"))
G(S.gmatch("hello world", "%a+", 3))
G(S.gmatch("hello world", "%a+", 7))
G(S.gmatch("hello world", "%a+", -5))
G(S.gmatch("hello world", "%a+", -100))
G(S.gmatch("hello world", "%a+", 0))
G(S.gmatch("hello world", "%a+", 12))
G(S.gmatch("hello world", "%a+", 13))
G(S.gmatch("hello world", "", 12))
G(S.gmatch("hello world", "", 13))
G(S.gmatch("hello world", "()", 11))
G(S.gmatch("hello", "%a+", "2"))
G(S.gmatch("aaa", "a-"))
G(S.gmatch("aaa", "a?"))
G(S.gmatch("(a)(b)", "%b()"))
G(S.gmatch("x=1 y=22", "(%a)=(%d+)"))
G(S.gmatch("abcabc", "(a)(b)%1"))
G(S.gmatch(12345, "%d"))
G(S.gmatch("the end", "%f[%a]"))
G(S.gmatch("the end", "%f[%A]"))
S.gmatch("abc")
S.gmatch(nil, "a")
S.gmatch("abc", "a", 1.5)
G(S.gmatch("abc", "%"))
G(S.gmatch("abc", "[a"))
G(S.gmatch("abc", "%1"))
G(S.gmatch("abc", "(()"))
-- gsub: string replacements, %0-%9, %%, invalid %
S.gsub("hello world", "o", "0")
S.gsub("hello world", "(o)", "[%1]")
S.gsub("hello world", "o", "[%0]")
S.gsub("hello world", "o", "[%1]")
S.gsub("hello world", "o", "[%2]")
S.gsub("hello world", "(o)", "[%2]")
S.gsub("hello world", "(w)(o)", "%2%1")
S.gsub("hello world", "(h)(e)(l)(l)(o)", "%5%4%3%2%1")
S.gsub("abcdefghij", "(a)(b)(c)(d)(e)(f)(g)(h)(i)", "%9%8%7%6%5%4%3%2%1")
S.gsub("abcdefghij", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "%9%0")
S.gsub("hello", "l", "%%")
S.gsub("hello", "l", "%%%%")
S.gsub("hello", "l", "100%%")
S.gsub("hello", "l", "%")
S.gsub("hello", "l", "x%")
S.gsub("hello", "l", "%x")
S.gsub("hello", "l", "%a")
S.gsub("hello", "l", "% ")
S.gsub("hello", "l", "%\0")
S.gsub("hello", "l", "%-")
S.gsub("hello", "x", "%")
S.gsub("hello", "x", "%x")
S.gsub("hello", "", "-")
S.gsub("hello", "", "%0")
S.gsub("hello", "()", "%1")
S.gsub("hello", "()", "%0")
S.gsub("hello", "(l)(l)", "%2%1%0")
S.gsub("hello", "l+", "")
S.gsub("hello", ".", "%0%0")
S.gsub("hello", "(.)", "%1 ")
S.gsub("", "", "x")
S.gsub("", "x", "y")
S.gsub("", ".*", "y")
S.gsub("abc", ".*", "y")
S.gsub("abc", ".-", "y")
S.gsub("abc", "x*", "-")
S.gsub("abc", "%w*", "-")
S.gsub("abc def", "%w*", "-")
S.gsub("abc  def", "%w*", "-")
S.gsub("hello world", "o*", "X")
S.gsub("a,b,,c", "[^,]*", "<%0>")
S.gsub("aaa", "a*", "-")
S.gsub("baaac", "a*", "-")
S.gsub("abc", "b*", "-")
S.gsub("abc", "", "")
S.gsub("abc", "b", 42)
S.gsub("abc", "b", 4.5)
S.gsub("abc", "b", -1)
S.gsub("abc", "b", 2^63)
S.gsub(123, 2, 9)
S.gsub("abc", 98, "x")
S.gsub("a b c", " ", "%%20")
S.gsub("$1.50", "%$", "USD ")
-- gsub: max replacements
S.gsub("aaaa", "a", "b", 0)
S.gsub("aaaa", "a", "b", 1)
S.gsub("aaaa", "a", "b", 2)
S.gsub("aaaa", "a", "b", 4)
S.gsub("aaaa", "a", "b", 5)
S.gsub("aaaa", "a", "b", -1)
S.gsub("aaaa", "a", "b", math.maxinteger)
S.gsub("aaaa", "a", "b", math.mininteger)
S.gsub("aaaa", "a", "b", 2.0)
S.gsub("aaaa", "a", "b", 2.5)
S.gsub("aaaa", "a", "b", "2")
S.gsub("aaaa", "a", "b", "x")
S.gsub("aaaa", "a", "b", nil)
S.gsub("abc", "", "-", 2)
S.gsub("abc", "", "-", 0)
S.gsub("abc", "x*", "-", 3)
S.gsub("abc", "^", "-", 5)
-- gsub: table and function replacements
S.gsub("$name is $age", "%$(%w+)", {name = "bob", age = 42})
S.gsub("$name is $age", "%$(%w+)", {name = "bob"})
S.gsub("$name is $age", "%$(%w+)", {name = false, age = 1.5})
S.gsub("$name is $age", "%$%w+", {["$name"] = "N"})
S.gsub("abc", "%w", {a = 1, b = true})
S.gsub("abc", "%w", {a = {}})
S.gsub("abc", "%w", {a = print})
S.gsub("abc", "%w", {})
S.gsub("abc", "()", {[1] = "one", [3] = "three"})
S.gsub("abc", "()", {[1.0] = "one"})
S.gsub("abc", "(a)(b)", {a = "A", b = "B"})
S.gsub("abc", "", {[""] = "E"})
S.gsub("abc", "b", setmetatable({}, {__index = function(_, k) return k .. k end}))
S.gsub("abc", "b", setmetatable({}, {__index = function(_, k) error("idx " .. k) end}))
S.gsub("hello world", "%w+", function(w) return w:upper() end)
S.gsub("hello world", "%w+", function(w) return nil end)
S.gsub("hello world", "%w+", function(w) return false end)
S.gsub("hello world", "%w+", function(w) return true end)
S.gsub("hello world", "%w+", function(w) return #w end)
S.gsub("hello world", "%w+", function(w) return #w + 0.5 end)
S.gsub("hello world", "%w+", function(w) return {} end)
S.gsub("hello world", "%w+", function(w) return print end)
S.gsub("hello world", "%w+", function(w) return coroutine.create(print) end)
S.gsub("hello world", "%w+", function(w) end)
S.gsub("hello world", "%w+", function(w) return "%1" end)
S.gsub("hello world", "%w+", function(w) return w, "extra" end)
S.gsub("hello world", "%w+", function(w) error("boom " .. w) end)
S.gsub("hello world", "%w+", function(w) error({}) end)
S.gsub("hello world", "%w+", function(w) error() end)
S.gsub("hello world", "o", function() return "0" end, 1)
GL(S, "hello world", "%w+")
GL(S, "hello world", "(%w)(%w*)")
GL(S, "hello world", "()(%w+)()")
GL(S, "hello", "")
GL(S, "hello", "()")
GL(S, "hello", "l*")
GL(S, "abc", ".", "X", 2)
GL(S, "abc", "(a)(", "X")
GL(S, "abc", "a)", "X")
GL(S, "x = 1, y = 2", "(%w+) = (%w+)", "pair")
GL(S, "", ".*")
GL(S, "a\0b", "%z")
-- gsub: argument errors
S.gsub("abc", "b")
S.gsub("abc", "b", nil)
S.gsub("abc", "b", true)
S.gsub("abc", "b", false)
S.gsub("abc", "b", coroutine.create(print))
S.gsub(nil, "b", "x")
S.gsub("abc", nil, "x")
S.gsub({}, "b", "x")
S.gsub("abc", {}, "x")
S.gsub()
-- find/match argument errors
S.find()
S.find("abc")
S.find(nil, "a")
S.find("abc", nil)
S.find({}, "a")
S.find("abc", "b", {})
S.find("abc", "b", "x")
S.find("abc", "b", 1.5)
S.find("abc", "b", 2^53)
S.find("abc", "b", math.maxinteger)
S.find("abc", "b", math.mininteger)
S.find("abc", "b", -math.maxinteger)
S.match()
S.match("abc")
S.match(true, "a")
S.match("abc", "b", "z")
S.match("abc", "b", math.mininteger)
S.match("abc", "b", math.maxinteger)
-- malformed patterns
S.find("abc", "%")
S.find("abc", "a%")
S.find("a%", "a%")
S.match("abc", "%")
S.gsub("abc", "%", "x")
S.gsub("abc", "x%", "x")
S.find("abc", "[a-")
S.find("abc", "[%a")
S.find("abc", "[]")
S.find("abc", "[^]")
S.find("abc", "[^]]")
S.find("abc", "a[")
S.find("abc", "%b")
S.find("abc", "%b(")
S.find("(abc", "%b(")
S.find("abc", "%f")
S.find("abc", "%fx")
S.find("abc", "%f[")
S.find("", "%")
S.find("", "[")
S.find("", "a%")
S.find("", "a*%")
S.find("abc", "x[")
S.find("abc", "x%")
S.match("abc", "a*[")
S.match("abc", "b[")
S.match("abc", "c%")
S.match("abc", "^%")
S.match("abc", "$%")
S.match("abc", "a$%")
-- more edge cases: items next to each other, sets, quantified special items
S.find("a-b", "[a-]-b")
S.find("z", "[%a-z]")
S.find("-", "[%a-z]")
S.find("5", "[a-%d]")
S.find("]", "[]]")
S.find("]", "[^]]")
S.find("a", "[^]]")
S.find("^", "[]^]")
S.find("-", "[]-a]")
S.find("b", "[]-a]")
S.find("%", "[%%]")
S.find("x", "[%x]")
S.find("g", "[%X]")
S.find("a", "[a-a]")
S.find("b", "[c-a]")
S.find("\255", "[\200-\255]")
S.find("\0", "[%z]")
S.find("()", "%b()*")
S.find("()*", "%b()*")
S.find("(()", "%b()")
S.find("x''y", "%b''")
S.find("x'a'b'", "%b''")
S.find("ab", "%ba")
S.find("", "%bab")
S.find("a", "%f[a]a-")
S.find("aaa", "%f[a]a-$")
S.find("ab", "a%f[%z]")
S.find("ab", "b%f[%z]")
S.find("a b", "%f[%s]")
S.find("a b", "%f[^%s]", 2)
S.find("abc", "%f[]")
S.find("abc", "%f")
S.find("abc", "%f[")
S.find("aa", "()%1")
S.find("aa", "(a)%1")
S.find("aa", "()a%1")
S.find("a", "(a*)%1")
S.find("abab", "(ab)%1$")
S.find("abab", "((a)b)%2")
S.find("abab", "(a(b)%2)")
S.find("abab", "(a%1)")
S.find("abc", "a?b?c?d?$")
S.find("abc", "a-b-c-$")
S.find("aaab", "a-b")
S.find("aaab", "^a-b")
S.find("aaab", "a*$")
S.find("$", "$$")
S.find("a$b", "$b")
S.find("a", "a$$")
S.find("a?", "a?%?")
S.find("a+", "a%+")
S.find("abc", "%a+", 2, true)
S.find("abc", "b", 4)
S.find("abc", "", 4)
S.find("abc", "", 5)
S.find("abc", "", math.mininteger)
S.find("abc", "", math.maxinteger)
S.find("abc", "b", -2, true)
S.find("abc", "^b", 2)
S.match("abc", "^b", 2)
S.match("abc", "^$", 4)
S.match("abc", "()$", -1)
S.match("abc", ".", math.mininteger)
S.match("abc", "(a)(b)(c)", 1)
S.match("key=", "(%w+)=(%w*)")
S.match("  x", "^%s*()")
G(S.gmatch("aaa", "^a"))
G(S.gmatch("abc", "()", -1))
G(S.gmatch("abc", "", math.mininteger))
G(S.gmatch("abc", ".", math.maxinteger))
G(S.gmatch("a1b2", "%a()%d"))
G(S.gmatch("abab", "(a)(b)"), 1)
S.gsub("abc", "()", "%0")
S.gsub("abc", "(b)()", "%2%1")
S.gsub("abc", "()b", "%1")
S.gsub("abc", "()(b)", {[2] = "two"})
S.gsub("abc", "(b)", {b = 0})
S.gsub("abc", "(b)", {b = -0.0})
S.gsub("abc", "b", {b = 1e100})
S.gsub("abc", "(", "x")
S.gsub("abc", "(b", "%1")
S.gsub("abc", "b)", "x")
S.gsub("abc", "%b", "x")
S.gsub("abc", "[", "x")
S.gsub("a.b", "%.", "%%.")
S.gsub("abc", "b", "%1%1")
S.gsub("abc", "(b)", "%0%1%0")
S.gsub("abc", "^(a)", "%1%1", 1)
S.gsub("abc", "c$", "%0!")
S.gsub("abc", ".", {a = "x"}, 2)
S.gsub("abc", ".", function(c) return c == "b" and "B" end)
S.gsub("abc", "", "%%")
S.gsub("a\0b", "\0", "%%0")
S.gsub("a\0b", "%z", "\0\0")
S.gsub("abc", "b*", "-", 2)
S.gsub("abc", "b*", "-", 3)
S.gsub("abc", ".", "%9")
S.gsub(1.5, "%.", ",")
GL(S, "abc", "()", nil)
GL(S, "abc", "b", false)
GL(S, "ab", "(a)(b)", "%2")
GL(S, "aaa", "a-", "")
-- "pattern too complex" (MAXCCALLS 200)
S.find(string.rep("a", 300), string.rep("a?", 300))
S.find(string.rep("a", 199), string.rep("a?", 199))
S.find(string.rep("a", 198), string.rep("a?", 198))
S.find(string.rep("a", 210), string.rep("a?", 210))
S.match(string.rep("a", 250), string.rep("a?", 250) .. "b")
S.match(string.rep("a", 50), string.rep("a*", 250))
S.match(string.rep("a", 50), string.rep("a*", 199))
S.match(string.rep("a", 50), string.rep("a*", 200))
S.match(string.rep("a", 50), string.rep("a*", 201))
S.match("x", string.rep("x?", 199) .. "x")
S.match("", string.rep("()", 31) .. string.rep("a?", 180))
S.gsub(string.rep("a", 300), string.rep("a?", 300), "x")
G(S.gmatch(string.rep("a", 300), string.rep("a?", 300)))
S.match(string.rep("(", 300) .. string.rep(")", 300), string.rep("%b()?", 250))
-- other calls
S.find("aaa", "a-", 2)
S.find("aaa", "a-b")
S.match("x=1", "^(%w+)=(%w+)$")
S.match("  ", "^%s*$")
S.match("path/to/file.txt", "([^/]*)$")
S.match("path/to/file.txt", "^(.*)/")
S.match("path/to/file.txt", "%.(%w+)$")
S.match("192.168.0.1", "^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
S.match("user@example.com", "^[%w._%-]+@[%w.%-]+%.%a+$")
S.gsub("CamelCaseString", "(%u)", " %1")
S.gsub("snake_case_name", "_(%a)", function(c) return c:upper() end)
S.gsub("  a  b  ", "^%s+", "")
S.gsub("  a  b  ", "%s+$", "")
S.gsub("a\r\nb\nc", "\r?\n", "|")
S.gsub("<b>bold</b>", "<(/?)(%a+)>", "[%1%2]")
S.gsub("1,234,567", ",", "")
S.gsub("x", "x", "%0%0%0%0%0%0%0%0")
S.find("a+b-c*d", "[+%-*]")
S.find("αβγ", "β")
S.match("αβγ", "[\128-\191]+")
S.gsub("αβγ", "[\192-\255][\128-\191]*", "<%0>")
]==]

local hand = 0
local lineno = 0
for line in CASES:gmatch("[^\n]+") do
  lineno = lineno + 1
  if not line:match("^%s*%-%-") and line:match("%S") then
    hand = hand + 1
    compare("line " .. lineno, line)
  end
end

--------------------------------------------------------------------------
-- 2. Generated cases: every pattern of a list against every subject of a
--    list, through all four functions.
--------------------------------------------------------------------------
local gen_patterns = {
  "", "a", "ab", ".", "..", ".*", ".-", ".+", ".?", "a*", "a-", "a+", "a?",
  "^a", "a$", "^$", "^.*$", "%a+", "%d+", "%s*", "%w-", "%p", "[abc]", "[^abc]",
  "[a-c]+", "[%a%d]+", "[]]", "[^]]", "[-]", "[a-]", "()", "(a)", "(a*)", "(.)(.)",
  "()a()", "(a)%1", "(.)%1", "(.-)%1", "%b()", "%bab", "%f[%a]", "%f[%A]",
  "%f[%w]%w+", "%f[^%z]", "%f[%z]", "a.-b", "a.*b", "(%w+)=(%w+)", "%z", "\0",
  "[\0]", "%%", "%.", "[%.%%]", "x*$", "^x*", "b*", "[ab]*", "(b*)", "((a)(b))",
  "%", "[a", "(", ")", "%1", "%b", "%f", "%g+", "%x+", "%u%l", "[%p%s]",
}
local gen_subjects = {
  "", "a", "b", "ab", "ba", "aaa", "abab", "aXbXa", "(a)(b)", "((a)", "a=b c=d",
  "hello world", "  x  ", "a\0b", "\0", "a.b%c", "]]", "a-b-", "aa bb", "x1y22",
}
local NONE = {}
local gen_inits = { NONE, 1, 2, -1, -3, 0, 5, 50 }
local generated = 0
for _, p in ipairs(gen_patterns) do
  for _, s in ipairs(gen_subjects) do
    for k = 1, 3 do
      local init = gen_inits[(generated + k) % #gen_inits + 1]
      if init == NONE then init = nil end
      local function d(f, args) return function() return describe_args(f, args) end end
      local a1 = table.pack(s, p, init)
      compare_call("gen", "find", a1, d("find", a1))
      local a2 = table.pack(s, p, init, true)
      compare_call("gen", "find", a2, d("find", a2))
      compare_call("gen", "match", a1, d("match", a1))
      compare_call("gen", "gmatch", a1, d("gmatch", a1))
      generated = generated + 4
    end
    for _, r in ipairs({ "<%0>", "%1", "%%", "-", "%2" }) do
      local a = table.pack(s, p, r)
      compare_call("gen", "gsub", a, function() return describe_args("gsub", a) end)
      generated = generated + 1
    end
    local at = table.pack(s, p, { a = "A", b = false, [""] = "E", [1] = "one" })
    compare_call("gen", "gsub", at, function() return describe_args("gsub", at) end)
    local af = table.pack(s, p, function(x, y) if x == "b" then return nil end return (x or "?") .. "/" .. tostring(y) end)
    compare_call("gen", "gsub", af, function() return describe_args("gsub", af) end)
    generated = generated + 2
  end
end

--------------------------------------------------------------------------
-- 3. Fuzz: random small patterns and subjects from a small alphabet.
--------------------------------------------------------------------------
math.randomseed(20240601)
local rand = math.random

local single_items = {
  "a", "b", "c", ".", "%a", "%d", "%s", "%w", "%A", "%S", "%p", "%l", "%u",
  "%x", "%c", "%g", "%z", "%.", "%%", "%(", "%)", "%]", "%-", "\0", " ", "(",
  "[ab]", "[^a]", "[a-c]", "[%a]", "[%d%s]", "[]]", "[^]]", "[-a]", "[a-]",
  "[%]]", "[^%s]", "[\0b]", "[b-a]", "-", "*", "?", "+", "^", "$",
}
local special_items = {
  "()", "(", ")", "%1", "%2", "%0", "%b()", "%bab", "%b", "%f[%w]", "%f[a]",
  "%f[^a]", "%f[%z]", "%f", "%", "[", "[^", "[a", "%x", "%q", "$", "^", "]",
}
local quantifiers = { "", "", "", "*", "+", "-", "?" }
local subject_chars = { "a", "b", "c", "a", "b", " ", "(", ")", "1", ".", "\0", "-", "%", "]", "A" }

local function random_pattern()
  local parts = {}
  if rand(6) == 1 then parts[#parts + 1] = "^" end
  local depth = 0
  for _ = 1, rand(0, 6) do
    local r = rand(20)
    if r <= 12 then
      parts[#parts + 1] = single_items[rand(#single_items)] .. quantifiers[rand(#quantifiers)]
    elseif r <= 14 then
      parts[#parts + 1] = "("
      depth = depth + 1
    elseif r <= 16 and depth > 0 then
      parts[#parts + 1] = ")"
      depth = depth - 1
    else
      parts[#parts + 1] = special_items[rand(#special_items)]
    end
  end
  while depth > 0 and rand(4) ~= 1 do
    parts[#parts + 1] = ")"
    depth = depth - 1
  end
  if rand(6) == 1 then parts[#parts + 1] = "$" end
  return table.concat(parts)
end

local function random_subject()
  local t = {}
  for i = 1, rand(0, 12) do t[i] = subject_chars[rand(#subject_chars)] end
  return table.concat(t)
end

local repl_strings = { "", "x", "%0", "%1", "%2", "<%1|%2>", "%%", "%", "%x", "[%0]", "%1%1", "%9" }
local repl_table = { a = "A", b = false, ["ab"] = "AB", [""] = "E", [1] = "one", [2] = 2, c = {} }
local function repl_function(...)
  local x = ...
  local n = select("#", ...)
  if x == "a" then return nil end
  if x == "b" then return false end
  if x == "c" then return {} end
  if type(x) == "number" then return x * 2 end
  return "<" .. n .. ":" .. tostring(x) .. ">"
end

local function random_init()
  local r = rand(8)
  if r <= 3 then return nil end
  return rand(-15, 15)
end

local FUZZ = FUZZ_ITERATIONS or 500000
local fuzz_errors_both, fuzz_no_match = 0, 0
for i = 1, FUZZ do
  local s, p = random_subject(), random_pattern()
  local op = rand(5)
  local args, fname
  if op == 1 then
    fname = "find"
    local plain = rand(6) == 1 or nil
    args = table.pack(s, p, random_init(), plain)
    if plain == nil then args.n = 3 end
  elseif op == 2 then
    fname = "match"
    args = table.pack(s, p, random_init())
  elseif op == 3 then
    fname = "gmatch"
    args = table.pack(s, p, random_init())
  else
    fname = "gsub"
    local rk = rand(4)
    local repl
    if rk <= 2 then repl = repl_strings[rand(#repl_strings)]
    elseif rk == 3 then repl = repl_table
    else repl = repl_function end
    local n = nil
    if rand(4) == 1 then n = rand(-1, 4) end
    args = table.pack(s, p, repl, n)
  end
  local r = compare_call("fuzz " .. i, fname, args, function() return describe_args(fname, args) end)
  if r:sub(1, 5) == "error" then fuzz_errors_both = fuzz_errors_both + 1
  elseif r == "ok(nil)" or r == 'ok("",int:0)' then fuzz_no_match = fuzz_no_match + 1 end
end

print(string.format("hand-written cases: %d, generated cases: %d, fuzz iterations: %d "
  .. "(stock results: %d errors, %d without a match, %d with one)",
  hand, generated, FUZZ, fuzz_errors_both, fuzz_no_match, FUZZ - fuzz_errors_both - fuzz_no_match))

--------------------------------------------------------------------------
-- 4. The budget: pathological matches stop within the budget, quickly.
--------------------------------------------------------------------------
local budget_failures = 0
local BUDGET = 2000000
local SLACK = 4096 -- steps gathered before charging, plus one large increment

local function bomb(name, f, slack)
  collectgarbage()
  budget(BUDGET)
  local t0 = now()
  local ok, err = pcall(f)
  local dt = now() - t0
  local used = charged()
  budget(0)
  local good = (not ok) and type(err) == "string" and err:find("step budget exhausted", 1, true)
    and used <= BUDGET + (slack or SLACK) and dt < 2.0
  print(string.format("budget: %-44s stopped=%s after %d steps (budget %d) in %.1f ms",
    name, tostring(not ok), used, BUDGET, dt * 1000))
  if not good then
    budget_failures = budget_failures + 1
    print("BUDGET FAILURE: " .. name .. ": " .. tostring(err))
  end
  cases_run = cases_run + 1
end

local A20000 = string.rep("a", 20000)
bomb("find(rep('a',20000), '.-.-.-.-.-b')", function() return pat.find(A20000, ".-.-.-.-.-b") end)
bomb("match(rep('a',20000), '.*.*.*.*b')", function() return pat.match(A20000, ".*.*.*.*b") end)
bomb("gmatch(rep('a',20000), 'a-a-a-a-b')", function()
  for _ in pat.gmatch(A20000, "a-a-a-a-b") do end
end)
bomb("gsub(rep('a',20000), '.-.-.-b', '')", function() return pat.gsub(A20000, ".-.-.-b", "") end)
bomb("find(rep('(',100000), '%b()')", function() return pat.find(string.rep("(", 100000), "%b()") end)
bomb("find(rep('a',1e6), rep('a',5e5)..'b', 1, true)", function()
  return pat.find(string.rep("a", 1000000), string.rep("a", 500000) .. "b", 1, true)
end, SLACK + 500000 // 16) -- each candidate is charged its comparison up front
bomb("match(rep('a',1e5), '(.*)%1%1b')", function() return pat.match(string.rep("a", 100000), "(.*)%1%1b") end,
  SLACK + 100000 // 16) -- each comparison is charged up front
bomb("find(rep('a',1e5), '[' .. rep('x',1e5) .. ']')", function()
  return pat.find(string.rep("a", 100000), "[" .. string.rep("x", 100000) .. "]")
end, SLACK + 2 * 100000 // 32) -- the set's scans are charged up front
bomb("gsub(rep('a',1e5), 'a', rep('%0',1e4))", function()
  return pat.gsub(string.rep("a", 100000), "a", string.rep("%0", 10000))
end)
-- Huge subjects and long scans: each start position, character and frontier
-- is charged.
local HUGE = string.rep("a", 10000000)
bomb("find(rep('a',1e7), '[b]')", function() return pat.find(HUGE, "[b]") end)
bomb("gsub(rep('a',1e7), 'b', '')", function() return pat.gsub(HUGE, "[b]", "") end)
bomb("gmatch(rep('a',1e7), '%f[b]')", function()
  for _ in pat.gmatch(HUGE, "%f[b]") do end
end)
bomb("find(rep('a',1e7), 'a*b')", function() return pat.find(HUGE, "a*b") end)
bomb("match(rep('a',1e7), '(a-)b')", function() return pat.match(HUGE, "(a-)b") end)
bomb("gsub(rep('a',1e7), '.', '%0')", function() return pat.gsub(HUGE, ".", "%0") end)
bomb("gsub(rep('a',1e7), '.', {})", function() return pat.gsub(HUGE, ".", {}) end)
bomb("find(rep('ab',5e6), '%b()')", function() return pat.find(string.rep("ab", 5000000), "%b()") end)
bomb("find(rep('(',1e7), '%b()')", function() return pat.find(string.rep("(", 10000000), "%b()") end)
bomb("match(rep('a',3e4), rep('(a-)',30)..'b')", function()
  return pat.match(string.rep("a", 30000), string.rep("(a-)", 30) .. "b")
end)
HUGE = nil

-- The iterator charges the state that calls it (here a coroutine).
bomb("gmatch iterator resumed in a coroutine", function()
  local it = pat.gmatch(A20000, ".-.-.-b")
  local co = coroutine.create(function() return it() end)
  local ok, err = coroutine.resume(co)
  if not ok then error(err, 0) end
end)

-- The same bomb on a small subject: stock and rubric agree, and the count
-- shows the growth that the budget bounds.
for _, n in ipairs({ 10, 20, 40 }) do
  local s = string.rep("a", n)
  budget(0)
  local t0 = now()
  local a = table.pack(string.find(s, ".-.-.-.-.-b"))
  local t1 = now()
  local b = table.pack(pat.find(s, ".-.-.-.-.-b"))
  local t2 = now()
  cases_run = cases_run + 1
  if ser(a) ~= ser(b) then
    mismatches = mismatches + 1
    print("MISMATCH small bomb n=" .. n)
  end
  print(string.format("budget: find(rep('a',%d), '.-.-.-.-.-b'): stock %.1f ms, rubric %.1f ms, %d steps",
    n, (t1 - t0) * 1000, (t2 - t1) * 1000, charged()))
end

-- rubric only (a deliberate difference): a gmatch iterator whose match raised
-- and was caught starts its next call with the full recursion limit, so it
-- raises the same error again. (Stock Lua leaves the limit lowered, here
-- below zero, after which the same call recurses without any limit.)
do
  local it = pat.gmatch(string.rep("a", 300), string.rep("a?", 300))
  local ok1, e1 = pcall(it)
  local ok2, e2 = pcall(it)
  cases_run = cases_run + 1
  if ok1 or ok2 or e1 ~= e2 or not tostring(e1):find("pattern too complex", 1, true) then
    budget_failures = budget_failures + 1
    print("FAILURE: gmatch iterator after a caught error: " .. tostring(e1) .. " / " .. tostring(e2))
  end
end

-- Ordinary calls are charged too, and far below any budget.
do
  budget(0)
  pat.find("hello world", "o")
  local plain = charged()
  budget(0)
  pat.gsub("hello world", "%w+", "<%0>")
  local g = charged()
  budget(0)
  cases_run = cases_run + 1
  print(string.format("budget: ordinary calls charge: plain find %d steps, gsub %d steps", plain, g))
  if plain < 1 or g < 1 or g > 1000 then
    budget_failures = budget_failures + 1
    print("BUDGET FAILURE: ordinary calls are not charged sensibly")
  end
end

return cases_run, mismatches + budget_failures
