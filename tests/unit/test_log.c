/*
 * test_log.c - log lines cannot be forged: control characters, invalid
 * UTF-8 and backslashes are escaped; Chinese text stays as it is.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/log.h"

static void check(const char *in, const char *want)
{
	char out[256];
	size_t n = log_escape(in, out, sizeof(out));
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void test_plain_and_chinese_kept(void **state)
{
	(void)state;
	check("GET /api/v1/requests?q=道路", "GET /api/v1/requests?q=道路");
}

static void test_newline_cannot_start_a_line(void **state)
{
	(void)state;
	check("/x\n2026-12-06T00:00:00Z INFO access forged", "/x\\x0a2026-12-06T00:00:00Z INFO access forged");
	check("a\rb\tc\x1b[31m", "a\\x0db\\x09c\\x1b[31m");
	check("del\x7f", "del\\x7f");
}

static void test_backslash_escaped(void **state)
{
	(void)state;
	check("a\\x0ab", "a\\\\x0ab");
}

static void test_invalid_utf8_and_c1_escaped(void **state)
{
	(void)state;
	check("\xff\xfe", "\\xff\\xfe");
	check("\xe9\x81", "\\xe9\\x81");             /* a cut sequence */
	check("\xc2\x85next", "\\xc2\\x85next");     /* U+0085, a C1 line break */
	check("\xed\xa0\x80", "\\xed\\xa0\\x80");   /* a surrogate */
	check("\xc0\xaf", "\\xc0\\xaf");             /* overlong '/' */
}

static void test_cut_at_a_whole_character(void **state)
{
	(void)state;
	char out[6];
	assert_int_equal(log_escape("ab道路", out, sizeof(out)), 5);
	assert_string_equal(out, "ab道");
	assert_int_equal(log_escape("a\nb", out, 4), 1);   /* \x0a does not fit */
	assert_string_equal(out, "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_chinese_kept),
		cmocka_unit_test(test_newline_cannot_start_a_line),
		cmocka_unit_test(test_backslash_escaped),
		cmocka_unit_test(test_invalid_utf8_and_c1_escaped),
		cmocka_unit_test(test_cut_at_a_whole_character),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
