// The sandboxed standard library: what a rule script sees.
//
// base (without dofile, loadfile, collectgarbage; print and warn captured into
// the log; load for text chunks only; setmetatable refusing __gc; tostring and
// string.format without addresses), string (without dump; rep, find, match,
// gmatch, gsub in a matcher of our own), table, math (seeded by the host),
// utf8, coroutine, sortedpairs and a require that only finds text modules the
// host hands over. Library tables are read-only
// proxies and the string metatable is locked. Reading io, os, debug, package
// or the removed functions is a sandbox violation. utf8 and coroutine, which
// few rules use, are opened the first time a script reads them (every rule runs
// in a fresh state, so what is not opened is not paid for). Every library
// function whose work grows with its arguments or results is charged to the
// instruction budget (charged_functions).
#include "CLuaSupport.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#define PROTECTED_KEY "rubric.protected"
#define LOADED_KEY "rubric.loaded"
#define NAMES_KEY "rubric.names"

static const char *const forbidden_globals[] = {
    "io", "os", "debug", "package", "dofile", "loadfile", "collectgarbage", NULL,
};
static const char *const forbidden_modules[] = {
    "io", "os", "debug", "package", "ffi", "jit", "socket", "lfs", "posix", NULL,
};

static int in_list(const char *name, const char *const *list) {
    for (; *list != NULL; list++)
        if (strcmp(name, *list) == 0) return 1;
    return 0;
}

/* ---- the log ------------------------------------------------------------ */

static void log_store(rubric_control *c, const char *text, size_t length) {
    if (c->log_length + length > c->log_capacity) {
        size_t capacity = c->log_capacity ? c->log_capacity : 256;
        while (capacity < c->log_length + length) capacity *= 2;
        char *grown = realloc(c->log, capacity);
        if (grown == NULL) { c->log_truncated = 1; return; }
        c->log = grown;
        c->log_capacity = capacity;
    }
    memcpy(c->log + c->log_length, text, length);
    c->log_length += length;
}

/* Appends to the log; past the limit, keeps what fits and a note. */
static void log_append(rubric_control *c, const char *text, size_t length) {
    static const char note[] = "\n[log truncated]\n";
    if (c->log_truncated) return;
    size_t room = c->log_limit > c->log_length ? c->log_limit - c->log_length : 0;
    if (length > room) {
        log_store(c, text, room);
        log_store(c, note, sizeof note - 1);
        c->log_truncated = 1;
        return;
    }
    log_store(c, text, length);
}

static int charge_values(lua_State *L, int count);
static int run_original(lua_State *L);
static int64_t steps_for_bytes(size_t bytes);

/* Deterministic names for values that stock Lua prints by address: the n-th
   such value a state names is "#n", kept in the registry table NAMES_KEY
   (object -> n; its array part counts). Pushes the number. */
static lua_Integer object_number(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_getfield(L, LUA_REGISTRYINDEX, NAMES_KEY);
    lua_pushvalue(L, index);
    if (lua_rawget(L, -2) != LUA_TNUMBER) {
        lua_pop(L, 1);
        lua_Integer next = (lua_Integer)lua_rawlen(L, -1) + 1;
        lua_pushvalue(L, index);
        lua_pushinteger(L, next);
        lua_rawset(L, -3);          /* names[object] = n */
        lua_pushboolean(L, 1);
        lua_rawseti(L, -2, next);   /* keeps the count in the array part */
        lua_pushinteger(L, next);
    }
    lua_Integer number = lua_tointeger(L, -1);
    lua_pop(L, 2);
    return number;
}

/* Pushes "kind: #n", where kind is the type's name, or, as luaL_tolstring
   does, the metatable's __name when it is a string (`with_name`). */
static const char *object_name(lua_State *L, int index, int with_name) {
    index = lua_absindex(L, index);
    lua_Integer number = object_number(L, index);
    int named = with_name && luaL_getmetafield(L, index, "__name") != LUA_TNIL;
    const char *kind = named && lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : luaL_typename(L, index);
    lua_pushfstring(L, "%s: #%I", kind, number);
    if (named) lua_remove(L, -2);
    return lua_tostring(L, -1);
}

/* Like luaL_tolstring, without addresses. Pushes the result. */
static const char *to_text(lua_State *L, int index, size_t *length) {
    index = lua_absindex(L, index);
    if (luaL_callmeta(L, index, "__tostring")) {
        if (!lua_isstring(L, -1)) luaL_error(L, "'__tostring' must return a string");
        return lua_tolstring(L, -1, length);
    }
    switch (lua_type(L, index)) {
    case LUA_TNUMBER:
    case LUA_TSTRING:
    case LUA_TBOOLEAN:
    case LUA_TNIL:
        return luaL_tolstring(L, index, length);
    default:
        object_name(L, index, 1);
        return lua_tolstring(L, -1, length);
    }
}

static int sandbox_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    to_text(L, 1, NULL);
    return charge_values(L, 1);
}

static int sandbox_print(lua_State *L) {
    rubric_control *c = rubric_control_of(L);
    int n = lua_gettop(L);
    charge_values(L, n);
    for (int i = 1; i <= n; i++) {
        size_t length;
        const char *text = to_text(L, i, &length);
        if (i > 1) log_append(c, "\t", 1);
        log_append(c, text, length);
        lua_pop(L, 1);
    }
    log_append(c, "\n", 1);
    return 0;
}

static void sandbox_warn(void *ud, const char *message, int tocont) {
    rubric_control *c = (rubric_control *)ud;
    if (!c->warn_continued && !tocont && message[0] == '@') return; /* control message */
    if (!c->warn_continued) log_append(c, "warning: ", 9);
    log_append(c, message, strlen(message));
    if (!tocont) log_append(c, "\n", 1);
    c->warn_continued = tocont;
}

/* string.format: %p and %s of tables, functions and threads print
   deterministic names instead of addresses. */
static int sandbox_format(lua_State *L) {
    int n = lua_gettop(L);
    size_t length;
    const char *format = luaL_checklstring(L, 1, &length);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int arg = 1;
    for (size_t i = 0; i < length; i++) {
        char ch = format[i];
        luaL_addchar(&b, ch);
        if (ch != '%') continue;
        if (i + 1 < length && format[i + 1] == '%') { luaL_addchar(&b, '%'); i++; continue; }
        arg++;
        /* copy flags, width and precision */
        while (i + 1 < length && strchr("-+ #0123456789.", format[i + 1]) != NULL)
            luaL_addchar(&b, format[++i]);
        if (i + 1 >= length) break;
        char conversion = format[++i];
        if (arg <= n && (conversion == 'p' || conversion == 's')) {
            int type = lua_type(L, arg);
            if (type == LUA_TTABLE || type == LUA_TFUNCTION || type == LUA_TTHREAD ||
                type == LUA_TUSERDATA || type == LUA_TLIGHTUSERDATA) {
                if (conversion == 's') to_text(L, arg, NULL);
                else object_name(L, arg, 0);
                lua_replace(L, arg);
                conversion = 's';
            }
        }
        luaL_addchar(&b, conversion);
    }
    luaL_pushresult(&b);
    lua_replace(L, 1);
    return charge_values(L, run_original(L));
}

/* ---- guarded base functions ----------------------------------------------- */

static int call_original(lua_State *L);

static int forbidden_function(lua_State *L) {
    return rubric_violation(L, lua_tostring(L, lua_upvalueindex(1)));
}

static void set_forbidden_function(lua_State *L, int table, const char *key, const char *what) {
    table = lua_absindex(L, table);
    lua_pushstring(L, what);
    lua_pushcclosure(L, forbidden_function, 1);
    lua_setfield(L, table, key);
}

static void protect_library(lua_State *L, const char *name);

/* Opened the first time a script reads them (in the sandbox; eagerly otherwise). */
static const luaL_Reg lazy_libraries[] = {
    {LUA_UTF8LIBNAME, luaopen_utf8},
    {LUA_COLIBNAME, luaopen_coroutine},
    {NULL, NULL},
};

static void charge_library(lua_State *L, int table, const char *library);

const char *rubric_sandbox_lazy_library(size_t index) {
    size_t count = sizeof(lazy_libraries) / sizeof(lazy_libraries[0]) - 1;
    return index < count ? lazy_libraries[index].name : NULL;
}

static void open_library(lua_State *L, const luaL_Reg *lib) {
    luaL_requiref(L, lib->name, lib->func, 1);
    charge_library(L, -1, lib->name);
    lua_pop(L, 1);
    protect_library(L, lib->name);
}

/* __index of the globals: a global that is not set. */
static int globals_index(lua_State *L) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    const char *key = lua_tostring(L, 2);
    if (in_list(key, forbidden_globals))
        return rubric_violation(L, lua_pushfstring(L, "access to '%s'", key));
    for (const luaL_Reg *lib = lazy_libraries; lib->func != NULL; lib++) {
        if (strcmp(key, lib->name) == 0) {
            open_library(L, lib);
            lua_rawget(L, 1);
            return 1;
        }
    }
    return 0;
}

static int is_protected(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_getfield(L, LUA_REGISTRYINDEX, PROTECTED_KEY);
    lua_pushvalue(L, index);
    int found = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return found;
}

static int sandbox_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int type = lua_type(L, 2);
    luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
    if (type == LUA_TTABLE && lua_getfield(L, 2, "__gc") != LUA_TNIL) {
        /* finalizers run with hooks off: they could hang the host */
        return rubric_violation(L, "setmetatable with a __gc metamethod");
    }
    lua_settop(L, 2);
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_setmetatable(L, 1);
    return 1;
}

static int sandbox_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (is_protected(L, 1)) return rubric_violation(L, "rawset on a library table");
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int sandbox_load(lua_State *L) {
    if (lua_type(L, 1) == LUA_TSTRING) {
        const char *chunk = lua_tostring(L, 1);
        if (chunk[0] == LUA_SIGNATURE[0]) return rubric_violation(L, "load of a binary chunk");
        rubric_charge(L, 1 + steps_for_bytes(lua_rawlen(L, 1))); /* compiling reads it all */
    }
    if (lua_gettop(L) < 3) lua_settop(L, 3);
    lua_pushliteral(L, "t");
    lua_replace(L, 3);
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* An error raised by the hook reaches xpcall's message handler while hooks
   are off (Lua clears allowhook during a hook). Once the state is stopping,
   the script's handler must not run: it could loop with no hook to stop it. */
static int guarded_handler(lua_State *L) {
    if (rubric_control_of(L)->stop != RUBRIC_STOP_NONE) return 1;
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, 1);
    return 1;
}

static int sandbox_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    return call_original(L);
}

static int sandbox_randomseed(lua_State *L) {
    int n = lua_gettop(L);
    if (n == 0) {
        lua_pushinteger(L, rubric_control_of(L)->random_seed);
        n = 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, 0);
    return 0;
}

/* ---- charged library functions ------------------------------------------ */

/* Calls the original (upvalue 1) with the same arguments. */
static int call_original(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* Every library function whose work grows with its arguments or its results
   is charged to the budget: one step per element it moves, compares or
   returns and one per RUBRIC_BYTES_PER_STEP bytes it copies or scans. A
   charged function is a closure over the library's own function (upvalue 1)
   whose C code it runs in its own frame (run_original), so that the
   library's argument errors name the function the way stock Lua does. */

static int run_original(lua_State *L) {
    lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(1));
    return original(L);
}

static int64_t steps_for_bytes(size_t bytes) {
    return (int64_t)(bytes / RUBRIC_BYTES_PER_STEP);
}

/* One step for the call, one per value on top of the stack, and the bytes of
   the strings among them. Returns `count`. */
static int charge_values(lua_State *L, int count) {
    int64_t steps = 1 + count;
    int top = lua_gettop(L);
    for (int i = top - count + 1; i <= top; i++)
        if (lua_type(L, i) == LUA_TSTRING) steps += steps_for_bytes(lua_rawlen(L, i));
    rubric_charge(L, steps);
    return count;
}

/* Functions whose work is what they return: string.rep, sub, upper, lower,
   reverse, byte; table.unpack; utf8.codepoint; select. */
static int charged_by_results(lua_State *L) {
    return charge_values(L, run_original(L));
}

/* Functions whose work is what they are given: table.pack, string.char,
   utf8.char (a step per argument); tonumber and warn (which read their
   strings). */
static int charged_by_arguments(lua_State *L) {
    charge_values(L, lua_gettop(L));
    return run_original(L);
}

/* string.pack, unpack and packsize read their whole format (argument 1)
   and make their results; unpack's subject is not charged, as it reads only
   what the format asks for. */
static int charged_by_format(lua_State *L) {
    size_t format_length = 0;
    if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &format_length);
    rubric_charge(L, 1 + steps_for_bytes(format_length));
    return charge_values(L, run_original(L));
}

static void charge_count(lua_State *L, lua_Unsigned count) {
    rubric_charge(L, count > (lua_Unsigned)INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)count + 1);
}

static void charge_span(lua_State *L, lua_Integer from, lua_Integer to) {
    if (to >= from) charge_count(L, (lua_Unsigned)to - (lua_Unsigned)from);
}

static int charged_rep(lua_State *L) {
    size_t length, separator = 0;
    luaL_checklstring(L, 1, &length);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &separator);
    if (n > 0 && length + separator == 0) {
        lua_pushliteral(L, ""); /* stock Lua would loop n times for nothing */
        return 1;
    }
    /* charged once made: the memory limit refuses a result too large first */
    return charge_values(L, run_original(L));
}

/* Whether the value at `index` can be used as a table by a table function:
   a table, or a value whose metatable has the metamethods it needs (stock
   Lua's rule). Otherwise raises the usual "table expected" argument error. */
#define NEEDS_INDEX 1
#define NEEDS_NEWINDEX 2
#define NEEDS_LENGTH 4
static int has_field(lua_State *L, int table, const char *key) {
    int found = lua_getfield(L, table, key) != LUA_TNIL;
    lua_pop(L, 1);
    return found;
}

static void check_table_like(lua_State *L, int index, int needs) {
    if (lua_type(L, index) == LUA_TTABLE) return;
    int usable = 0;
    if (lua_getmetatable(L, index)) {
        int metatable = lua_gettop(L);
        usable = (!(needs & NEEDS_INDEX) || has_field(L, metatable, "__index")) &&
                 (!(needs & NEEDS_NEWINDEX) || has_field(L, metatable, "__newindex")) &&
                 (!(needs & NEEDS_LENGTH) || has_field(L, metatable, "__len"));
        lua_pop(L, 1);
    }
    if (!usable) luaL_checktype(L, index, LUA_TTABLE);
}
#define READ_WRITE_LENGTH (NEEDS_INDEX | NEEDS_NEWINDEX | NEEDS_LENGTH)

/* table.insert(t, pos, value) moves the elements from pos on. */
static int charged_insert(lua_State *L) {
    check_table_like(L, 1, READ_WRITE_LENGTH);
    if (lua_gettop(L) == 3) {
        lua_Integer size = luaL_len(L, 1);
        lua_Integer position = luaL_checkinteger(L, 2);
        charge_span(L, position, size);
    }
    return run_original(L);
}

/* table.remove(t, pos) moves the elements after pos. */
static int charged_remove(lua_State *L) {
    check_table_like(L, 1, READ_WRITE_LENGTH);
    lua_Integer size = luaL_len(L, 1);
    lua_Integer position = luaL_optinteger(L, 2, size);
    charge_span(L, position, size);
    return run_original(L);
}

static int charged_move(lua_State *L) {
    lua_Integer from = luaL_checkinteger(L, 2);
    lua_Integer to = luaL_checkinteger(L, 3);
    luaL_checkinteger(L, 4); /* the library's order of argument errors */
    charge_span(L, from, to);
    return run_original(L);
}

/* table.concat: each element read, then the bytes of the result. */
static int charged_concat(lua_State *L) {
    check_table_like(L, 1, NEEDS_INDEX | NEEDS_LENGTH);
    luaL_optstring(L, 2, "");
    lua_Integer first = luaL_optinteger(L, 3, 1);
    lua_Integer last = lua_isnoneornil(L, 4) ? luaL_len(L, 1) : luaL_checkinteger(L, 4);
    charge_span(L, first, last);
    return charge_values(L, run_original(L));
}

/* table.sort runs the library's sort with an order function of ours, which
   charges each comparison and then compares as the library would: with the
   script's function (upvalue 1), or with '<'. A comparison costs about what a
   call of a small Lua function does (the call, the comparison, the moves of
   elements around it): a few instructions. */
#define STEPS_PER_COMPARISON 5

static int charged_default_order(lua_State *L) {
    rubric_charge(L, STEPS_PER_COMPARISON);
    lua_pushboolean(L, lua_compare(L, 1, 2, LUA_OPLT));
    return 1;
}

static int charged_given_order(lua_State *L) {
    rubric_charge(L, STEPS_PER_COMPARISON);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

static int charged_sort(lua_State *L) {
    int order = lua_type(L, 2);
    if (order == LUA_TNONE || order == LUA_TNIL) {
        lua_settop(L, 1);
        lua_pushcfunction(L, charged_default_order);
    } else if (order == LUA_TFUNCTION) {
        lua_settop(L, 2);
        lua_pushcclosure(L, charged_given_order, 1);
    }
    /* any other second argument is left for the library to refuse */
    return run_original(L);
}

/* utf8.len(s, i, j) scans the bytes from i to j. */
static lua_Integer string_position(lua_Integer position, size_t length) {
    if (position >= 0) return position;
    if ((size_t)-position > length) return 0;
    return (lua_Integer)length + position + 1;
}

static int charged_utf8_len(lua_State *L) {
    size_t length;
    luaL_checklstring(L, 1, &length);
    lua_Integer first = string_position(luaL_optinteger(L, 2, 1), length);
    lua_Integer last = string_position(luaL_optinteger(L, 3, -1), length);
    if (last >= first) charge_count(L, ((lua_Unsigned)last - (lua_Unsigned)first) / RUBRIC_BYTES_PER_STEP);
    return run_original(L);
}

/* utf8.offset(s, n, i) moves from i by n characters: charged by the bytes
   between i and where it stopped (the whole string when it found none). */
static int charged_utf8_offset(lua_State *L) {
    size_t length;
    luaL_checklstring(L, 1, &length);
    lua_Integer n = luaL_checkinteger(L, 2);
    lua_Integer start = string_position(luaL_optinteger(L, 3, n >= 0 ? 1 : (lua_Integer)length + 1), length);
    int results = run_original(L);
    lua_Unsigned distance = length;
    if (lua_isinteger(L, -1)) {
        lua_Integer end = lua_tointeger(L, -1);
        distance = end >= start ? (lua_Unsigned)end - (lua_Unsigned)start : (lua_Unsigned)start - (lua_Unsigned)end;
    }
    charge_count(L, distance / RUBRIC_BYTES_PER_STEP);
    return results;
}

/* The iterator of utf8.codes skips continuation bytes before each
   character: charged by the bytes between the position it was given and
   the one it returns (the rest of the string when it ends). */
static int charged_codes_step(lua_State *L) {
    size_t length = lua_rawlen(L, 1);
    lua_Integer from = lua_tointeger(L, 2);
    int results = run_original(L);
    lua_Integer to = results > 0 && lua_isinteger(L, -results) ? lua_tointeger(L, -results) : (lua_Integer)length;
    if (to > from) charge_count(L, ((lua_Unsigned)to - (lua_Unsigned)from) / RUBRIC_BYTES_PER_STEP);
    return results;
}

/* utf8.codes: the library's iterator, wrapped in charged_codes_step. */
static int charged_codes(lua_State *L) {
    int results = run_original(L);
    int iterator = lua_gettop(L) - results + 1;
    lua_pushvalue(L, iterator);
    lua_pushcclosure(L, charged_codes_step, 1);
    lua_replace(L, iterator);
    return results;
}

static void wrap_field(lua_State *L, int table, const char *key, lua_CFunction wrapper) {
    table = lua_absindex(L, table);
    lua_getfield(L, table, key);
    lua_pushcclosure(L, wrapper, 1);
    lua_setfield(L, table, key);
}

/* The library functions charged by a wrapper ("_G" is the base library).
   find, match, gmatch and gsub charge themselves (rubric_matcher.c); format,
   tostring, print and load are the sandbox's own (above). */
static const struct charged_function {
    const char *library;
    const char *name;
    lua_CFunction wrapper;
} charged_functions[] = {
    {LUA_GNAME, "select", charged_by_results},
    {LUA_GNAME, "tonumber", charged_by_arguments},
    {LUA_GNAME, "warn", charged_by_arguments},
    {LUA_STRLIBNAME, "rep", charged_rep},
    {LUA_STRLIBNAME, "sub", charged_by_results},
    {LUA_STRLIBNAME, "upper", charged_by_results},
    {LUA_STRLIBNAME, "lower", charged_by_results},
    {LUA_STRLIBNAME, "reverse", charged_by_results},
    {LUA_STRLIBNAME, "byte", charged_by_results},
    {LUA_STRLIBNAME, "char", charged_by_arguments},
    {LUA_STRLIBNAME, "pack", charged_by_format},
    {LUA_STRLIBNAME, "unpack", charged_by_format},
    {LUA_STRLIBNAME, "packsize", charged_by_format},
    {LUA_TABLIBNAME, "insert", charged_insert},
    {LUA_TABLIBNAME, "remove", charged_remove},
    {LUA_TABLIBNAME, "move", charged_move},
    {LUA_TABLIBNAME, "concat", charged_concat},
    {LUA_TABLIBNAME, "sort", charged_sort},
    {LUA_TABLIBNAME, "unpack", charged_by_results},
    {LUA_TABLIBNAME, "pack", charged_by_arguments},
    {LUA_UTF8LIBNAME, "char", charged_by_arguments},
    {LUA_UTF8LIBNAME, "codepoint", charged_by_results},
    {LUA_UTF8LIBNAME, "len", charged_utf8_len},
    {LUA_UTF8LIBNAME, "offset", charged_utf8_offset},
    {LUA_UTF8LIBNAME, "codes", charged_codes},
    {NULL, NULL, NULL},
};

/* Wraps the charged functions of `library`, the table at `table`. */
static void charge_library(lua_State *L, int table, const char *library) {
    for (const struct charged_function *f = charged_functions; f->library != NULL; f++)
        if (strcmp(f->library, library) == 0) wrap_field(L, table, f->name, f->wrapper);
}

/* ---- sortedpairs ---------------------------------------------------------- */

typedef struct sort_key {
    int is_string;
    int is_integer;
    lua_Integer integer;
    lua_Number number;
    const char *string;
    size_t length;
    int slot; /* index in the keys table */
} sort_key;

static int compare_keys(const void *pa, const void *pb) {
    const sort_key *a = pa, *b = pb;
    if (a->is_string != b->is_string) return a->is_string ? 1 : -1; /* numbers first */
    if (a->is_string) {
        size_t n = a->length < b->length ? a->length : b->length;
        int c = memcmp(a->string, b->string, n);
        if (c != 0) return c;
        return (a->length > b->length) - (a->length < b->length);
    }
    if (a->is_integer && b->is_integer) return (a->integer > b->integer) - (a->integer < b->integer);
    lua_Number x = a->is_integer ? (lua_Number)a->integer : a->number;
    lua_Number y = b->is_integer ? (lua_Number)b->integer : b->number;
    return (x > y) - (x < y);
}

static int sortedpairs_next(lua_State *L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 1;
    lua_pushvalue(L, -1);
    lua_rawget(L, lua_upvalueindex(1));
    return 2;
}

static int sandbox_sortedpairs(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    lua_newtable(L); /* 2: keys in table order */
    int count = 0;
    lua_pushnil(L);
    while (lua_next(L, 1) != 0) {
        lua_pop(L, 1);
        int type = lua_type(L, -1);
        if (type != LUA_TNUMBER && type != LUA_TSTRING)
            return luaL_error(L, "bad argument #1 to 'sortedpairs' (keys must be numbers or strings, found a %s key)",
                              luaL_typename(L, -1));
        lua_pushvalue(L, -1);
        lua_rawseti(L, 2, ++count);
    }
    /* reading the keys, and sorting them: about count * log2(count) comparisons */
    int bits = 0;
    for (int rest = count; rest > 0; rest >>= 1) bits++;
    rubric_charge(L, (int64_t)count * (8 + bits));
    sort_key *keys = lua_newuserdatauv(L, sizeof(sort_key) * (size_t)(count ? count : 1), 0); /* 3 */
    for (int i = 0; i < count; i++) {
        lua_rawgeti(L, 2, i + 1);
        sort_key *k = &keys[i];
        memset(k, 0, sizeof *k);
        k->slot = i + 1;
        if (lua_type(L, -1) == LUA_TSTRING) {
            k->is_string = 1;
            k->string = lua_tolstring(L, -1, &k->length); /* anchored in table 2 */
        } else if (lua_isinteger(L, -1)) {
            k->is_integer = 1;
            k->integer = lua_tointeger(L, -1);
        } else {
            k->number = lua_tonumber(L, -1);
        }
        lua_pop(L, 1);
    }
    qsort(keys, (size_t)count, sizeof(sort_key), compare_keys);
    lua_createtable(L, count, 0); /* 4: keys in sorted order */
    for (int i = 0; i < count; i++) {
        lua_rawgeti(L, 2, keys[i].slot);
        lua_rawseti(L, 4, i + 1);
    }
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 4);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, sortedpairs_next, 3);
    return 1;
}

/* ---- require --------------------------------------------------------------- */

static int valid_module_name(const char *name) {
    if (*name == '\0' || *name == '.') return 0;
    for (const char *p = name; *p; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || (ch == '.' && p[1] != '.' && p[1] != '\0');
        if (!ok) return 0;
    }
    return 1;
}

static int sandbox_require(lua_State *L) {
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, LOADED_KEY); /* 2 */
    if (lua_getfield(L, 2, name) != LUA_TNIL) {
        if (lua_type(L, -1) == LUA_TLIGHTUSERDATA)
            return luaL_error(L, "module '%s' requires itself (a require loop)", name);
        return 1;
    }
    lua_pop(L, 1);
    if (in_list(name, forbidden_modules))
        return rubric_violation(L, lua_pushfstring(L, "require '%s'", name));
    if (!valid_module_name(name))
        return luaL_error(L, "module name '%s' is not valid (letters, digits, '_' and '.')", name);
    rubric_control *c = rubric_control_of(L);
    const char *source = NULL, *chunkname = NULL;
    size_t length = 0;
    int binary = 0;
    if (c->module_lookup == NULL ||
        !c->module_lookup(c->module_context, name, &source, &length, &chunkname, &binary))
        return luaL_error(L, "module '%s' not found in the rule library", name);
    /* A binary module is one the host compiled itself (rubric_compile). */
    int status = binary ? rubric_load_compiled(L, source, length, chunkname)
                        : rubric_load_text(L, source, length, chunkname);
    if (status != LUA_OK) return lua_error(L);
    lua_pushlightuserdata(L, (void *)&sandbox_require); /* loading */
    lua_setfield(L, 2, name);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, 2, name);
    return 1;
}

/* ---- read-only library tables ---------------------------------------------- */

static int library_newindex(lua_State *L) {
    const char *library = lua_tostring(L, lua_upvalueindex(1));
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_typename(L, 2);
    return rubric_violation(L, lua_pushfstring(L, "assignment to library field '%s.%s'", library, key));
}

static int library_pairs(lua_State *L) {
    lua_getglobal(L, "next");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

/* Replaces global `name` (a table) by a read-only proxy of it. */
static void protect_library(lua_State *L, const char *name) {
    lua_getglobal(L, name);                 /* real */
    lua_newtable(L);                        /* proxy */
    lua_createtable(L, 0, 4);               /* metatable */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, library_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, library_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, PROTECTED_KEY);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_setglobal(L, name);
    lua_pop(L, 1);
}

/* ---- opening ------------------------------------------------------------- */

static const luaL_Reg safe_libraries[] = {
    {LUA_GNAME, luaopen_base},
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_MATHLIBNAME, luaopen_math},
    {NULL, NULL},
};

int rubric_open_sandbox(lua_State *L) {
    int unsafe = (int)luaL_optinteger(L, 1, 0);
    rubric_control *c = rubric_control_of(L);
    lua_setwarnf(L, sandbox_warn, c);
    /* io's files and debug.setmetatable bring finalizers; the sandbox none. */
    c->may_finalize = unsafe != 0;

    for (const luaL_Reg *lib = safe_libraries; lib->func != NULL; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    if (unsafe & RUBRIC_UNSAFE_OS) { luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 1); lua_pop(L, 1); }
    if (unsafe & RUBRIC_UNSAFE_IO) { luaL_requiref(L, LUA_IOLIBNAME, luaopen_io, 1); lua_pop(L, 1); }
    if (unsafe & RUBRIC_UNSAFE_DEBUG) { luaL_requiref(L, LUA_DBLIBNAME, luaopen_debug, 1); lua_pop(L, 1); }

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, PROTECTED_KEY);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LOADED_KEY);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, NAMES_KEY);

    lua_pushglobaltable(L);
    int G = lua_gettop(L);
    /* removed: reading them is a violation (see globals_index) */
    lua_pushnil(L); lua_setfield(L, G, "dofile");
    lua_pushnil(L); lua_setfield(L, G, "loadfile");
    lua_pushnil(L); lua_setfield(L, G, "collectgarbage");
    lua_pushcfunction(L, sandbox_print); lua_setfield(L, G, "print");
    lua_pushcfunction(L, sandbox_tostring); lua_setfield(L, G, "tostring");
    lua_pushcfunction(L, sandbox_setmetatable); lua_setfield(L, G, "setmetatable");
    lua_pushcfunction(L, sandbox_rawset); lua_setfield(L, G, "rawset");
    lua_pushcfunction(L, sandbox_sortedpairs); lua_setfield(L, G, "sortedpairs");
    lua_pushcfunction(L, sandbox_require); lua_setfield(L, G, "require");
    wrap_field(L, G, "load", sandbox_load);
    wrap_field(L, G, "xpcall", sandbox_xpcall);
    charge_library(L, G, LUA_GNAME);

    lua_getfield(L, G, LUA_STRLIBNAME);
    int S = lua_gettop(L);
    set_forbidden_function(L, S, "dump", "string.dump");
    charge_library(L, S, LUA_STRLIBNAME);
    wrap_field(L, S, "format", sandbox_format);
    lua_pushvalue(L, S);
    rubric_open_patterns(L);
    lua_pop(L, 2);

    lua_getfield(L, G, LUA_TABLIBNAME);
    charge_library(L, -1, LUA_TABLIBNAME);
    lua_pop(L, 1);

    lua_getfield(L, G, LUA_MATHLIBNAME);
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, c->random_seed);
    lua_call(L, 1, 0);
    wrap_field(L, -1, "randomseed", sandbox_randomseed);
    lua_pop(L, 1);

    /* the string metatable: scripts can neither see nor change it */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    protect_library(L, LUA_STRLIBNAME);
    protect_library(L, LUA_TABLIBNAME);
    protect_library(L, LUA_MATHLIBNAME);

    if (unsafe != 0) {
        for (const luaL_Reg *lib = lazy_libraries; lib->func != NULL; lib++) open_library(L, lib);
    } else {
        lua_createtable(L, 0, 2);
        lua_pushcfunction(L, globals_index);
        lua_setfield(L, -2, "__index");
        lua_pushliteral(L, "locked");
        lua_setfield(L, -2, "__metatable");
        lua_setmetatable(L, G);
    }
    lua_pop(L, 1);
    return 0;
}
