/* test_idcard.c - identity number validation, parts and masking. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/idcard.h"

#define TODAY 20240615

/* first17 + its check character, into out[19] */
static void make_id(const char *first17, char out[19])
{
	memcpy(out, first17, 17);
	out[17] = idcard_check_char(first17);
	out[18] = '\0';
}

static void test_check_char(void **state)
{
	(void)state;
	/* the worked example of GB 11643-1999 */
	assert_int_equal(idcard_check_char("11010519491231002"), 'X');
	assert_int_equal(idcard_check_char("46903019800101123"), '7');
	assert_int_equal(idcard_check_char("44030619760315417"), '1');
	assert_int_equal(idcard_check_char("4690301980010112"), '\0');
	assert_int_equal(idcard_check_char("4690301980010112a"), '\0');
	assert_int_equal(idcard_check_char(NULL), '\0');
	/* extra characters after 17 digits are ignored */
	assert_int_equal(idcard_check_char("469030198001011237"), '7');
}

static void test_validate_ok(void **state)
{
	(void)state;
	char out[19];
	assert_int_equal(idcard_validate("469030198001011237", TODAY, out), IDCARD_OK);
	assert_string_equal(out, "469030198001011237");
	assert_int_equal(idcard_validate("11010519491231002X", TODAY, out), IDCARD_OK);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(idcard_validate("11010519491231002x", TODAY, out), IDCARD_OK);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(idcard_validate("11010519491231002x", TODAY, NULL), IDCARD_OK);
	/* every check character value, including X, through make_id */
	int seen[11] = { 0 };
	for (int seq = 0; seq < 1000; seq++) {
		char first[32], id[19];
		snprintf(first, sizeof first, "46903019800101%03d", seq);
		make_id(first, id);
		assert_int_equal(idcard_validate(id, TODAY, out), IDCARD_OK);
		seen[id[17] == 'X' ? 10 : id[17] - '0'] = 1;
	}
	for (int i = 0; i < 11; i++)
		assert_true(seen[i]);
}

static void test_validate_length_chars(void **state)
{
	(void)state;
	char out[19] = "junk";
	assert_int_equal(idcard_validate(NULL, TODAY, out), IDCARD_LENGTH);
	assert_string_equal(out, "");
	assert_int_equal(idcard_validate("", TODAY, NULL), IDCARD_LENGTH);
	assert_int_equal(idcard_validate("46903019800101123", TODAY, NULL), IDCARD_LENGTH);
	assert_int_equal(idcard_validate("4690301980010112377", TODAY, NULL), IDCARD_LENGTH);
	/* a 15-digit first-generation number is not accepted */
	assert_int_equal(idcard_validate("469030800101123", TODAY, NULL), IDCARD_LENGTH);
	assert_int_equal(idcard_validate("46903019800101123Y", TODAY, NULL), IDCARD_CHARS);
	assert_int_equal(idcard_validate("4690301980010112X7", TODAY, NULL), IDCARD_CHARS);
	assert_int_equal(idcard_validate("46903019800101 237", TODAY, NULL), IDCARD_CHARS);
	assert_int_equal(idcard_validate("４69030198001011237", TODAY, NULL), IDCARD_LENGTH);
}

static void test_validate_region(void **state)
{
	(void)state;
	static const char *bad[] = { "00", "10", "16", "20", "24", "30", "38", "40", "47",
		"49", "55", "60", "66", "70", "72", "80", "83", "90", "99" };
	static const char *good[] = { "11", "15", "21", "23", "31", "37", "41", "46",
		"50", "54", "61", "65", "71", "81", "82" };
	char first[32], id[19];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(first, sizeof first, "%s010119800101123", bad[i]);
		make_id(first, id);
		assert_int_equal(idcard_validate(id, TODAY, NULL), IDCARD_REGION);
	}
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		snprintf(first, sizeof first, "%s010119800101123", good[i]);
		make_id(first, id);
		assert_int_equal(idcard_validate(id, TODAY, NULL), IDCARD_OK);
	}
	make_id("46003019800101123", id);   /* city digits "00" */
	assert_int_equal(idcard_validate(id, TODAY, NULL), IDCARD_REGION);
	make_id("46993019800101123", id);
	assert_int_equal(idcard_validate(id, TODAY, NULL), IDCARD_OK);
}

static enum idcard_error validate_date(const char *yyyymmdd, int64_t today)
{
	char first[32], id[19];
	snprintf(first, sizeof first, "469030%s123", yyyymmdd);
	make_id(first, id);
	return idcard_validate(id, today, NULL);
}

static void test_validate_date(void **state)
{
	(void)state;
	assert_int_equal(validate_date("20000229", TODAY), IDCARD_OK);   /* 400-year leap */
	assert_int_equal(validate_date("19000228", TODAY), IDCARD_OK);
	assert_int_equal(validate_date("19000229", TODAY), IDCARD_DATE); /* 100-year, not leap */
	assert_int_equal(validate_date("19960229", TODAY), IDCARD_OK);
	assert_int_equal(validate_date("19970229", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("19000101", TODAY), IDCARD_OK);
	assert_int_equal(validate_date("18991231", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("19800001", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("19801301", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("19800100", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("19800431", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("19800430", TODAY), IDCARD_OK);
	assert_int_equal(validate_date("19801231", TODAY), IDCARD_OK);
	assert_int_equal(validate_date("19801232", TODAY), IDCARD_DATE);
	/* not after today; today itself is fine */
	assert_int_equal(validate_date("20240615", TODAY), IDCARD_OK);
	assert_int_equal(validate_date("20240616", TODAY), IDCARD_DATE);
	assert_int_equal(validate_date("20250101", TODAY), IDCARD_DATE);
	/* a date error is reported before a check error */
	assert_int_equal(idcard_validate("469030198013011230", TODAY, NULL), IDCARD_DATE);
}

static void test_validate_check(void **state)
{
	(void)state;
	char id[19];
	make_id("46903019800101123", id);
	for (const char *c = "0123456789X"; *c; c++) {
		id[17] = *c;
		assert_int_equal(idcard_validate(id, TODAY, NULL), *c == '7' ? IDCARD_OK : IDCARD_CHECK);
	}
	/* a swapped pair of digits is caught */
	assert_int_equal(idcard_validate("469030198001011327", TODAY, NULL), IDCARD_CHECK);
}

static void test_messages(void **state)
{
	(void)state;
	for (int e = IDCARD_OK; e <= IDCARD_CHECK; e++) {
		assert_non_null(idcard_error_zh(e));
		assert_non_null(idcard_error_en(e));
		assert_true(strlen(idcard_error_en(e)) > 0);
	}
	assert_string_equal(idcard_error_zh(IDCARD_LENGTH), "身份证号码应为18位");
	assert_non_null(idcard_error_en((enum idcard_error)42));
}

static void test_birth_date_sex(void **state)
{
	(void)state;
	char d[11];
	idcard_birth_date("469030198001011237", d);
	assert_string_equal(d, "1980-01-01");
	idcard_birth_date("11010519491231002X", d);
	assert_string_equal(d, "1949-12-31");
	idcard_birth_date("4690301980", d);
	assert_string_equal(d, "");
	idcard_birth_date(NULL, d);
	assert_string_equal(d, "");
	assert_int_equal(idcard_sex("469030198001011237"), 'M');   /* 3 */
	assert_int_equal(idcard_sex("11010519491231002X"), 'F');   /* 2 */
	assert_int_equal(idcard_sex("469030198001010015"), 'M');   /* 1 */
	assert_int_equal(idcard_sex("4690301980010100"), '\0');
	assert_int_equal(idcard_sex(NULL), '\0');
}

static void test_mask(void **state)
{
	(void)state;
	char out[64];
	idcard_mask("46903019800101123X", out, sizeof out);
	assert_string_equal(out, "469030********123X");
	idcard_mask("469030800101123", out, sizeof out);
	assert_string_equal(out, "***********1123");
	idcard_mask("12345", out, sizeof out);
	assert_string_equal(out, "*2345");
	idcard_mask("1234", out, sizeof out);
	assert_string_equal(out, "****");
	idcard_mask("", out, sizeof out);
	assert_string_equal(out, "");
	idcard_mask(NULL, out, sizeof out);
	assert_string_equal(out, "");
	/* characters, not bytes: each masked one becomes one star */
	idcard_mask("张三丰李四王五", out, sizeof out);
	assert_string_equal(out, "***李四王五");
	/* truncation: at most outlen bytes, never half a character */
	idcard_mask("46903019800101123X", out, 8);
	assert_string_equal(out, "469030*");
	idcard_mask("张三丰李四王五", out, 6);
	assert_string_equal(out, "***");
	idcard_mask("张三丰李四王五", out, 7);
	assert_string_equal(out, "***李");
	idcard_mask("张三丰李四王五", out, 9);
	assert_string_equal(out, "***李");
	idcard_mask("张三丰李四王五", out, 10);
	assert_string_equal(out, "***李四");
	out[0] = 'z';
	idcard_mask("123", out, 1);
	assert_string_equal(out, "");
	out[0] = 'z';
	idcard_mask("123", out, 0);
	assert_int_equal(out[0], 'z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_char),
		cmocka_unit_test(test_validate_ok),
		cmocka_unit_test(test_validate_length_chars),
		cmocka_unit_test(test_validate_region),
		cmocka_unit_test(test_validate_date),
		cmocka_unit_test(test_validate_check),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_birth_date_sex),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
