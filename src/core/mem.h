/*
 * mem.h - allocation wrappers that never return NULL.
 *
 * lianxin is a server: running out of memory is not a condition it can
 * report to a client, so these abort with a message instead.  Every other
 * module allocates through them (or through an arena, see arena.h).
 */
#ifndef LIANXIN_CORE_MEM_H
#define LIANXIN_CORE_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
