/*
 * arena.h - a region allocator: many small allocations, one free.
 *
 * Each HTTP request owns one arena; everything the request needs (decoded
 * path, parameters, SQL text, response text) is allocated from it and
 * released together when the request completes.  Not thread-safe: an arena
 * belongs to one thread at a time.
 */
#ifndef LIANXIN_CORE_ARENA_H
#define LIANXIN_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
/* An arena for a large amount of data kept together (an import's rows):
 * its blocks double in size up to 4 MiB, and each block's pages are mapped
 * when it is taken (mem_prefault) instead of faulting in one at a time. */
struct arena *arena_new_bulk(void);
void arena_free(struct arena *a);
/* Forget every allocation but keep the first block for reuse. */
void arena_reset(struct arena *a);

void *arena_alloc(struct arena *a, size_t size);   /* 16-byte aligned */
void *arena_zalloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Total bytes handed out since creation or the last reset. */
size_t arena_used(const struct arena *a);

#endif
