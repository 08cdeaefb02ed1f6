/* test_phone.c - telephone number forms and masking. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/phone.h"

static void test_mobile(void **state)
{
	(void)state;
	assert_true(phone_valid("13812345678"));
	assert_true(phone_valid("19912345678"));
	assert_true(phone_valid("15000000000"));
	assert_false(phone_valid("12812345678"));   /* 1[3-9] only */
	assert_false(phone_valid("10812345678"));
	assert_false(phone_valid("1381234567"));    /* 10 digits */
	assert_false(phone_valid("138123456789"));  /* 12 digits */
	assert_false(phone_valid("1381234567a"));
	assert_false(phone_valid("+8613812345678"));
	assert_false(phone_valid("138-1234-5678"));
	assert_false(phone_valid(" 13812345678"));
}

static void test_landline(void **state)
{
	(void)state;
	assert_true(phone_valid("0898-86221234"));
	assert_true(phone_valid("089886221234"));
	assert_true(phone_valid("0898-6221234"));   /* 7-digit subscriber */
	assert_true(phone_valid("08986221234"));
	assert_true(phone_valid("010-12345678"));   /* 2-digit area after 0 */
	assert_true(phone_valid("01012345678"));
	assert_true(phone_valid("020-8765432"));
	assert_false(phone_valid("0898-862212345")); /* 9-digit subscriber */
	assert_false(phone_valid("0898-862212"));    /* 6-digit subscriber */
	assert_false(phone_valid("010-123456789"));
	assert_false(phone_valid("0010-12345678"));  /* 00 is the international prefix */
	assert_false(phone_valid("0898--86221234"));
	assert_false(phone_valid("0898-"));
	assert_false(phone_valid("-86221234"));
	assert_false(phone_valid("0898-06221234"));  /* subscriber never starts with 0 */
	assert_false(phone_valid("08-9886221234"));  /* hyphen in the wrong place */
	assert_false(phone_valid("0898 86221234"));
}

static void test_service(void **state)
{
	(void)state;
	assert_true(phone_valid("12345"));
	assert_true(phone_valid("966701"));
	assert_true(phone_valid("95588"));
	assert_false(phone_valid("1234"));
	assert_false(phone_valid("1234567"));
	assert_false(phone_valid("01234"));
	assert_false(phone_valid("12a45"));
	assert_false(phone_valid(""));
	assert_false(phone_valid(NULL));
}

static void test_mask(void **state)
{
	(void)state;
	char out[64];
	phone_mask("13812345678", out, sizeof out);
	assert_string_equal(out, "138****5678");
	phone_mask("0898-86221234", out, sizeof out);
	assert_string_equal(out, "089********34");
	assert_int_equal(strlen(out), strlen("0898-86221234"));
	phone_mask("089886221234", out, sizeof out);
	assert_string_equal(out, "089*******34");
	phone_mask("966701", out, sizeof out);
	assert_string_equal(out, "966*01");
	phone_mask("12345", out, sizeof out);
	assert_string_equal(out, "****5");
	phone_mask("7", out, sizeof out);
	assert_string_equal(out, "7");
	phone_mask("", out, sizeof out);
	assert_string_equal(out, "");
	phone_mask(NULL, out, sizeof out);
	assert_string_equal(out, "");
	/* 11 characters that are not a mobile number: the general rule */
	phone_mask("12812345678", out, sizeof out);
	assert_string_equal(out, "128******78");
	/* characters, not bytes */
	phone_mask("电话一二三四五", out, sizeof out);
	assert_string_equal(out, "电话一**四五");
	phone_mask("电话", out, sizeof out);
	assert_string_equal(out, "*话");
	/* truncation on a character boundary */
	phone_mask("13812345678", out, 5);
	assert_string_equal(out, "138*");
	phone_mask("电话一二三四五", out, 6);
	assert_string_equal(out, "电");
	phone_mask("电话一二三四五", out, 7);
	assert_string_equal(out, "电话");
	out[0] = 'z';
	phone_mask("13812345678", out, 0);
	assert_int_equal(out[0], 'z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mobile),
		cmocka_unit_test(test_landline),
		cmocka_unit_test(test_service),
		cmocka_unit_test(test_mask),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
