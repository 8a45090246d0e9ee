// Naming the threads that run Lua.
//
// In C because pthread_setname_np is a GNU extension that Swift's Glibc module does
// not import; Foundation's Thread.name, set before start(), races with the thread's
// start on Linux and is sometimes lost.

#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include "CLuaShim.h"

void carnet_name_current_thread(const char *name) {
    char truncated[16];  // Linux keeps 15 bytes
    strncpy(truncated, name, sizeof truncated - 1);
    truncated[sizeof truncated - 1] = '\0';
#if defined(__APPLE__)
    pthread_setname_np(truncated);
#else
    pthread_setname_np(pthread_self(), truncated);
#endif
}
