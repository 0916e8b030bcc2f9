// The Lua 5.4 C API as Swift sees it: the real headers plus static inline
// wrappers for the macros Swift cannot import.
#ifndef RUBRIC_CLUA_SHIM_H
#define RUBRIC_CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

static inline int rubric_lua_pcall(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}
static inline void rubric_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void rubric_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *rubric_lua_tostring(lua_State *L, int index) {
    return lua_tolstring(L, index, NULL);
}
static inline int rubric_lua_isnil(lua_State *L, int index) { return lua_isnil(L, index); }
static inline int rubric_lua_isnoneornil(lua_State *L, int index) { return lua_isnoneornil(L, index); }
static inline int rubric_lua_istable(lua_State *L, int index) { return lua_istable(L, index); }
static inline int rubric_lua_isfunction(lua_State *L, int index) { return lua_isfunction(L, index); }
static inline void rubric_lua_insert(lua_State *L, int index) { lua_insert(L, index); }
static inline void rubric_lua_remove(lua_State *L, int index) { lua_remove(L, index); }
static inline void rubric_lua_replace(lua_State *L, int index) { lua_replace(L, index); }
static inline lua_Number rubric_lua_tonumber(lua_State *L, int index) { return lua_tonumberx(L, index, NULL); }
static inline lua_Integer rubric_lua_tointeger(lua_State *L, int index) { return lua_tointegerx(L, index, NULL); }
static inline int rubric_lua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int rubric_lua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int rubric_lua_multret(void) { return LUA_MULTRET; }

#endif
