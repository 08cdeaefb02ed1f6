/* test_password.c - the password policy, hashing and generation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "auth/password.h"

static const struct password_policy def = { .min_length = 8, .min_classes = 3 };

static void accept(const struct password_policy *p, const char *user, const char *pw)
{
	const char *zh = NULL, *en = NULL;
	if (password_check(p, user, pw, &zh, &en) != 0)
		fail_msg("\"%s\" (user %s) refused: %s", pw, user ? user : "(null)", en);
}

static void refuse(const struct password_policy *p, const char *user, const char *pw, const char *why)
{
	const char *zh = NULL, *en = NULL;
	if (password_check(p, user, pw, &zh, &en) != -1)
		fail_msg("\"%s\" (user %s) accepted", pw, user ? user : "(null)");
	assert_non_null(zh);
	assert_non_null(en);
	assert_true(strlen(zh) > 0);
	if (strstr(en, why) == NULL)
		fail_msg("\"%s\": reason \"%s\" does not mention \"%s\"", pw, en, why);
}

static void test_length(void **state)
{
	(void)state;
	refuse(&def, NULL, "", "too short");
	refuse(&def, NULL, "Ab1!", "too short");
	refuse(&def, NULL, "Abcde1!", "too short");     /* 7 */
	accept(&def, NULL, "Abcdef1!");                 /* 8 */
	struct password_policy p12 = { 12, 1 };
	refuse(&p12, NULL, "abcdefghijk", "too short");
	accept(&p12, NULL, "abcdefghijkl");
	/* more than PASSWORD_MAX_BYTES bytes */
	char longpw[PASSWORD_MAX_BYTES + 2];
	memset(longpw, 'a', sizeof(longpw) - 1);
	longpw[sizeof(longpw) - 1] = '\0';
	longpw[0] = 'A';
	longpw[1] = '1';
	refuse(&def, NULL, longpw, "too long");
	longpw[PASSWORD_MAX_BYTES] = '\0';              /* exactly the limit */
	accept(&def, NULL, longpw);
}

static void test_classes(void **state)
{
	(void)state;
	refuse(&def, NULL, "abcdefgh", "at least three");
	refuse(&def, NULL, "abcdEFGH", "at least three");
	refuse(&def, NULL, "12345678", "at least three");
	refuse(&def, NULL, "abcd1234", "at least three");
	refuse(&def, NULL, "!!!!@@@@", "at least three");
	accept(&def, NULL, "abcdEF12");
	accept(&def, NULL, "abcd12!!");
	accept(&def, NULL, "ABCD12!!");
	accept(&def, NULL, "abcD!!!!");
	accept(&def, NULL, "aB1 cdef");   /* a space is "other" */
	struct password_policy p4 = { 8, 4 };
	refuse(&p4, NULL, "abcdEF12", "too few");
	accept(&p4, NULL, "abcdEF1!");
	struct password_policy p1 = { 8, 1 };
	accept(&p1, NULL, "abcdefgh");
	accept(&p1, NULL, "12345678");
	struct password_policy p2 = { 8, 2 };
	refuse(&p2, NULL, "abcdefgh", "too few");
	accept(&p2, NULL, "abcdefg1");
}

static void test_username(void **state)
{
	(void)state;
	refuse(&def, "Admin123!", "Admin123!", "contain the username");
	refuse(&def, "admin123!", "ADMIN123!", "contain the username");     /* case-insensitive */
	refuse(&def, "ADMIN123!", "Admin123!", "contain the username");
	refuse(&def, "admin", "Admin123!", "contain the username");         /* holds it */
	refuse(&def, "wang", "Xx-WANG-2026", "contain the username");
	accept(&def, "Admin123!x", "Admin123!");                            /* a part of it is fine */
	accept(&def, "zhangsan", "Zhang-San-2026");
	accept(&def, NULL, "Admin123!");
}

static void test_chinese(void **state)
{
	(void)state;
	/* 4 characters, 12 bytes: too short although long in bytes */
	refuse(&def, NULL, "密码密码", "too short");
	refuse(&def, NULL, "Ab1密码", "too short");          /* 5 characters */
	/* 8 Chinese characters are 8 characters of one class ("other") */
	refuse(&def, NULL, "联心联心联心联心", "at least three");
	/* Chinese counts as the "other" class */
	accept(&def, NULL, "Ab联心联心联心");                 /* lower, upper, other */
	accept(&def, NULL, "ab12联心联心");                   /* lower, digit, other */
	refuse(&def, NULL, "abcdefg联", "at least three");    /* lower, other */
	struct password_policy p4 = { 8, 4 };
	accept(&p4, NULL, "aB1联心联心联");
}

static void test_hash_verify(void **state)
{
	(void)state;
	char h1[PASSWORD_HASH_MAX], h2[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("Correct-Horse-9", h1), 0);
	assert_int_equal(password_hash("Correct-Horse-9", h2), 0);
	assert_true(strlen(h1) < PASSWORD_HASH_MAX);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_string_not_equal(h1, h2);   /* salted */
	assert_true(password_verify(h1, "Correct-Horse-9"));
	assert_true(password_verify(h2, "Correct-Horse-9"));
	assert_false(password_verify(h1, "correct-horse-9"));
	assert_false(password_verify(h1, "Correct-Horse-9 "));
	assert_false(password_verify(h1, ""));
	assert_false(password_verify("not a hash", "Correct-Horse-9"));

	char h3[PASSWORD_HASH_MAX];
	assert_int_equal(password_hash("联心密码Ab1", h3), 0);
	assert_true(password_verify(h3, "联心密码Ab1"));
	assert_false(password_verify(h3, "联心密码Ab2"));
	password_verify_dummy("anything");   /* runs, returns nothing */
}

static void test_generate(void **state)
{
	(void)state;
	enum { N = 200, LEN = 13 };
	static char seen[N][LEN];
	for (int i = 0; i < N; i++) {
		char *pw = seen[i];
		memset(pw, 'X', LEN);
		password_generate(pw, LEN);
		assert_int_equal(strlen(pw), LEN - 1);
		accept(&def, NULL, pw);
		struct password_policy p4 = { 12, 4 };
		accept(&p4, NULL, pw);
		for (int j = 0; j < i; j++)
			if (strcmp(seen[j], pw) == 0)
				fail_msg("password %d repeats password %d: %s", i, j, pw);
	}
	/* the shuffle moves the classes: not every password starts lower-case */
	int lower_first = 0;
	for (int i = 0; i < N; i++)
		lower_first += seen[i][0] >= 'a' && seen[i][0] <= 'z';
	assert_true(lower_first < N);
	/* and no ambiguous characters */
	for (int i = 0; i < N; i++)
		if (strpbrk(seen[i], "lIO01o") != NULL)
			fail_msg("ambiguous character in %s", seen[i]);

	char longer[33];
	password_generate(longer, sizeof(longer));
	assert_int_equal(strlen(longer), 32);
	accept(&def, NULL, longer);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_username),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_hash_verify),
		cmocka_unit_test(test_generate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
