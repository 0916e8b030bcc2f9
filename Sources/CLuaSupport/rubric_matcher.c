// The pattern functions of the sandbox: string.find, string.match,
// string.gmatch and string.gsub, written for rubric from the definition of
// patterns in the Lua 5.4 reference manual (§6.4.1 for patterns, §6.4 for the
// four functions), with every unit of work charged to the state's
// instruction budget.
//
// Results and error messages are those of stock Lua 5.4;
// Scripts/pattern-conformance compares the two on hand-written, generated and
// random cases (Tests/PatternConformance).
//
// How matching works: a pattern is read item by item while it is matched
// (so a malformed part of a pattern is reported only when matching reaches
// it, as Lua does). match_here tries to match the rest of the pattern at one
// position of the subject; it calls itself where matching has to backtrack:
// after a quantified item (each length it tries), at a capture's opening and
// closing (undone when what follows fails), and for '?'. Each call uses one
// level of a fixed depth (MAX_DEPTH), so a pattern with too many such items
// fails with "pattern too complex" instead of overflowing the C stack.
//
// How work is charged: a match_state gathers the steps of its work in
// `unpaid` and pays them with rubric_charge whenever PAY_EVERY steps have
// gathered and when the call ends. rubric_charge raises once the budget is
// spent or the deadline has passed, so the worst cases stop: nested
// quantifiers backtracking (every call of match_here and every character a
// quantifier tries is a step), %b (a step per character it scans), sets (their
// length, per RUBRIC_BYTES_PER_STEP bytes, each time one is read), back
// references and plain finds (the bytes they compare), gsub (every character
// it copies and the bytes of every replacement), and huge subjects (every
// start position tried is a step).
#include "CLuaSupport.h"

#include <ctype.h>
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

/* How many captures a pattern may have. */
#define MAX_CAPTURES 32
/* How deep match_here may call itself. */
#define MAX_DEPTH 200
/* Steps gathered before they are charged. */
#define PAY_EVERY 1024

#define ESCAPE '%'
/* A pattern without any of these is searched for as plain text by find. */
#define SPECIAL_CHARACTERS "^$*+?.([%-"

/* The length of a capture still open, and the mark of a position capture. */
#define CAPTURE_OPEN (-1)
#define CAPTURE_POSITION (-2)

typedef struct capture {
    const char *start;
    ptrdiff_t length; /* or CAPTURE_OPEN, CAPTURE_POSITION */
} capture;

typedef struct match_state {
    lua_State *L;
    const char *subject;
    const char *subject_end;
    const char *pattern_end;
    int depth_left;
    int capture_count;
    capture captures[MAX_CAPTURES];
    int64_t unpaid;
} match_state;

/* ---- paying for the work --------------------------------------------------- */

static void pay(match_state *ms) {
    int64_t steps = ms->unpaid;
    if (steps > 0) {
        ms->unpaid = 0; /* first: rubric_charge may not return */
        rubric_charge(ms->L, steps);
    }
}

static void spend(match_state *ms, int64_t steps) {
    ms->unpaid += steps;
    if (ms->unpaid >= PAY_EVERY) pay(ms);
}

/* One step, and one per RUBRIC_BYTES_PER_STEP bytes. */
static void spend_bytes(match_state *ms, size_t bytes) {
    spend(ms, 1 + (int64_t)(bytes / RUBRIC_BYTES_PER_STEP));
}

static void begin(match_state *ms, lua_State *L, const char *subject, size_t subject_length,
                  const char *pattern, size_t pattern_length) {
    ms->L = L;
    ms->subject = subject;
    ms->subject_end = subject + subject_length;
    ms->pattern_end = pattern + pattern_length;
    ms->unpaid = 0;
}

/* Before each attempt at a start position. */
static void restart(match_state *ms) {
    ms->depth_left = MAX_DEPTH;
    ms->capture_count = 0;
    spend(ms, 1);
}

/* ---- reading the pattern ------------------------------------------------- */

/* The end of the single character class that starts at p: after "x", "%x" or
   "[set]". A set's end is found by scanning it, which is charged. */
static const char *class_end(match_state *ms, const char *p) {
    char first = *p++;
    if (first == ESCAPE) {
        if (p >= ms->pattern_end) luaL_error(ms->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (first != '[') return p;
    const char *set_start = p;
    if (*p == '^') p++;
    /* The first character of a set is part of it, even a ']'. */
    do {
        if (p >= ms->pattern_end) luaL_error(ms->L, "malformed pattern (missing ']')");
        char c = *p++;
        if (c == ESCAPE && p < ms->pattern_end) p++;
    } while (*p != ']');
    spend_bytes(ms, (size_t)(p - set_start));
    return p + 1;
}

/* Whether c is in the class named by letter (%a, %d, ...); an upper-case
   letter is the complement; any other character stands for itself. */
static int in_named_class(int c, int letter) {
    int in;
    switch (tolower(letter)) {
    case 'a': in = isalpha(c); break;
    case 'c': in = iscntrl(c); break;
    case 'd': in = isdigit(c); break;
    case 'g': in = isgraph(c); break;
    case 'l': in = islower(c); break;
    case 'p': in = ispunct(c); break;
    case 's': in = isspace(c); break;
    case 'u': in = isupper(c); break;
    case 'w': in = isalnum(c); break;
    case 'x': in = isxdigit(c); break;
    case 'z': in = c == 0; break; /* '\0' (deprecated in the manual, still accepted) */
    default: return letter == c;
    }
    if (isupper(letter)) in = !in;
    return in != 0;
}

/* Whether c is in the set [ ... ] from `open` (its '[') to `close` (its ']'). */
static int in_set(match_state *ms, int c, const char *open, const char *close) {
    const char *p = open + 1;
    int complement = *p == '^';
    if (complement) p++;
    spend_bytes(ms, (size_t)(close - p));
    for (; p < close; p++) {
        if (*p == ESCAPE) { /* class_end made sure a character follows */
            p++;
            if (in_named_class(c, (unsigned char)*p)) return !complement;
        } else if (p[1] == '-' && p + 2 < close) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return !complement;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return !complement;
        }
    }
    return complement;
}

/* Whether the character class from p to class_end matches character c. */
static int class_matches(match_state *ms, int c, const char *p, const char *end) {
    switch (*p) {
    case '.': return 1;
    case ESCAPE: return in_named_class(c, (unsigned char)p[1]);
    case '[': return in_set(ms, c, p, end - 1);
    default: return (unsigned char)*p == c;
    }
}

/* Whether the subject has a character at s that the class matches. */
static int matches_at(match_state *ms, const char *s, const char *p, const char *end) {
    return s < ms->subject_end && class_matches(ms, (unsigned char)*s, p, end);
}

/* ---- matching ------------------------------------------------------------- */

static const char *match_here(match_state *ms, const char *s, const char *p);

/* item* and item+ (after its first character): the longest run first, then
   shorter ones while the rest fails. */
static const char *match_greedy(match_state *ms, const char *s, const char *p, const char *end) {
    size_t run = 0;
    while (matches_at(ms, s + run, p, end)) {
        run++;
        spend(ms, 1);
    }
    for (;;) {
        const char *rest = match_here(ms, s + run, end + 1);
        if (rest != NULL) return rest;
        if (run == 0) return NULL;
        run--;
        spend(ms, 1);
    }
}

/* item-: the shortest run first, one character longer while the rest fails. */
static const char *match_lazy(match_state *ms, const char *s, const char *p, const char *end) {
    for (;;) {
        const char *rest = match_here(ms, s, end + 1);
        if (rest != NULL) return rest;
        if (!matches_at(ms, s, p, end)) return NULL;
        s++;
        spend(ms, 1);
    }
}

/* %bxy at s: x, then the shortest text in which x and y balance, then y. */
static const char *match_balance(match_state *ms, const char *s, const char *p) {
    if (p + 1 >= ms->pattern_end) luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= ms->subject_end || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < ms->subject_end) {
        spend(ms, 1);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

/* %f[set] at s: the character before s is not in the set and the one at s
   is (the subject's start and end count as '\0'). p is at the '['. */
static const char *frontier_end(match_state *ms, const char *s, const char *p) {
    if (*p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
    const char *end = class_end(ms, p);
    int before = s == ms->subject ? 0 : (unsigned char)s[-1];
    int at = s < ms->subject_end ? (unsigned char)*s : 0;
    if (!in_set(ms, before, p, end - 1) && in_set(ms, at, p, end - 1)) return end;
    return NULL;
}

/* %1-%9 at s: the same text as that capture. */
static const char *match_back_reference(match_state *ms, const char *s, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= ms->capture_count || ms->captures[index].length == CAPTURE_OPEN)
        luaL_error(ms->L, "invalid capture index %%%d", index + 1);
    ptrdiff_t length = ms->captures[index].length;
    if (length == CAPTURE_POSITION) return NULL; /* a position has no text */
    spend_bytes(ms, (size_t)length);
    if (ms->subject_end - s < length || memcmp(ms->captures[index].start, s, (size_t)length) != 0)
        return NULL;
    return s + length;
}

static const char *open_capture(match_state *ms, const char *s, const char *p, ptrdiff_t kind) {
    if (ms->capture_count >= MAX_CAPTURES) luaL_error(ms->L, "too many captures");
    int index = ms->capture_count++;
    ms->captures[index].start = s;
    ms->captures[index].length = kind;
    const char *rest = match_here(ms, s, p);
    if (rest == NULL) ms->capture_count--;
    return rest;
}

static const char *close_capture(match_state *ms, const char *s, const char *p) {
    int index = ms->capture_count - 1;
    while (index >= 0 && ms->captures[index].length != CAPTURE_OPEN) index--;
    if (index < 0) luaL_error(ms->L, "invalid pattern capture");
    ms->captures[index].length = s - ms->captures[index].start;
    const char *rest = match_here(ms, s, p);
    if (rest == NULL) ms->captures[index].length = CAPTURE_OPEN;
    return rest;
}

/* Matches the pattern from p against the subject from s. Returns where the
   match ends in the subject, or NULL. */
static const char *match_here(match_state *ms, const char *s, const char *p) {
    if (ms->depth_left-- == 0) luaL_error(ms->L, "pattern too complex");
    for (;;) {
        spend(ms, 1);
        if (p >= ms->pattern_end) break;
        if (*p == '(') {
            if (p[1] == ')') s = open_capture(ms, s, p + 2, CAPTURE_POSITION);
            else s = open_capture(ms, s, p + 1, CAPTURE_OPEN);
            break;
        }
        if (*p == ')') {
            s = close_capture(ms, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == ms->pattern_end) {
            if (s != ms->subject_end) s = NULL;
            break;
        }
        if (*p == ESCAPE && p[1] == 'b') {
            s = match_balance(ms, s, p + 2);
            if (s == NULL) break;
            p += 4;
            continue;
        }
        if (*p == ESCAPE && p[1] == 'f') {
            const char *after = frontier_end(ms, s, p + 2);
            if (after == NULL) { s = NULL; break; }
            p = after;
            continue;
        }
        if (*p == ESCAPE && isdigit((unsigned char)p[1])) {
            s = match_back_reference(ms, s, (unsigned char)p[1]);
            if (s == NULL) break;
            p += 2;
            continue;
        }
        /* a single character class, maybe followed by a quantifier */
        const char *end = class_end(ms, p);
        char quantifier = end < ms->pattern_end ? *end : '\0';
        if (!matches_at(ms, s, p, end)) {
            if (quantifier == '*' || quantifier == '?' || quantifier == '-') {
                p = end + 1; /* zero repetitions */
                continue;
            }
            s = NULL;
            break;
        }
        if (quantifier == '?') {
            const char *rest = match_here(ms, s + 1, end + 1);
            if (rest != NULL) { s = rest; break; }
            p = end + 1;
            continue;
        }
        if (quantifier == '+') { s = match_greedy(ms, s + 1, p, end); break; }
        if (quantifier == '*') { s = match_greedy(ms, s, p, end); break; }
        if (quantifier == '-') { s = match_lazy(ms, s, p, end); break; }
        s++;
        p = end;
    }
    ms->depth_left++;
    return s;
}

/* ---- captures as values ---------------------------------------------------- */

/* Pushes capture `index` of the match from s to e; index 0 is the whole
   match when the pattern has no captures. */
static void push_capture(match_state *ms, int index, const char *s, const char *e) {
    if (index >= ms->capture_count) {
        if (index != 0) luaL_error(ms->L, "invalid capture index %%%d", index + 1);
        spend_bytes(ms, (size_t)(e - s));
        lua_pushlstring(ms->L, s, (size_t)(e - s));
        return;
    }
    const capture *c = &ms->captures[index];
    if (c->length == CAPTURE_OPEN) luaL_error(ms->L, "unfinished capture");
    if (c->length == CAPTURE_POSITION) {
        lua_pushinteger(ms->L, (lua_Integer)(c->start - ms->subject) + 1);
        return;
    }
    spend_bytes(ms, (size_t)c->length);
    lua_pushlstring(ms->L, c->start, (size_t)c->length);
}

/* Pushes every capture (or the whole match when there is none and s is not
   NULL). Returns how many values it pushed. */
static int push_captures(match_state *ms, const char *s, const char *e) {
    int count = ms->capture_count == 0 && s != NULL ? 1 : ms->capture_count;
    luaL_checkstack(ms->L, count, "too many captures");
    for (int i = 0; i < count; i++) push_capture(ms, i, s, e);
    return count;
}

/* ---- find and match -------------------------------------------------------- */

/* A position argument as an offset from the subject's start: 1 is the first
   character, negative counts from the end, 0 and anything before the start
   are the start. Past the end stays past the end. */
static size_t start_offset(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position - 1;
    if (position == 0 || (lua_Unsigned)-(position + 1) >= length) return 0;
    return length - (size_t)-position;
}

static int has_special_characters(const char *p, size_t length) {
    for (size_t i = 0; i < length; i++)
        if (p[i] != '\0' && strchr(SPECIAL_CHARACTERS, p[i]) != NULL) return 1;
    return 0;
}

/* Where `needle` first occurs in the subject from `from`, or NULL. Every
   candidate is charged the bytes it compares. */
static const char *find_plain(match_state *ms, const char *from, const char *needle, size_t needle_length) {
    if (needle_length == 0) return from;
    const char *last = ms->subject_end - needle_length; /* the last candidate */
    if (ms->subject_end - from < (ptrdiff_t)needle_length) return NULL;
    while (from <= last) {
        const char *candidate = memchr(from, needle[0], (size_t)(last - from) + 1);
        spend_bytes(ms, candidate == NULL ? (size_t)(last - from) : (size_t)(candidate - from));
        if (candidate == NULL) return NULL;
        spend_bytes(ms, needle_length);
        if (memcmp(candidate + 1, needle + 1, needle_length - 1) == 0) return candidate;
        from = candidate + 1;
    }
    return NULL;
}

static int find_or_match(lua_State *L, int is_find) {
    size_t subject_length, pattern_length;
    const char *subject = luaL_checklstring(L, 1, &subject_length);
    const char *pattern = luaL_checklstring(L, 2, &pattern_length);
    size_t from = start_offset(luaL_optinteger(L, 3, 1), subject_length);
    if (from > subject_length) {
        luaL_pushfail(L);
        return 1;
    }
    match_state ms;
    begin(&ms, L, subject, subject_length, pattern, pattern_length);
    int plain = is_find && lua_toboolean(L, 4);
    if (is_find && !plain) {
        spend_bytes(&ms, pattern_length); /* looking for special characters */
        plain = !has_special_characters(pattern, pattern_length);
    }
    if (plain) {
        const char *found = find_plain(&ms, subject + from, pattern, pattern_length);
        pay(&ms);
        if (found == NULL) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(found - subject) + 1);
        lua_pushinteger(L, (lua_Integer)(found - subject) + (lua_Integer)pattern_length);
        return 2;
    }
    int anchored = pattern_length > 0 && pattern[0] == '^';
    const char *p = anchored ? pattern + 1 : pattern;
    const char *s = subject + from;
    for (;;) {
        restart(&ms);
        const char *e = match_here(&ms, s, p);
        if (e != NULL) {
            int results;
            if (is_find) {
                lua_pushinteger(L, (lua_Integer)(s - subject) + 1);
                lua_pushinteger(L, (lua_Integer)(e - subject));
                results = 2 + push_captures(&ms, NULL, NULL);
            } else {
                results = push_captures(&ms, s, e);
            }
            pay(&ms);
            return results;
        }
        if (anchored || s >= ms.subject_end) break;
        s++;
    }
    pay(&ms);
    luaL_pushfail(L);
    return 1;
}

static int pattern_find(lua_State *L) { return find_or_match(L, 1); }
static int pattern_match(lua_State *L) { return find_or_match(L, 0); }

/* ---- gmatch ------------------------------------------------------------------ */

/* What a gmatch iterator keeps between calls (its upvalue 3; the subject and
   the pattern are upvalues 1 and 2). */
typedef struct gmatch_position {
    size_t next;          /* where the next attempt starts */
    ptrdiff_t last_end;   /* where the last match ended, or -1 */
    int finished;
} gmatch_position;

static int gmatch_next(lua_State *L) {
    size_t subject_length, pattern_length;
    const char *subject = lua_tolstring(L, lua_upvalueindex(1), &subject_length);
    const char *pattern = lua_tolstring(L, lua_upvalueindex(2), &pattern_length);
    gmatch_position *position = lua_touserdata(L, lua_upvalueindex(3));
    if (position->finished) return 0;
    match_state ms;
    begin(&ms, L, subject, subject_length, pattern, pattern_length);
    for (size_t from = position->next; from <= subject_length; from++) {
        restart(&ms);
        const char *e = match_here(&ms, subject + from, pattern);
        if (e != NULL && e - subject != position->last_end) {
            position->next = (size_t)(e - subject);
            position->last_end = e - subject;
            int results = push_captures(&ms, subject + from, e);
            pay(&ms);
            return results;
        }
    }
    position->finished = 1;
    pay(&ms);
    return 0;
}

static int pattern_gmatch(lua_State *L) {
    size_t subject_length;
    luaL_checklstring(L, 1, &subject_length);
    luaL_checkstring(L, 2);
    size_t from = start_offset(luaL_optinteger(L, 3, 1), subject_length);
    lua_settop(L, 2);
    gmatch_position *position = lua_newuserdatauv(L, sizeof(gmatch_position), 0);
    position->next = from;
    position->last_end = -1;
    position->finished = from > subject_length;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* ---- gsub ------------------------------------------------------------------------ */

/* Adds the replacement string (argument 3) for the match from s to e: its
   text, with %0-%9 replaced by captures and %% by '%'. */
static void add_replacement_text(match_state *ms, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = ms->L;
    size_t length;
    const char *text = lua_tolstring(L, 3, &length);
    const char *end = text + length;
    spend_bytes(ms, length);
    while (text < end) {
        const char *escape = memchr(text, ESCAPE, (size_t)(end - text));
        if (escape == NULL) break;
        luaL_addlstring(b, text, (size_t)(escape - text));
        char code = escape + 1 < end ? escape[1] : '\0';
        if (code == ESCAPE) {
            luaL_addchar(b, ESCAPE);
        } else if (code == '0') {
            spend_bytes(ms, (size_t)(e - s));
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)code)) {
            push_capture(ms, code - '1', s, e);
            luaL_tolstring(L, -1, NULL); /* a position capture is a number */
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", ESCAPE);
        }
        text = escape + 2;
    }
    if (text < end) luaL_addlstring(b, text, (size_t)(end - text));
}

/* Adds the replacement for the match from s to e; returns whether it differs
   from the match (a false or nil value from a table or function keeps it). */
static int add_replacement(match_state *ms, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = ms->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int count = push_captures(ms, s, e);
        pay(ms); /* before Lua code runs */
        lua_call(L, count, 1);
    } else if (kind == LUA_TTABLE) {
        push_capture(ms, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_replacement_text(ms, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        spend_bytes(ms, (size_t)(e - s));
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    spend_bytes(ms, lua_rawlen(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int pattern_gsub(lua_State *L) {
    size_t subject_length, pattern_length;
    const char *subject = luaL_checklstring(L, 1, &subject_length);
    const char *pattern = luaL_checklstring(L, 2, &pattern_length);
    int kind = lua_type(L, 3);
    lua_Integer limit = luaL_optinteger(L, 4, (lua_Integer)subject_length + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    int anchored = pattern_length > 0 && pattern[0] == '^';
    const char *p = anchored ? pattern + 1 : pattern;
    match_state ms;
    begin(&ms, L, subject, subject_length, pattern, pattern_length);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *s = subject;
    const char *last_end = NULL;
    lua_Integer count = 0;
    int changed = 0;
    while (count < limit) {
        restart(&ms);
        const char *e = match_here(&ms, s, p);
        if (e != NULL && e != last_end) {
            count++;
            changed |= add_replacement(&ms, &b, s, e, kind);
            s = last_end = e;
        } else if (s < ms.subject_end) {
            luaL_addchar(&b, *s++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (changed) {
        spend_bytes(&ms, (size_t)(ms.subject_end - s));
        luaL_addlstring(&b, s, (size_t)(ms.subject_end - s));
        luaL_pushresult(&b);
    } else {
        lua_pushvalue(L, 1); /* nothing replaced: the subject itself */
    }
    pay(&ms);
    lua_pushinteger(L, count);
    return 2;
}

void rubric_open_patterns(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"find", pattern_find},
        {"match", pattern_match},
        {"gmatch", pattern_gmatch},
        {"gsub", pattern_gsub},
        {NULL, NULL},
    };
    luaL_setfuncs(L, functions, 0);
}
