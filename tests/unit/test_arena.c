/* test_arena.c - the region allocator. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/arena.h"

static void test_many_small_allocations(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	enum { N = 5000 };
	unsigned char *ptrs[N];
	for (int i = 0; i < N; i++) {
		size_t size = (size_t)(i % 37) + 1;
		ptrs[i] = arena_alloc(a, size);
		assert_non_null(ptrs[i]);
		memset(ptrs[i], i & 0xff, size);
	}
	/* nothing overlapped: every allocation still holds its own byte */
	for (int i = 0; i < N; i++) {
		size_t size = (size_t)(i % 37) + 1;
		for (size_t k = 0; k < size; k++)
			assert_int_equal(ptrs[i][k], i & 0xff);
	}
	arena_free(a);
}

static void test_alignment(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (size_t size = 1; size < 200; size++) {
		void *p = arena_alloc(a, size);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	/* also for large ones and after crossing blocks */
	for (int i = 0; i < 20; i++) {
		void *p = arena_alloc(a, 3000 + (size_t)i);
		assert_int_equal((uintptr_t)p % 16, 0);
		void *q = arena_alloc(a, 20000);
		assert_int_equal((uintptr_t)q % 16, 0);
	}
	arena_free(a);
}

static void test_used_counts_rounded_sizes(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_int_equal(arena_used(a), 0);
	arena_alloc(a, 1);
	assert_int_equal(arena_used(a), 16);
	arena_alloc(a, 16);
	assert_int_equal(arena_used(a), 32);
	arena_alloc(a, 17);
	assert_int_equal(arena_used(a), 64);
	arena_alloc(a, 100000);
	assert_int_equal(arena_used(a), 64 + 100000);
	arena_free(a);
}

static void test_large_allocations(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *small1 = arena_strdup(a, "before");
	size_t big = 1 << 20;   /* far larger than a block */
	unsigned char *p = arena_alloc(a, big);
	memset(p, 0xAB, big);
	char *small2 = arena_strdup(a, "after");
	unsigned char *q = arena_zalloc(a, big + 1);
	for (size_t i = 0; i < big + 1; i++)
		if (q[i] != 0)
			fail_msg("zalloc byte %zu is %d", i, q[i]);
	for (size_t i = 0; i < big; i++)
		if (p[i] != 0xAB)
			fail_msg("large block byte %zu overwritten", i);
	assert_string_equal(small1, "before");
	assert_string_equal(small2, "after");
	/* a block-sized allocation that is more than half a block */
	unsigned char *r = arena_alloc(a, 5000);
	memset(r, 1, 5000);
	assert_string_equal(small2, "after");
	assert_true(arena_used(a) >= big + big + 1 + 5000);
	arena_free(a);
}

static void test_strings(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *src = "联心 lianxin";
	char *d = arena_strdup(a, src);
	assert_ptr_not_equal(d, src);
	assert_string_equal(d, src);
	assert_null(arena_strdup(a, NULL));
	assert_string_equal(arena_strndup(a, "abcdef", 3), "abc");
	assert_string_equal(arena_strndup(a, "ab", 10), "ab");
	assert_string_equal(arena_strndup(a, "", 0), "");
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	/* printf longer than a block */
	char long_src[20000];
	memset(long_src, 'z', sizeof(long_src) - 1);
	long_src[sizeof(long_src) - 1] = '\0';
	char *lp = arena_printf(a, "[%s]", long_src);
	assert_int_equal(strlen(lp), sizeof(long_src) + 1);
	assert_int_equal(lp[0], '[');
	assert_int_equal(lp[sizeof(long_src)], ']');
	assert_int_equal(lp[1], 'z');
	arena_free(a);
}

static void test_reset_and_reuse(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 1000; i++)
			arena_printf(a, "round %d item %d", round, i);
		arena_alloc(a, 50000);
		assert_true(arena_used(a) > 50000);
		arena_reset(a);
		assert_int_equal(arena_used(a), 0);
		char *s = arena_strdup(a, "fresh");
		assert_string_equal(s, "fresh");
		assert_int_equal(arena_used(a), 16);
		assert_int_equal((uintptr_t)s % 16, 0);
		arena_reset(a);
	}
	/* a reset arena whose only block was a large one still works */
	struct arena *b = arena_new();
	arena_alloc(b, 9000);
	arena_reset(b);
	char *t = arena_strdup(b, "ok");
	assert_string_equal(t, "ok");
	arena_free(b);
	arena_free(a);
	arena_free(NULL);   /* harmless */
}

/* A bulk arena: blocks that grow, every allocation intact and aligned, a reset that starts over. */
static void test_bulk(void **state)
{
	(void)state;
	struct arena *a = arena_new_bulk();
	enum { N = 200000 };
	unsigned char **ptrs = calloc(N, sizeof(*ptrs));
	for (int i = 0; i < N; i++) {
		size_t size = (size_t)(i % 97) + 1;
		ptrs[i] = arena_alloc(a, size);
		assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
		memset(ptrs[i], i & 0xff, size);
	}
	unsigned char *big = arena_alloc(a, 9 << 20);   /* beyond the largest block */
	memset(big, 0xCD, 9 << 20);
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < (size_t)(i % 97) + 1; k++)
			if (ptrs[i][k] != (i & 0xff))
				fail_msg("allocation %d byte %zu overwritten", i, k);
	free(ptrs);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	assert_string_equal(arena_strdup(a, "again"), "again");
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_small_allocations),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_used_counts_rounded_sizes),
		cmocka_unit_test(test_large_allocations),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_reset_and_reuse),
		cmocka_unit_test(test_bulk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
