/*
 * test_fieldcrypt.c - sealing and opening field values (core/fieldcrypt.h):
 * both ciphers round-trip and read each other's values, a value opens only
 * at its own place and with its own key, a changed byte is refused, keyed
 * hashes ignore the case of letters and depend on the key and the domain,
 * the key file is created owner-only and refused when others may read it, and
 * key versions (rotation) are added, used and retired.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/fieldcrypt.h"

static const uint8_t key1[FIELDCRYPT_KEY_BYTES] = { 1 }, key2[FIELDCRYPT_KEY_BYTES] = { 2 };
#define ID "46903019800315011X"

static void round_trip(enum fieldcrypt_cipher c, const char *prefix)
{
	fieldcrypt_set_key(key1);
	fieldcrypt_set_cipher(c);
	char box[256], again[256], out[64];
	assert_int_equal(fieldcrypt_seal("members.id_number", ID, box, sizeof(box)), 0);
	assert_int_equal(strncmp(box, prefix, 3), 0);
	assert_true(fieldcrypt_is_sealed(box));
	assert_null(strstr(box, "469030"));
	assert_true(strlen(box) < fieldcrypt_sealed_size(strlen(ID)));
	assert_int_equal(fieldcrypt_open("members.id_number", box, out, sizeof(out)), 0);
	assert_string_equal(out, ID);
	/* a new nonce each time */
	assert_int_equal(fieldcrypt_seal("members.id_number", ID, again, sizeof(again)), 0);
	assert_string_not_equal(box, again);
	/* another place, a changed byte, another key, too small a buffer: refused */
	assert_int_not_equal(fieldcrypt_open("people.id_number", box, out, sizeof(out)), 0);
	char bad[256];
	snprintf(bad, sizeof(bad), "%s", box);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	assert_int_not_equal(fieldcrypt_open("members.id_number", bad, out, sizeof(out)), 0);
	assert_int_not_equal(fieldcrypt_open("members.id_number", box, out, 10), 0);
	fieldcrypt_set_key(key2);
	assert_int_not_equal(fieldcrypt_open("members.id_number", box, out, sizeof(out)), 0);
	fieldcrypt_set_key(key1);
	/* the empty value seals too */
	assert_int_equal(fieldcrypt_seal("members.phone", "", box, sizeof(box)), 0);
	assert_int_equal(fieldcrypt_open("members.phone", box, out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void test_xchacha(void **state)
{
	(void)state;
	round_trip(FIELDCRYPT_XCHACHA, "x1:");
}

static void test_sm4(void **state)
{
	(void)state;
	round_trip(FIELDCRYPT_SM4, "s1:");
}

static void test_ciphers_read_each_other(void **state)
{
	(void)state;
	fieldcrypt_set_key(key1);
	char x[256], s[256], out[64];
	fieldcrypt_set_cipher(FIELDCRYPT_XCHACHA);
	assert_int_equal(fieldcrypt_seal("households.phone", "13912345678", x, sizeof(x)), 0);
	fieldcrypt_set_cipher(FIELDCRYPT_SM4);
	assert_int_equal(fieldcrypt_seal("households.phone", "13912345678", s, sizeof(s)), 0);
	assert_int_equal(fieldcrypt_open("households.phone", x, out, sizeof(out)), 0);
	assert_string_equal(out, "13912345678");
	fieldcrypt_set_cipher(FIELDCRYPT_XCHACHA);
	assert_int_equal(fieldcrypt_open("households.phone", s, out, sizeof(out)), 0);
	assert_string_equal(out, "13912345678");
	/* plaintext from before encryption opens as itself */
	assert_int_equal(fieldcrypt_open("households.phone", "13912345678", out, sizeof(out)), 0);
	assert_string_equal(out, "13912345678");
	enum fieldcrypt_cipher c;
	assert_true(fieldcrypt_cipher_parse("sm4", &c) && c == FIELDCRYPT_SM4);
	assert_false(fieldcrypt_cipher_parse("aes", &c));
}

static void test_hashes(void **state)
{
	(void)state;
	char a[FIELDCRYPT_HASH_LEN], b[FIELDCRYPT_HASH_LEN], c[FIELDCRYPT_HASH_LEN];
	for (int alg = 0; alg < 2; alg++) {
		fieldcrypt_set_hash(alg ? FIELDCRYPT_HMAC_SM3 : FIELDCRYPT_BLAKE2B);
		fieldcrypt_set_key(key1);
		fieldcrypt_hash("id_number", ID, a);
		fieldcrypt_hash("id_number", "46903019800315011x", b);
		assert_int_equal(strlen(a), 22);
		assert_string_equal(a, b);   /* the check character's case does not matter */
		fieldcrypt_hash("phone", ID, c);
		assert_string_not_equal(a, c);   /* the domain does */
		fieldcrypt_set_key(key2);
		fieldcrypt_hash("id_number", ID, c);
		assert_string_not_equal(a, c);   /* and the key */
	}
	fieldcrypt_set_key(key1);
	fieldcrypt_set_hash(FIELDCRYPT_BLAKE2B);
	fieldcrypt_hash("id_number", ID, a);
	fieldcrypt_set_hash(FIELDCRYPT_HMAC_SM3);
	fieldcrypt_hash("id_number", ID, b);
	assert_string_not_equal(a, b);
	fieldcrypt_set_hash(FIELDCRYPT_BLAKE2B);
}

static void test_key_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/lianxin-fieldcrypt.XXXXXX", path[128], err[256], check1[65], check2[65];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/k.key", dir);
	bool created = false;
	assert_int_not_equal(fieldcrypt_load_key(path, false, &created, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "cannot open"));
	assert_int_equal(fieldcrypt_load_key(path, true, &created, err, sizeof(err)), 0);
	assert_true(created);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 65);
	fieldcrypt_check_value(check1);
	/* read again: the same key */
	assert_int_equal(fieldcrypt_load_key(path, true, &created, err, sizeof(err)), 0);
	assert_false(created);
	fieldcrypt_check_value(check2);
	assert_string_equal(check1, check2);
	fieldcrypt_set_key(key2);
	fieldcrypt_check_value(check2);
	assert_string_not_equal(check1, check2);
	/* readable by the group: refused */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_not_equal(fieldcrypt_load_key(path, true, &created, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "owner-only"));
	unlink(path);
	rmdir(dir);
}

/* Key versions: the key file gains a version and loses the older ones; values of both open;
 * new values and hashes use the current version. */
static void test_versions(void **state)
{
	(void)state;
	char dir[] = "/tmp/lianxin-fieldcrypt.XXXXXX", path[128], err[256], box1[256], box2[256], out[64];
	char h1[FIELDCRYPT_HASH_LEN], h2[FIELDCRYPT_HASH_LEN], line[128];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/k.key", dir);
	bool created = false;
	assert_int_equal(fieldcrypt_load_key(path, true, &created, err, sizeof(err)), 0);
	fieldcrypt_set_cipher(FIELDCRYPT_XCHACHA);
	assert_int_equal(fieldcrypt_version(), 1);
	assert_int_equal(fieldcrypt_seal("members.id_number", ID, box1, sizeof(box1)), 0);
	assert_int_equal(fieldcrypt_sealed_version(box1), 1);
	fieldcrypt_hash("id_number", ID, h1);
	int v = 0;
	assert_int_equal(fieldcrypt_add_version(&v, err, sizeof(err)), 0);
	assert_int_equal(v, 2);
	assert_int_equal(fieldcrypt_version(), 1);   /* added, not used yet */
	assert_int_equal(fieldcrypt_use_version(2), 0);
	assert_int_equal(fieldcrypt_seal("members.id_number", ID, box2, sizeof(box2)), 0);
	assert_int_equal(strncmp(box2, "x2:", 3), 0);
	assert_int_equal(fieldcrypt_sealed_version(box2), 2);
	fieldcrypt_hash("id_number", ID, h2);
	assert_string_not_equal(h1, h2);
	assert_int_equal(fieldcrypt_open("members.id_number", box1, out, sizeof(out)), 0);
	assert_string_equal(out, ID);
	assert_int_equal(fieldcrypt_open("members.id_number", box2, out, sizeof(out)), 0);
	assert_string_equal(out, ID);
	/* the file: version 1 bare, version 2 as "2:"; retiring leaves version 2 alone, owner-only */
	assert_int_equal(fieldcrypt_retire_before(2, err, sizeof(err)), 0);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(strncmp(line, "2:", 2), 0);
	assert_null(fgets(line, sizeof(line), f));
	fclose(f);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* a fresh load of the rotated file: version 2 opens, version 1 is gone */
	assert_int_equal(fieldcrypt_load_key(path, false, &created, err, sizeof(err)), 0);
	assert_int_equal(fieldcrypt_version(), 2);
	assert_int_equal(fieldcrypt_open("members.id_number", box2, out, sizeof(out)), 0);
	assert_int_equal(fieldcrypt_sealed_version("x1"), 0);
	assert_int_equal(fieldcrypt_sealed_version("13912340001"), 0);
	assert_int_equal(fieldcrypt_use_version(9), -1);
	unlink(path);
	rmdir(dir);
	fieldcrypt_set_key(key1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xchacha),
		cmocka_unit_test(test_sm4),
		cmocka_unit_test(test_ciphers_read_each_other),
		cmocka_unit_test(test_hashes),
		cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_versions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
