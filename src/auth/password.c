/* password.c - argon2id hashes and the password policy. */
#include "auth/password.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/utf8.h"

/*
 * Interactive limits: about 64 MiB and a tenth of a second per hash.  The
 * API tests set LIANXIN_TEST_FAST_PASSWORD_HASH for their throwaway servers,
 * whose accounts then get the smallest limits libsodium allows, so that
 * their logins do not each pay for a real hash; a hash keeps its limits, so
 * verifying one follows whatever made it.
 */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	_Static_assert(crypto_pwhash_STRBYTES <= PASSWORD_HASH_MAX, "hash buffer too small");
	bool fast = getenv("LIANXIN_TEST_FAST_PASSWORD_HASH") != NULL;
	unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
	return crypto_pwhash_str(out, password, strlen(password), ops, mem) == 0 ? 0 : -1;
}

bool password_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[PASSWORD_HASH_MAX];

static void make_dummy(void)
{
	password_hash("lianxin-dummy-password", dummy_hash);
}

void password_verify_dummy(const char *password)
{
	pthread_once(&dummy_once, make_dummy);
	(void)password_verify(dummy_hash, password);
}

int password_check(const struct password_policy *policy, const char *username,
		   const char *password, const char **zh, const char **en)
{
	size_t chars = utf8_chars(password);
	if (strlen(password) > PASSWORD_MAX_BYTES) {
		*zh = "密码过长";
		*en = "The password is too long";
		return -1;
	}
	if ((int)chars < policy->min_length) {
		*zh = "密码太短";
		*en = "The password is too short";
		return -1;
	}
	int lower = 0, upper = 0, digit = 0, other = 0;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if (islower(*p))
			lower = 1;
		else if (isupper(*p))
			upper = 1;
		else if (isdigit(*p))
			digit = 1;
		else
			other = 1;
	}
	if (lower + upper + digit + other < policy->min_classes) {
		*zh = "密码需要包含小写字母、大写字母、数字、符号中的至少三类";
		*en = "The password needs characters from at least three of: lower case, upper case, digits, symbols";
		if (policy->min_classes != 3) {
			*zh = "密码包含的字符种类不够（小写字母、大写字母、数字、符号）";
			*en = "The password mixes too few kinds of characters (lower case, upper case, digits, symbols)";
		}
		return -1;
	}
	if (username && *username && strcasestr(password, username)) {
		*zh = "密码不能包含用户名";
		*en = "The password must not contain the username";
		return -1;
	}
	return 0;
}

void password_generate(char *out, size_t len)
{
	if (len < 2) {
		if (len)
			out[0] = '\0';
		return;
	}
	static const char *const sets[] = {
		"abcdefghijkmnpqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789", "-_.!@#%+=",
	};
	for (size_t i = 0; i + 1 < len; i++) {
		const char *set = sets[i < 4 ? i : randombytes_uniform(4)];
		out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
	}
	/* shuffle so the first four characters aren't predictable by class */
	for (size_t i = len - 2; i > 0; i--) {
		size_t j = randombytes_uniform((uint32_t)(i + 1));
		char t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	out[len - 1] = '\0';
}
