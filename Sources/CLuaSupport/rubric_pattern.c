/* TEMPORARY placeholder until the budgeted matcher lands: keeps stock functions. */
#include "CLuaSupport.h"
void rubric_open_patterns(lua_State *L) { (void)L; }
