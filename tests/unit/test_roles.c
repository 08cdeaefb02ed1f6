/*
 * test_roles.c - who may grant what: an account manager grants only roles
 * whose permissions it holds itself, never administrator or auditor; only
 * an administrator grants those.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "auth/field_rules.h"
#include "auth/roles.h"

static bool holds_all(enum role actor, enum role target)
{
	for (int p = 0; p < PERM_COUNT; p++)
		if (role_has(target, (enum perm)p) && !role_has(actor, (enum perm)p))
			return false;
	return true;
}

static void test_no_grant_beyond_own_permissions(void **state)
{
	(void)state;
	for (int a = 0; a < ROLE_COUNT; a++)
		for (int t = 0; t < ROLE_COUNT; t++) {
			if (a == ROLE_ADMIN || !role_can_assign((enum role)a, (enum role)t))
				continue;
			if (!holds_all((enum role)a, (enum role)t))
				fail_msg("%s may grant %s, which holds more than it", role_name((enum role)a),
					 role_name((enum role)t));
			assert_true(t != ROLE_ADMIN && t != ROLE_AUDITOR);
		}
}

static void test_the_known_cases(void **state)
{
	(void)state;
	assert_false(role_can_assign(ROLE_TOWNSHIP, ROLE_COUNTY));   /* the escalation an outside test found */
	assert_true(role_can_assign(ROLE_TOWNSHIP, ROLE_TOWNSHIP));
	assert_true(role_can_assign(ROLE_TOWNSHIP, ROLE_VILLAGE));
	assert_true(role_can_assign(ROLE_TOWNSHIP, ROLE_GRID));
	assert_true(role_can_assign(ROLE_COUNTY, ROLE_COUNTY));
	assert_false(role_can_assign(ROLE_COUNTY, ROLE_ADMIN));
	assert_false(role_can_assign(ROLE_COUNTY, ROLE_AUDITOR));
	assert_false(role_can_assign(ROLE_VILLAGE, ROLE_GRID));      /* manages no accounts */
	assert_false(role_can_assign(ROLE_AUDITOR, ROLE_VIEWER));
	assert_true(role_can_assign(ROLE_ADMIN, ROLE_AUDITOR));
	assert_false(role_can_assign(ROLE_INVALID, ROLE_VIEWER));
	assert_false(role_can_assign(ROLE_ADMIN, ROLE_INVALID));
}

/* The field rules: exiting is the county's; organisations and their flags are not the grid's or the cadre's. */
static void test_field_rules(void **state)
{
	(void)state;
	static const enum role below[] = { ROLE_TOWNSHIP, ROLE_VILLAGE, ROLE_GRID, ROLE_CADRE, ROLE_VIEWER };
	for (size_t i = 0; i < sizeof(below) / sizeof(below[0]); i++) {
		assert_non_null(field_rule_denies(below[i], "household", "status", "exited_enjoying"));
		assert_non_null(field_rule_denies(below[i], "household", "status", "exited"));
		assert_null(field_rule_denies(below[i], "household", "status", "relapsed"));
	}
	/* exiting goes through the exit procedure: not even the county sets it by a form; the
	 * administrator corrects records; the county imports the exits the national system holds */
	assert_non_null(field_rule_denies(ROLE_COUNTY, "household", "status", "exited_enjoying"));
	assert_null(field_rule_denies(ROLE_ADMIN, "household", "status", "exited"));
	assert_null(field_rule_denies_import(ROLE_COUNTY, "household", "status", "exited_enjoying"));
	assert_non_null(field_rule_denies_import(ROLE_TOWNSHIP, "household", "status", "exited_enjoying"));
	assert_non_null(field_rule_denies(ROLE_GRID, "org", NULL, NULL));
	assert_non_null(field_rule_denies(ROLE_CADRE, "org", NULL, NULL));
	assert_null(field_rule_denies(ROLE_VILLAGE, "org", NULL, NULL));
	static const char *const flags[] = { "weak", "demonstration" };
	for (int k = 0; k < 2; k++) {
		assert_non_null(field_rule_denies(ROLE_VILLAGE, "org", flags[k], NULL));
		assert_non_null(field_rule_denies(ROLE_GRID, "org", flags[k], NULL));
		assert_non_null(field_rule_denies(ROLE_CADRE, "org", flags[k], NULL));
		assert_null(field_rule_denies(ROLE_TOWNSHIP, "org", flags[k], NULL));
		assert_null(field_rule_denies(ROLE_COUNTY, "org", flags[k], NULL));
	}
	assert_null(field_rule_denies(ROLE_GRID, "org", "name", "x"));   /* what no rule names stays open */
	assert_null(field_rule_denies(ROLE_GRID, "household", "address", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_grant_beyond_own_permissions),
		cmocka_unit_test(test_the_known_cases),
		cmocka_unit_test(test_field_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
