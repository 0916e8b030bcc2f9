/*
** Differential conformance test of rubric's pattern matcher
** (Sources/CLuaSupport/rubric_matcher.c) against the stock string library of
** the system's Lua 5.4.
**
** Built and run by Scripts/pattern-conformance:
**   conformance [conformance.lua] [fuzz-iterations]
**
** It makes a plain Lua state (luaL_openlibs), installs rubric's find, match,
** gmatch and gsub into the global table `pat`, and runs conformance.lua, which
** compares string.X against pat.X on hand-written, generated and random cases
** and checks that the step budget stops pathological matches. This file
** provides the stub of rubric_charge: it counts the steps charged and raises
** once a budget set by the test is spent.
**
** Exit status: 0 when every case agrees, 1 on any mismatch, 2 on a harness error.
*/

#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

#include "CLuaSupport.h"

/* The test runs one state on one thread, so the stub keeps its count here. */
static int64_t stub_charged;     /* steps charged since the last budget() */
static int64_t stub_budget;      /* 0: no budget */
static int64_t stub_largest;     /* largest single charge */
static int64_t stub_charge_calls;

static int64_t stub_bad_charges;  /* charges of <= 0 or absurdly many steps */

void rubric_charge(lua_State *L, int64_t steps) {
    if (steps <= 0 || steps > ((int64_t)1 << 40)) {
        stub_bad_charges++;
        return;
    }
    stub_charged += steps;
    stub_charge_calls++;
    if (steps > stub_largest)
        stub_largest = steps;
    if (stub_budget > 0 && stub_charged > stub_budget)
        luaL_error(L, "step budget exhausted (%I steps charged, budget %I)",
                   (lua_Integer)stub_charged, (lua_Integer)stub_budget);
}

/* budget(n): sets the budget (0: none) and resets the counters. */
static int l_budget(lua_State *L) {
    stub_budget = luaL_checkinteger(L, 1);
    stub_charged = 0;
    stub_largest = 0;
    stub_charge_calls = 0;
    return 0;
}

/* charged(): steps charged since budget(), largest single charge, calls. */
static int l_charged(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)stub_charged);
    lua_pushinteger(L, (lua_Integer)stub_largest);
    lua_pushinteger(L, (lua_Integer)stub_charge_calls);
    return 3;
}

/* now(): monotonic seconds. */
static int l_now(lua_State *L) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec / 1e9);
    return 1;
}

static int traceback(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
    return 1;
}

/* Checks the registration contract: four functions, table left on top. */
static int check_registration(lua_State *L) {
    int top, count = 0, failures = 0;
    const char *names[] = {"find", "match", "gmatch", "gsub"};
    size_t i;
    lua_newtable(L);
    top = lua_gettop(L);
    rubric_open_patterns(L);
    if (lua_gettop(L) != top || !lua_istable(L, -1)) {
        printf("REGISTRATION FAILURE: rubric_open_patterns changed the stack\n");
        failures++;
    }
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (lua_getfield(L, -1, names[i]) != LUA_TFUNCTION) {
            printf("REGISTRATION FAILURE: '%s' is not a function\n", names[i]);
            failures++;
        }
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        count++;
        lua_pop(L, 1);
    }
    if (count != 4) {
        printf("REGISTRATION FAILURE: %d entries instead of 4\n", count);
        failures++;
    }
    lua_setglobal(L, "pat");
    return failures;
}

int main(int argc, char **argv) {
    const char *script = argc > 1 ? argv[1] : "Tests/PatternConformance/conformance.lua";
    long fuzz = argc > 2 ? strtol(argv[2], NULL, 10) : 500000;
    lua_State *L = luaL_newstate();
    int failures, status;
    lua_Integer cases, mismatches;
    if (L == NULL) {
        fprintf(stderr, "conformance: cannot create a Lua state\n");
        return 2;
    }
    luaL_openlibs(L);
    failures = check_registration(L);
    lua_register(L, "budget", l_budget);
    lua_register(L, "charged", l_charged);
    lua_register(L, "now", l_now);
    lua_pushinteger(L, fuzz);
    lua_setglobal(L, "FUZZ_ITERATIONS");

    lua_pushcfunction(L, traceback);
    if (luaL_loadfile(L, script) != LUA_OK) {
        fprintf(stderr, "conformance: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 2;
    }
    status = lua_pcall(L, 0, 2, 1);
    if (status != LUA_OK) {
        fprintf(stderr, "conformance: %s\n", lua_tostring(L, -1));
        lua_close(L);
        return 2;
    }
    cases = lua_tointeger(L, -2) + 1; /* + the registration check */
    mismatches = lua_tointeger(L, -1) + failures;
    if (stub_bad_charges > 0) {
        printf("BAD CHARGES: rubric_charge was called %lld times with a step count "
               "that is not positive or is absurdly large\n", (long long)stub_bad_charges);
        mismatches += stub_bad_charges;
    }
    lua_close(L);
    printf("conformance: %lld cases, %lld mismatches\n", (long long)cases,
           (long long)mismatches);
    return mismatches == 0 ? 0 : 1;
}
