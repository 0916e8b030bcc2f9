// C support for the Lua host: everything that must run in C because it may
// raise Lua errors (longjmp) or must run where Lua hooks never fire.
//
// The rules this file keeps (see also LuaHost/LuaState.swift):
// - Every function here that can raise a Lua error is a lua_CFunction called by
//   Lua itself, or is documented as "raises"; Swift never calls those outside
//   a protected call.
// - Swift-implemented functions are reached only through rubric_push_host_function:
//   the C trampoline calls Swift, and raises the error Swift reports only after
//   Swift has returned.
#ifndef RUBRIC_CLUA_SUPPORT_H
#define RUBRIC_CLUA_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Why an evaluation is being stopped. Once set, it never goes back to NONE:
/// the hook raises again at every instruction, so no pcall can swallow it.
typedef enum rubric_stop_reason {
    RUBRIC_STOP_NONE = 0,
    RUBRIC_STOP_INSTRUCTIONS = 1,
    RUBRIC_STOP_MEMORY = 2,
    RUBRIC_STOP_TIMEOUT = 3,
    RUBRIC_STOP_VIOLATION = 4,
} rubric_stop_reason;

/// Called by the trampoline with the Lua state and the context registered with
/// the function. Returns the number of results it pushed (>= 0), or -1 after
/// pushing an error message (a string) that the trampoline raises.
typedef int (*rubric_host_dispatch)(lua_State *L, void *context);

/// Looks a module up for `require`. Returns 1 and sets source, length and
/// chunk name (pointers that stay valid while the state lives) when found, 0
/// when there is no such module. `binary` is set to 1 when the source is a
/// chunk the host compiled itself (rubric_compile), 0 for text. Must not call
/// the Lua API.
typedef int (*rubric_module_lookup)(void *context, const char *name,
                                    const char **source, size_t *length,
                                    const char **chunkname, int *binary);

/// Everything a state needs beyond lua_State: limits, counters and the log.
/// Owned by the Swift state owner; the allocator's userdata.
typedef struct rubric_control {
    /* memory */
    size_t memory_used;
    size_t memory_peak;
    size_t memory_limit;     /* 0: no limit */
    int memory_lifted;       /* > 0 while the host pushes values: no limit */
    /* instructions */
    int64_t instructions_used;
    int64_t instruction_budget; /* 0: no budget */
    int hook_interval;
    /* wall clock (CLOCK_MONOTONIC, nanoseconds); 0: no deadline */
    int64_t deadline_ns;
    /* Set to 1 by the watchdog thread once deadline_ns has passed (read and
       written with atomic builtins only), so that charges made from C check
       the deadline without reading the clock. */
    volatile int deadline_passed;
    /* The watchdog's list of states with a deadline (rubric_runtime.c). */
    void *watch_previous;
    void *watch_next;
    int watched;
    /* stopping */
    rubric_stop_reason stop;
    char violation[256];
    /* captured print/warn output */
    char *log;
    size_t log_length;
    size_t log_capacity;
    size_t log_limit;
    int log_truncated;
    int warn_continued;
    /* the host */
    rubric_host_dispatch dispatch;
    rubric_module_lookup module_lookup;
    void *module_context;
    lua_Integer random_seed;
    void *host; /* the Swift owner of the state */
    /* A block the allocator hands out first, bump by bump: most of what
       setting a state up allocates comes from it, and it is freed at once
       (rubric_control_free). Freed pieces are not reused; the counters above
       count every byte as usual. */
    char *arena;
    size_t arena_used;
    size_t arena_size;
    /* The blocks that did not fit in the arena, linked (see rubric_close). */
    void *heap;
    /* 1 when an object of the state may have a finalizer (an unsafe library
       is open, or the sandbox is not open yet): rubric_close then runs
       lua_close. */
    int may_finalize;
    /* Line coverage (rubric_enable_coverage), NULL when off: the lines the
       line hook saw, by chunk source. */
    void *coverage;
} rubric_control;

/// Sets the fields of a fresh control block to their defaults.
void rubric_control_init(rubric_control *control);
/// Frees what the control block owns (the log, the arena, the heap list).
/// Call after rubric_close (or when rubric_newstate failed).
void rubric_control_free(rubric_control *control);

/// Creates a state whose allocator counts into `control`. NULL when out of memory.
lua_State *rubric_newstate(rubric_control *control);

/// Closes a state made by rubric_newstate. A sandboxed state, where no object
/// can have a finalizer (setmetatable refuses __gc; the host makes none), is
/// dropped whole: its memory is the arena and the heap list, which
/// rubric_control_free then frees, so it is not walked object by object as
/// lua_close does. Any other state is closed with lua_close. No Lua code runs
/// on the state afterwards: the host must be done with it. Does not raise.
void rubric_close(lua_State *L);

/// Stops and restarts the garbage collector (lua_gc LUA_GCSTOP and
/// LUA_GCRESTART). The host stops it while it sets a fresh state up, when
/// everything it makes stays alive, and restarts it before the first script
/// runs. Do not raise.
void rubric_pause_collector(lua_State *L);
void rubric_resume_collector(lua_State *L);
/// The control block of a state made by rubric_newstate.
rubric_control *rubric_control_of(lua_State *L);

/// A lua_CFunction (call it with lua_pcall) that opens the sandboxed libraries
/// into the state's globals. Bit flags in its integer argument ask for the
/// unsafe libraries (RUBRIC_UNSAFE_*); 0 is the sandbox.
int rubric_open_sandbox(lua_State *L);

/// The name of the `index`th library the sandbox opens the first time a script
/// reads it (utf8, coroutine), or NULL past the last: such a global is defined
/// though `pairs(_G)` does not list it until it is read.
const char *rubric_sandbox_lazy_library(size_t index);
#define RUBRIC_UNSAFE_OS 1
#define RUBRIC_UNSAFE_IO 2
#define RUBRIC_UNSAFE_DEBUG 4

/// Installs the count hook (budget, deadline, stops) on a thread, and, when
/// the state has a deadline, registers it with the watchdog: one thread shared
/// by every state of the process, which marks a state whose deadline has passed
/// (deadline_passed) so that work charged from C code stops at its next charge.
/// rubric_close unregisters it. Does not raise.
void rubric_install_hook(lua_State *L);

/// Turns on line coverage for the state: the hook also fires at every new
/// line and records (chunk source, line) once each. Only `rubric test
/// --coverage` uses it; it costs a call per line run.
void rubric_enable_coverage(lua_State *L);

/// The number of (source, line) pairs recorded so far.
size_t rubric_coverage_count(lua_State *L);

/// The `index`th pair: the chunk's source (`@rules/1.1.lua`, valid while the
/// state is open) and its line in `*line`.
const char *rubric_coverage_entry(lua_State *L, size_t index, int *line);

/// A message handler for lua_pcall: turns any error object into a string and
/// stores a traceback in the registry under RUBRIC_TRACEBACK_KEY.
int rubric_message_handler(lua_State *L);
#define RUBRIC_TRACEBACK_KEY "rubric.traceback"

/// Loads a text chunk (binary chunks are refused). Does not raise.
int rubric_load_text(lua_State *L, const char *buffer, size_t size, const char *chunkname);

/// Compiles a text chunk in a private state of its own and dumps it (not
/// stripped, so line numbers, local names and the chunk name stay for error
/// messages and tracebacks). Returns 1 and sets *out (free it with free())
/// and *length; 0 when the chunk does not compile or memory runs out. Does not
/// raise.
int rubric_compile(const char *buffer, size_t size, const char *chunkname, char **out, size_t *length);

/// Loads a binary chunk made by rubric_compile in this process (never one
/// from anywhere else: binary chunks are not checked by Lua). Does not raise.
int rubric_load_compiled(lua_State *L, const char *buffer, size_t size, const char *chunkname);

/// Pushes a C closure that calls control->dispatch with `context`.
/// Does not raise as long as memory is available (the host lifts the cap).
void rubric_push_host_function(lua_State *L, void *context);

/// Lifting the memory cap while the host pushes values: never fails for the cap.
void rubric_lift_memory_cap(lua_State *L);
void rubric_restore_memory_cap(lua_State *L);

/// Charges `steps` units of work done in C (pattern matching, sorting, moving
/// table elements, building strings) to the instruction budget and checks the
/// deadline. Raises when the budget is spent, the deadline passed or the state
/// is stopping; otherwise returns with the stack as it was.
void rubric_charge(lua_State *L, int64_t steps);

/// Charges `steps` units of work done by a Swift host function, as rubric_charge
/// does, but never raises: returns 1 when the state is stopping (budget spent,
/// deadline passed), 0 otherwise. The host function then returns an error and
/// the trampoline raises the stop error once Swift has returned.
int rubric_charge_host(lua_State *L, int64_t steps);

/// Bytes that C code may copy or scan for one unit of the budget (the cost of
/// one Lua instruction, roughly).
#define RUBRIC_BYTES_PER_STEP 16

/// Records a sandbox violation (what was attempted) and raises it. Never returns.
int rubric_violation(lua_State *L, const char *attempted);

/// Registers find, match, gmatch and gsub (a pattern matcher with a step
/// budget, exact Lua 5.4 semantics) into the table on top of the stack.
void rubric_open_patterns(lua_State *L);

/// Monotonic clock in nanoseconds.
int64_t rubric_now_ns(void);

#ifdef __cplusplus
}
#endif
#endif
