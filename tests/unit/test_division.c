/* test_division.c - division code levels and subtree ranges. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/division.h"

static void test_level_every_length(void **state)
{
	(void)state;
	const char digits[] = "469030100200300999";
	for (size_t n = 0; n <= 17; n++) {
		char code[32];
		memcpy(code, digits, n);
		code[n] = '\0';
		enum division_level want;
		switch (n) {
		case 0: want = DIV_COUNTRY; break;
		case 2: want = DIV_PROVINCE; break;
		case 4: want = DIV_CITY; break;
		case 6: want = DIV_COUNTY; break;
		case 9: want = DIV_TOWNSHIP; break;
		case 12: want = DIV_VILLAGE; break;
		case 15: want = DIV_GROUP; break;
		default: want = DIV_INVALID; break;
		}
		if (division_level(code) != want)
			fail_msg("length %zu (\"%s\"): level %d, want %d", n, code, division_level(code), want);
	}
}

static void test_level_invalid(void **state)
{
	(void)state;
	assert_int_equal(division_level(NULL), DIV_INVALID);
	assert_int_equal(division_level("46903a"), DIV_INVALID);
	assert_int_equal(division_level("ab"), DIV_INVALID);
	assert_int_equal(division_level("469"), DIV_INVALID);
	assert_int_equal(division_level("46903"), DIV_INVALID);
	assert_int_equal(division_level(" 46903"), DIV_INVALID);
	assert_int_equal(division_level("469030 "), DIV_INVALID);
	assert_int_equal(division_level("-46903"), DIV_INVALID);
	assert_int_equal(division_level("４６"), DIV_INVALID);   /* full-width digits */
	assert_int_equal(division_level("1234567890123456"), DIV_INVALID);
	assert_int_equal(division_level("469030"), DIV_COUNTY);
}

static void test_level_names(void **state)
{
	(void)state;
	assert_string_equal(division_level_name(DIV_COUNTRY), "country");
	assert_string_equal(division_level_name(DIV_PROVINCE), "province");
	assert_string_equal(division_level_name(DIV_TOWNSHIP), "township");
	assert_string_equal(division_level_name(DIV_GROUP), "group");
	assert_string_equal(division_level_name(DIV_INVALID), "invalid");
}

static void test_code_and_child_lengths(void **state)
{
	(void)state;
	assert_int_equal(division_code_length(DIV_COUNTRY), 0);
	assert_int_equal(division_code_length(DIV_COUNTY), 6);
	assert_int_equal(division_code_length(DIV_VILLAGE), 12);
	assert_int_equal(division_code_length(DIV_GROUP), 15);
	assert_int_equal(division_child_length(""), 2);
	assert_int_equal(division_child_length("46"), 4);
	assert_int_equal(division_child_length("469030"), 9);
	assert_int_equal(division_child_length("469030100"), 12);
	assert_int_equal(division_child_length("469030100201"), 15);
	assert_int_equal(division_child_length("469030100201001"), 15);   /* a group has no children */
	assert_int_equal(division_child_length("46903x"), 15);
}

static void test_in_subtree(void **state)
{
	(void)state;
	assert_true(division_in_subtree("", "469030"));
	assert_true(division_in_subtree("", ""));
	assert_true(division_in_subtree("46", "469030100001"));
	assert_true(division_in_subtree("469030", "469030"));
	assert_true(division_in_subtree("469030", "469030100"));
	assert_true(division_in_subtree("469030100", "469030100001"));
	assert_false(division_in_subtree("469030100", "469030101001"));
	assert_false(division_in_subtree("469030100", "4690301"));
	assert_false(division_in_subtree("469030", "46903"));
	assert_false(division_in_subtree("469030", "469031"));
	assert_false(division_in_subtree("469030", ""));
	assert_false(division_in_subtree("469030", "530921"));
	assert_false(division_in_subtree(NULL, "469030"));
	assert_false(division_in_subtree("469030", NULL));
}

static void check_upper(const char *root, const char *want)
{
	char out[DIVISION_CODE_MAX + 2];
	memset(out, 'X', sizeof(out));
	division_subtree_upper(root, out);
	if (strcmp(out, want) != 0)
		fail_msg("upper(\"%s\") = \"%s\", want \"%s\"", root, out, want);
}

static void test_subtree_upper(void **state)
{
	(void)state;
	check_upper("469030", "469031");
	check_upper("46", "47");
	check_upper("19", "2");
	check_upper("99", ":");
	check_upper("9", ":");
	check_upper("", ":");
	check_upper("469039", "46904");
	check_upper("469030100", "469030101");
	/* "469030199" -> "4690302": tighter than "469030200" and equivalent for
	 * digit strings (no code of the subtree lies between the two bounds) */
	check_upper("469030199", "4690302");
	check_upper("469030100999", "469030101");
	check_upper("999999999999999", ":");
	check_upper("469030100200300", "469030100200301");
}

/* The bound really is exclusive and tight: a code is in [root, upper) exactly
 * when it is in the subtree, for every code of a small exhaustive universe. */
static void test_subtree_upper_matches_prefix(void **state)
{
	(void)state;
	const char *roots[] = { "", "1", "9", "19", "99", "09", "90", "199", "919", "999" };
	char code[8];
	for (size_t r = 0; r < sizeof(roots) / sizeof(roots[0]); r++) {
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(roots[r], upper);
		/* every digit string of length 0..3 */
		for (int len = 0; len <= 3; len++) {
			int count = 1;
			for (int k = 0; k < len; k++)
				count *= 10;
			for (int v = 0; v < count; v++) {
				int x = v;
				for (int k = len - 1; k >= 0; k--) {
					code[k] = (char)('0' + x % 10);
					x /= 10;
				}
				code[len] = '\0';
				bool in_range = strcmp(code, roots[r]) >= 0 && strcmp(code, upper) < 0;
				bool in_tree = division_in_subtree(roots[r], code);
				if (in_range != in_tree)
					fail_msg("root \"%s\" upper \"%s\" code \"%s\": range %d, subtree %d",
						 roots[r], upper, code, in_range, in_tree);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level_every_length),
		cmocka_unit_test(test_level_invalid),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_code_and_child_lengths),
		cmocka_unit_test(test_in_subtree),
		cmocka_unit_test(test_subtree_upper),
		cmocka_unit_test(test_subtree_upper_matches_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
