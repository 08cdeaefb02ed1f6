/* arena.c - region allocator built from a chain of malloc'd blocks. */
#include "core/arena.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#define ARENA_BLOCK 8192
#define ARENA_BULK_MAX (4 << 20)   /* the largest block of a bulk arena */
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t size;
	size_t used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena {
	struct block *head;   /* current block; older blocks follow */
	size_t total;
	size_t block;         /* the size of the next block */
	bool bulk;            /* blocks grow to ARENA_BULK_MAX and are prefaulted */
};

static struct block *block_new(size_t size, bool prefault)
{
	struct block *b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	if (prefault)
		mem_prefault(b->data, size);
	return b;
}

static struct arena *arena_make(bool bulk)
{
	struct arena *a = xmalloc(sizeof(*a));
	a->head = block_new(ARENA_BLOCK, false);
	a->total = 0;
	a->block = ARENA_BLOCK;
	a->bulk = bulk;
	return a;
}

struct arena *arena_new(void)
{
	return arena_make(false);
}

struct arena *arena_new_bulk(void)
{
	return arena_make(true);
}

static void free_chain(struct block *b)
{
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
}

void arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	free_chain(a->head);
	free(a);
}

void arena_reset(struct arena *a)
{
	struct block *b = a->head;
	/* keep the oldest block (the first allocated, of standard size) */
	while (b->next) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	if (b->size != ARENA_BLOCK) {
		free(b);
		b = block_new(ARENA_BLOCK, false);
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
	a->block = ARENA_BLOCK;
}

void *arena_alloc(struct arena *a, size_t size)
{
	if (size > SIZE_MAX / 2) {
		fprintf(stderr, "lianxin: arena allocation of %zu bytes refused\n", size);
		abort();
	}
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	struct block *b = a->head;
	if (b->size - b->used < need) {
		size_t bsize = need > a->block / 2 ? need : a->block;
		struct block *nb = block_new(bsize, a->bulk);
		if (bsize == need) {
			/* a large allocation: keep filling the current block */
			nb->next = b->next;
			b->next = nb;
			nb->used = need;
			a->total += need;
			return nb->data;
		}
		nb->next = b;
		a->head = b = nb;
		if (a->bulk && a->block < ARENA_BULK_MAX)
			a->block *= 2;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *arena_zalloc(struct arena *a, size_t size)
{
	void *p = arena_alloc(a, size);
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, SIZE_MAX) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
