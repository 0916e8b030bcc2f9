// The runtime half of the C support: counting allocator, hook, charging,
// sandbox violations, the trampoline for Swift functions, the message handler.
#define _POSIX_C_SOURCE 200809L
#include "CLuaSupport.h"

#include <lauxlib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Extra memory granted once a state is stopping, so that unwinding (error
   messages, tracebacks) can still allocate. Scripts cannot use it: every
   instruction raises once the state is stopping. */
#define STOP_SLACK (1u << 20)

int64_t rubric_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The arena: the first allocations of a state are bumped out of one block,
   and closing the state frees them all at once. A thread keeps one block for the next
   state it makes (states on a thread come one after another in the engine),
   so its pages stay mapped; a second state alive on the same thread gets a
   block of its own. Large enough for a fresh state, the sandbox, the
   evidence API, the shared Lua library and a typical rule's work. */
#define ARENA_SIZE (1u << 20)

static pthread_key_t arena_key;
static pthread_once_t arena_key_once = PTHREAD_ONCE_INIT;

static void make_arena_key(void) {
    /* A thread that ends frees the block it kept. */
    pthread_key_create(&arena_key, free);
}

static char *arena_acquire(void) {
    pthread_once(&arena_key_once, make_arena_key);
    char *arena = pthread_getspecific(arena_key);
    if (arena != NULL) {
        pthread_setspecific(arena_key, NULL);
        return arena;
    }
    return malloc(ARENA_SIZE);
}

static void arena_release(char *arena) {
    if (arena == NULL) return;
    pthread_once(&arena_key_once, make_arena_key);
    if (pthread_getspecific(arena_key) == NULL && pthread_setspecific(arena_key, arena) == 0) return;
    free(arena);
}

void rubric_control_init(rubric_control *c) {
    memset(c, 0, sizeof *c);
    c->hook_interval = 1000;
    c->may_finalize = 1; /* until the sandbox is open (rubric_open_sandbox) */
    c->log_limit = 1u << 20;
}

/* ---- blocks beyond the arena -------------------------------------------- */

/* What the arena cannot hold comes from malloc, each block behind a header
   that links it into its state's list: a state can then be dropped at once,
   without lua_close walking every object (rubric_close). The header keeps
   malloc's 16-byte alignment. */
typedef struct heap_block {
    struct heap_block *prev;
    struct heap_block *next;
} heap_block;
_Static_assert(sizeof(heap_block) % 16 == 0, "the header keeps blocks 16-byte aligned");

static void heap_link(rubric_control *c, heap_block *block) {
    block->prev = NULL;
    block->next = c->heap;
    if (c->heap != NULL) ((heap_block *)c->heap)->prev = block;
    c->heap = block;
}

static void heap_unlink(rubric_control *c, heap_block *block) {
    if (block->prev != NULL) block->prev->next = block->next;
    else c->heap = block->next;
    if (block->next != NULL) block->next->prev = block->prev;
}

static void *heap_alloc(rubric_control *c, size_t size) {
    if (size > SIZE_MAX - sizeof(heap_block)) return NULL;
    heap_block *block = malloc(sizeof(heap_block) + size);
    if (block == NULL) return NULL;
    heap_link(c, block);
    return block + 1;
}

static void *heap_realloc(rubric_control *c, void *ptr, size_t size) {
    if (size > SIZE_MAX - sizeof(heap_block)) return NULL;
    heap_block *block = (heap_block *)ptr - 1;
    heap_unlink(c, block);
    heap_block *moved = realloc(block, sizeof(heap_block) + size);
    if (moved == NULL) {
        heap_link(c, block); /* realloc failed: the old block is untouched */
        return NULL;
    }
    heap_link(c, moved);
    return moved + 1;
}

static void heap_free(rubric_control *c, void *ptr) {
    if (ptr == NULL) return;
    heap_block *block = (heap_block *)ptr - 1;
    heap_unlink(c, block);
    free(block);
}

static void heap_free_all(rubric_control *c) {
    heap_block *block = c->heap;
    while (block != NULL) {
        heap_block *next = block->next;
        free(block);
        block = next;
    }
    c->heap = NULL;
}

static void unwatch(rubric_control *c);

static void coverage_free(rubric_control *c);

void rubric_control_free(rubric_control *c) {
    unwatch(c);
    coverage_free(c);
    heap_free_all(c);
    arena_release(c->arena);
    c->arena = NULL;
    c->arena_used = c->arena_size = 0;
    free(c->log);
    c->log = NULL;
    c->log_length = c->log_capacity = 0;
}

static void stop_with(rubric_control *c, rubric_stop_reason reason) {
    if (c->stop != RUBRIC_STOP_NONE) return;
    c->stop = reason;
    /* Leave room for the unwinding; scripts cannot run to use it. */
    if (c->memory_limit != 0) {
        size_t base = c->memory_used > c->memory_limit ? c->memory_used : c->memory_limit;
        c->memory_limit = base + STOP_SLACK;
    }
}

#define ARENA_ALIGN 16u

static int in_arena(const rubric_control *c, const void *ptr) {
    return c->arena != NULL && (const char *)ptr >= c->arena && (const char *)ptr < c->arena + c->arena_size;
}

/* `size` bytes from the arena, or NULL when it has no room left. */
static void *arena_take(rubric_control *c, size_t size) {
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (c->arena == NULL || rounded < size || c->arena_size - c->arena_used < rounded) return NULL;
    void *block = c->arena + c->arena_used;
    c->arena_used += rounded;
    return block;
}

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    rubric_control *c = (rubric_control *)ud;
    /* When ptr is NULL, osize encodes the kind of object, not a size. */
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        if (!in_arena(c, ptr)) heap_free(c, ptr);
        c->memory_used -= old;
        return NULL;
    }
    if (nsize > old && c->memory_limit != 0 && c->memory_lifted == 0) {
        size_t grow = nsize - old;
        if (c->memory_used + grow > c->memory_limit || c->memory_used + grow < c->memory_used) {
            stop_with(c, RUBRIC_STOP_MEMORY);
            return NULL;
        }
    }
    void *block;
    if (ptr == NULL) {
        block = arena_take(c, nsize);
        if (block == NULL) block = heap_alloc(c, nsize);
    } else if (in_arena(c, ptr)) {
        if (nsize <= old) {
            block = ptr; /* shrinking in place never fails */
        } else {
            block = arena_take(c, nsize);
            if (block == NULL) block = heap_alloc(c, nsize);
            if (block != NULL) memcpy(block, ptr, old);
        }
    } else {
        block = heap_realloc(c, ptr, nsize);
    }
    if (block == NULL) {
        /* The host lifts the cap while Swift code pushes values; a real
           out-of-memory there must not raise through a Swift frame. */
        if (c->memory_lifted > 0) abort();
        stop_with(c, RUBRIC_STOP_MEMORY);
        return NULL;
    }
    c->memory_used = c->memory_used - old + nsize;
    if (c->memory_used > c->memory_peak) c->memory_peak = c->memory_used;
    return block;
}

lua_State *rubric_newstate(rubric_control *control) {
    if (control->arena == NULL) {
        control->arena = arena_acquire();
        control->arena_size = control->arena ? ARENA_SIZE : 0;
        control->arena_used = 0;
    }
    return lua_newstate(counting_alloc, control);
}

void rubric_close(lua_State *L) {
    rubric_control *c = rubric_control_of(L);
    unwatch(c);
    if (c->may_finalize) {
        lua_close(L);
        return;
    }
    /* Every byte of the state is in the arena or in the heap list, and no
       object has a finalizer that does more than free memory of this
       allocator (luaL_Buffer's boxes): dropping the memory is all lua_close
       would do. rubric_control_free frees it. */
    heap_free_all(c);
    c->arena_used = 0;
    c->memory_used = 0;
}

void rubric_pause_collector(lua_State *L) { lua_gc(L, LUA_GCSTOP); }
void rubric_resume_collector(lua_State *L) { lua_gc(L, LUA_GCRESTART); }

rubric_control *rubric_control_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (rubric_control *)ud;
}

void rubric_lift_memory_cap(lua_State *L) { rubric_control_of(L)->memory_lifted++; }
void rubric_restore_memory_cap(lua_State *L) { rubric_control_of(L)->memory_lifted--; }

static const char *stop_message(const rubric_control *c) {
    switch (c->stop) {
    case RUBRIC_STOP_INSTRUCTIONS: return "instruction budget exceeded";
    case RUBRIC_STOP_MEMORY: return "memory limit exceeded";
    case RUBRIC_STOP_TIMEOUT: return "wall-clock timeout";
    case RUBRIC_STOP_VIOLATION: return "sandbox violation";
    case RUBRIC_STOP_NONE: break;
    }
    return "stopped";
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* Raises the stop error and makes the hook fire at every instruction of this
   thread, so that whatever catches the error cannot run on. `level` is the
   stack level whose position prefixes the message: 0 in the hook (the
   running Lua function), 1 in C functions (their Lua caller). */
static int raise_stop(lua_State *L, rubric_control *c, int level) {
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    luaL_where(L, level);
    if (c->stop == RUBRIC_STOP_VIOLATION)
        lua_pushfstring(L, "sandbox violation: %s", c->violation);
    else
        lua_pushstring(L, stop_message(c));
    lua_concat(L, 2);
    return lua_error(L);
}

/* ---- the watchdog ------------------------------------------------------- */

/* The count hook reads the clock every hook_interval instructions, but C code
   runs no instructions: a long sort or match would only see the deadline if
   every charge read the clock. Instead one thread, shared by every state of
   the process, sleeps until the earliest deadline of the states registered
   with it and then sets their deadline_passed flag; rubric_charge reads the
   flag, which costs nothing. The watchdog touches only the control blocks on
   its list, under its lock, never a lua_State: lua_sethook from another thread
   would walk the state's call stack while the state runs.

   Registering is a lock, a link and, only when the new deadline comes before
   the watchdog's next wake-up, a signal: while idle the watchdog wakes once a
   second, so states with the usual deadlines of seconds never signal it. */
#define WATCH_IDLE_NS 1000000000LL

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_wake;
static rubric_control *watch_list;
static int64_t watch_next_wake;   /* when the watchdog wakes up next */
static int watch_running;         /* 1 once the thread runs, -1 if it cannot start */

static struct timespec timespec_of(int64_t ns) {
    struct timespec ts = {(time_t)(ns / 1000000000), (long)(ns % 1000000000)};
    return ts;
}

static void *watchdog_main(void *unused) {
    (void)unused;
    pthread_mutex_lock(&watch_lock);
    for (;;) {
        int64_t now = rubric_now_ns();
        int64_t next = now + WATCH_IDLE_NS;
        for (rubric_control *c = watch_list; c != NULL; c = c->watch_next) {
            if (__atomic_load_n(&c->deadline_passed, __ATOMIC_RELAXED)) continue;
            if (c->deadline_ns <= now)
                __atomic_store_n(&c->deadline_passed, 1, __ATOMIC_RELAXED);
            else if (c->deadline_ns < next)
                next = c->deadline_ns;
        }
        watch_next_wake = next;
        struct timespec until = timespec_of(next);
        pthread_cond_timedwait(&watch_wake, &watch_lock, &until);
    }
    return NULL;
}

/* Starts the watchdog thread; called with watch_lock held. */
static void watchdog_start(void) {
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&watch_wake, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_t thread;
    pthread_attr_t thread_attributes;
    pthread_attr_init(&thread_attributes);
    pthread_attr_setdetachstate(&thread_attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&thread_attributes, 64 * 1024);
    watch_running = pthread_create(&thread, &thread_attributes, watchdog_main, NULL) == 0 ? 1 : -1;
    pthread_attr_destroy(&thread_attributes);
}

static void watch(rubric_control *c) {
    if (c->watched || c->deadline_ns == 0) return;
    pthread_mutex_lock(&watch_lock);
    if (watch_running == 0) watchdog_start();
    if (watch_running == 1) {
        c->watch_previous = NULL;
        c->watch_next = watch_list;
        if (watch_list != NULL) watch_list->watch_previous = c;
        watch_list = c;
        c->watched = 1;
        if (c->deadline_ns < watch_next_wake) pthread_cond_signal(&watch_wake);
    }
    pthread_mutex_unlock(&watch_lock);
}

static void unwatch(rubric_control *c) {
    if (!c->watched) return;
    pthread_mutex_lock(&watch_lock);
    rubric_control *previous = c->watch_previous, *next = c->watch_next;
    if (previous != NULL) previous->watch_next = next;
    else watch_list = next;
    if (next != NULL) next->watch_previous = previous;
    c->watch_previous = c->watch_next = NULL;
    c->watched = 0;
    pthread_mutex_unlock(&watch_lock);
}

/* Whether the deadline has passed. The flag is the watchdog's; the clock is
   read by the hook (every hook_interval instructions) and, when no watchdog
   runs, by every charge. */
static int past_deadline(rubric_control *c, int read_clock) {
    if (c->deadline_ns == 0) return 0;
    if (__atomic_load_n(&c->deadline_passed, __ATOMIC_RELAXED)) return 1;
    if (!read_clock && c->watched) return 0;
    return rubric_now_ns() > c->deadline_ns;
}

/* Checks the budget and the deadline after `steps` more units of work. */
static void account(lua_State *L, rubric_control *c, int64_t steps, int level, int read_clock) {
    if (c->stop == RUBRIC_STOP_NONE) {
        c->instructions_used += steps;
        if (c->instruction_budget != 0 && c->instructions_used > c->instruction_budget)
            stop_with(c, RUBRIC_STOP_INSTRUCTIONS);
        else if (past_deadline(c, read_clock))
            stop_with(c, RUBRIC_STOP_TIMEOUT);
    }
    if (c->stop != RUBRIC_STOP_NONE) raise_stop(L, c, level);
}

static void coverage_record(lua_State *L, rubric_control *c, lua_Debug *ar);

static void count_hook(lua_State *L, lua_Debug *ar) {
    rubric_control *c = rubric_control_of(L);
    if (ar->event == LUA_HOOKLINE) {
        coverage_record(L, c, ar);
        return;
    }
    /* After a stop the hook runs at every instruction; before, every interval. */
    account(L, c, c->stop == RUBRIC_STOP_NONE ? c->hook_interval : 0, 0, 1);
}

void rubric_install_hook(lua_State *L) {
    rubric_control *c = rubric_control_of(L);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, c->hook_interval);
    watch(c);
}

/* ---- Line coverage ---------------------------------------------------------- */

/* An open-addressing set of (source, line); a source is the chunk's source
   string, whose address is stable while the state is open, so pairs are
   compared by address. Allocated with malloc, outside the state's memory
   limit: coverage is a measurement of the host's, not the rule's. */
typedef struct coverage_entry {
    const char *source;
    int line;
} coverage_entry;

typedef struct coverage_set {
    coverage_entry *slots;   /* capacity slots, a power of two; source NULL: free */
    size_t capacity;
    size_t count;
    coverage_entry *order;   /* the pairs in the order first seen */
    int failed;              /* 1 after an allocation failed: nothing more is recorded */
} coverage_set;

static size_t coverage_hash(const char *source, int line) {
    uintptr_t h = (uintptr_t)source ^ ((uintptr_t)(unsigned)line * 0x9E3779B97F4A7C15u);
    h ^= h >> 29;
    return (size_t)h;
}

static int coverage_grow(coverage_set *set) {
    size_t capacity = set->capacity ? set->capacity * 2 : 1024;
    coverage_entry *slots = calloc(capacity, sizeof(coverage_entry));
    coverage_entry *order = realloc(set->order, capacity / 2 * sizeof(coverage_entry));
    if (slots == NULL || order == NULL) {
        free(slots);
        if (order != NULL) set->order = order;
        return 0;
    }
    set->order = order;
    for (size_t i = 0; i < set->count; i++) {
        size_t j = coverage_hash(order[i].source, order[i].line) & (capacity - 1);
        while (slots[j].source != NULL) j = (j + 1) & (capacity - 1);
        slots[j] = order[i];
    }
    free(set->slots);
    set->slots = slots;
    set->capacity = capacity;
    return 1;
}

static void coverage_record(lua_State *L, rubric_control *c, lua_Debug *ar) {
    coverage_set *set = c->coverage;
    if (set == NULL || set->failed) return;
    if (!lua_getinfo(L, "S", ar) || ar->source == NULL) return;
    if (set->count + 1 > set->capacity / 2 && !coverage_grow(set)) {
        set->failed = 1;
        return;
    }
    size_t j = coverage_hash(ar->source, ar->currentline) & (set->capacity - 1);
    while (set->slots[j].source != NULL) {
        if (set->slots[j].source == ar->source && set->slots[j].line == ar->currentline) return;
        j = (j + 1) & (set->capacity - 1);
    }
    coverage_entry entry = {ar->source, ar->currentline};
    set->slots[j] = entry;
    set->order[set->count++] = entry;
}

static void coverage_free(rubric_control *c) {
    coverage_set *set = c->coverage;
    if (set == NULL) return;
    free(set->slots);
    free(set->order);
    free(set);
    c->coverage = NULL;
}

void rubric_enable_coverage(lua_State *L) {
    rubric_control *c = rubric_control_of(L);
    if (c->coverage == NULL) c->coverage = calloc(1, sizeof(coverage_set));
    if (c->coverage == NULL) return;
    lua_sethook(L, count_hook, LUA_MASKCOUNT | LUA_MASKLINE, c->hook_interval);
}

size_t rubric_coverage_count(lua_State *L) {
    coverage_set *set = rubric_control_of(L)->coverage;
    return set == NULL ? 0 : set->count;
}

const char *rubric_coverage_entry(lua_State *L, size_t index, int *line) {
    coverage_set *set = rubric_control_of(L)->coverage;
    if (set == NULL || index >= set->count) return NULL;
    *line = set->order[index].line;
    return set->order[index].source;
}

void rubric_charge(lua_State *L, int64_t steps) {
    account(L, rubric_control_of(L), steps, 1, 0);
}

int rubric_charge_host(lua_State *L, int64_t steps) {
    rubric_control *c = rubric_control_of(L);
    if (c->stop == RUBRIC_STOP_NONE) {
        c->instructions_used += steps;
        if (c->instruction_budget != 0 && c->instructions_used > c->instruction_budget)
            stop_with(c, RUBRIC_STOP_INSTRUCTIONS);
        else if (past_deadline(c, 0))
            stop_with(c, RUBRIC_STOP_TIMEOUT);
    }
    return c->stop != RUBRIC_STOP_NONE;
}

int rubric_violation(lua_State *L, const char *attempted) {
    rubric_control *c = rubric_control_of(L);
    if (c->stop == RUBRIC_STOP_NONE) {
        strncpy(c->violation, attempted, sizeof c->violation - 1);
        c->violation[sizeof c->violation - 1] = '\0';
        stop_with(c, RUBRIC_STOP_VIOLATION);
    }
    return raise_stop(L, c, 1);
}

/* ---- Swift functions ---------------------------------------------------- */

static int trampoline(lua_State *L) {
    rubric_control *c = rubric_control_of(L);
    void *context = lua_touserdata(L, lua_upvalueindex(1));
    c->memory_lifted++;
    int results = c->dispatch(L, context);
    c->memory_lifted--;
    /* A host function that charged its work (rubric_charge_host) past the
       budget or the deadline: raise the stop error, now that Swift has returned. */
    if (c->stop != RUBRIC_STOP_NONE) return raise_stop(L, c, 1);
    if (results < 0) {
        /* Swift has returned: raising is safe now. Prefix the caller's position
           the way luaL_error does. */
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    return results;
}

void rubric_push_host_function(lua_State *L, void *context) {
    lua_pushlightuserdata(L, context);
    lua_pushcclosure(L, trampoline, 1);
}

/* ---- Errors ------------------------------------------------------------- */

int rubric_message_handler(lua_State *L) {
    const char *message = lua_tostring(L, 1);
    if (message == NULL) {
        /* A table, userdata or other value: use __tostring when it gives a
           string, otherwise describe the value. */
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
            message = lua_tostring(L, -1);
        } else {
            message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
        }
    }
    luaL_traceback(L, L, NULL, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, RUBRIC_TRACEBACK_KEY);
    lua_pushstring(L, message);
    return 1;
}

int rubric_load_text(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return luaL_loadbufferx(L, buffer, size, chunkname, "t");
}

int rubric_load_compiled(lua_State *L, const char *buffer, size_t size, const char *chunkname) {
    return luaL_loadbufferx(L, buffer, size, chunkname, "b");
}

/* ---- compiling once --------------------------------------------------------- */

typedef struct dump_buffer {
    char *bytes;
    size_t length;
    size_t capacity;
    int failed;
} dump_buffer;

static int dump_writer(lua_State *L, const void *p, size_t size, void *ud) {
    (void)L;
    dump_buffer *b = ud;
    if (b->failed) return 1;
    if (b->length + size > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + size) capacity *= 2;
        char *grown = realloc(b->bytes, capacity);
        if (grown == NULL) { b->failed = 1; return 1; }
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, p, size);
    b->length += size;
    return 0;
}

typedef struct compile_job {
    const char *buffer;
    size_t size;
    const char *chunkname;
    int loaded;
    dump_buffer out;
} compile_job;

/* A lua_CFunction: compiles and dumps the job given as light userdata. */
static int compile_protected(lua_State *L) {
    compile_job *job = lua_touserdata(L, 1);
    if (luaL_loadbufferx(L, job->buffer, job->size, job->chunkname, "t") != LUA_OK) return 0;
    job->loaded = 1;
    if (lua_dump(L, dump_writer, &job->out, 0) != 0) job->out.failed = 1;
    return 0;
}

int rubric_compile(const char *buffer, size_t size, const char *chunkname, char **out, size_t *length) {
    *out = NULL;
    *length = 0;
    lua_State *L = luaL_newstate();
    if (L == NULL) return 0;
    compile_job job = {buffer, size, chunkname, 0, {NULL, 0, 0, 0}};
    /* Everything that could raise runs inside lua_pcall; pushing a light C
       function and a light userdata does not allocate. */
    lua_pushcfunction(L, compile_protected);
    lua_pushlightuserdata(L, &job);
    int ok = lua_pcall(L, 1, 0, 0) == LUA_OK && job.loaded && !job.out.failed;
    lua_close(L);
    if (!ok) {
        free(job.out.bytes);
        return 0;
    }
    *out = job.out.bytes;
    *length = job.out.length;
    return 1;
}
