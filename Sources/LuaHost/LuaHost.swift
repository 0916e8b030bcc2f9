// LuaHost: a sandboxed Lua 5.4 runtime for Swift. The only Swift module that
// imports the Lua C API.
//
// How the rule "no longjmp ever crosses a Swift frame" is kept:
// 1. Swift calls only Lua API functions that do not raise: raw access
//    (lua_rawgeti, lua_rawseti, lua_next on keys it got from lua_next), type
//    checks and conversions of values that are already of the right type
//    (lua_tolstring only on strings), lua_checkstack, lua_settop, the push
//    functions, and lua_pcall / luaL_loadbufferx, which catch errors in C.
//    It never calls lua_gettable, lua_setfield on script tables, lua_call,
//    lua_error or any luaL_check* function.
// 2. The push functions can raise only when memory runs out. The host lifts
//    the memory cap around everything it pushes or reads (as Wikimedia's
//    LuaSandbox does for its error strings), so the cap cannot make them
//    raise; a real out-of-memory while the cap is lifted aborts the process in
//    the C allocator instead of raising (CLuaSupport/rubric_runtime.c).
// 3. Swift-implemented functions are called by a C trampoline
//    (rubric_push_host_function). Swift reports an error by pushing a message
//    and returning -1; the trampoline raises it after Swift has returned.
// 4. Everything that raises by design (the sandboxed library, the hook, the
//    pattern matcher, the charges of library work against the budget and
//    the deadline) is C, reached only from Lua calls inside lua_pcall. The
//    watchdog thread that watches deadlines only sets a flag the charges
//    read; it never touches a lua_State.
// 5. Garbage collection during a push could run finalizers; scripts cannot
//    create any (setmetatable refuses __gc) and the host creates none.
//
// How a state's memory is run (CLuaSupport/rubric_runtime.c): its allocations
// come from an arena first and from malloc beyond it, on a list; the collector
// is stopped while the host sets the state up and restarted before a script
// first runs; and since a sandboxed state has no finalizers, closing it drops
// the arena and the list whole instead of freeing object by object
// (rubric_close). A state with an unsafe library is closed by lua_close.
//
// Tests for these rules, including under memory pressure, are in
// Tests/LuaHostTests/LongjmpSafetyTests.swift.
