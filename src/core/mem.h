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

/*
 * Map the pages of [p, p + size) now, in one system call, instead of one
 * page fault per page as they are first written: for a large array about
 * to be filled (a page fault costs microseconds, more in a virtual
 * machine).  A hint only: nothing happens where the kernel cannot.
 */
void mem_prefault(void *p, size_t size);

#endif
