/*
 * fieldcrypt.h - personal data encrypted at rest: one field value at a time.
 *
 * A process-wide key (32 random bytes, kept in a key file outside the
 * database, hex on one line, owner-only) is loaded once at start; the keys
 * of each job are derived from it.  A sealed value is self-describing text:
 *
 *   "x1:" base64(nonce[24] | ciphertext | tag[16])   XChaCha20-Poly1305 (libsodium)
 *   "s1:" base64(iv[16] | ciphertext | mac[32])     SM4-CTR, then HMAC-SM3 over the
 *   (the digit is the key's version, see below)
 *                                                   prefix, the associated data, iv and
 *                                                   ciphertext (OpenSSL 3, for 密评)
 *
 * so both can be read whatever new values are written with.  The associated
 * data names the place ("members.id_number"): a value copied to another
 * column no longer opens.  A keyed hash (BLAKE2b, or HMAC-SM3 in a database
 * set up for SM4; 128 bits as 22 base64url characters) stands for a value where SQL must
 * compare it: look-ups and uniqueness of ID numbers.  A value without a
 * prefix is plaintext from before encryption and opens as itself.
 *
 * Set-up (fieldcrypt_load_key or fieldcrypt_set_key) happens before any
 * thread starts; afterwards everything here only reads the keys, so it is
 * thread-safe.  Sealing before set-up aborts (no value is ever written with
 * a key nobody keeps).
 */
#ifndef LIANXIN_CORE_FIELDCRYPT_H
#define LIANXIN_CORE_FIELDCRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

#define FIELDCRYPT_KEY_BYTES 32
#define FIELDCRYPT_HASH_LEN 23   /* 22 base64url characters and the NUL */

enum fieldcrypt_cipher { FIELDCRYPT_XCHACHA, FIELDCRYPT_SM4 };
enum fieldcrypt_hash { FIELDCRYPT_BLAKE2B, FIELDCRYPT_HMAC_SM3 };

/* Read the key file at path, or create it (mode 0600, a new random key) when
 * it does not exist and create is true.  Refuses a file that others may read
 * or write, that is not a regular file, or that does not hold 64 hex digits.
 * Returns 0, or -1 with a message in err.  *created tells whether it was made. */
int fieldcrypt_load_key(const char *path, bool create, bool *created, char *err, size_t errlen);
/* Use key directly as version 1 (tests, an in-memory database). */
void fieldcrypt_set_key(const uint8_t key[FIELDCRYPT_KEY_BYTES]);
bool fieldcrypt_ready(void);

/*
 * Key versions (rotation, lianxin rekey): the key file holds one key a line,
 * "HEX" (version 1) or "N:HEX"; a sealed value's prefix names its version
 * ("x2:").  Values of every loaded version open; new values and keyed hashes
 * use the current version (the database's, db/at_rest.h).  A value of a
 * version not loaded yet makes fieldcrypt_open read the key file again.
 * Loading and switching are thread-safe: a version's keys never change once
 * loaded, and the current version is an atomic.
 */
#define FIELDCRYPT_MAX_VERSION 35   /* prefix characters 1-9, a-z */
void fieldcrypt_set_key_version(int version, const uint8_t key[FIELDCRYPT_KEY_BYTES]);
bool fieldcrypt_has_version(int version);
int fieldcrypt_version(void);
/* Make version current; -1 when its key is not loaded. */
int fieldcrypt_use_version(int version);
/* Read the key file of fieldcrypt_load_key again, adding the versions it has
 * gained (never dropping one loaded); 0 or -1 with err. */
int fieldcrypt_reload(char *err, size_t errlen);
/* A new random key, one version after the newest of the key file, added to
 * the file (rewritten whole, then renamed into place) and loaded; *version. */
int fieldcrypt_add_version(int *version, char *err, size_t errlen);
/* Rewrite the key file without the keys older than version (retired). */
int fieldcrypt_retire_before(int version, char *err, size_t errlen);
/* The version of a sealed value, 0 for plaintext. */
int fieldcrypt_sealed_version(const char *s);
/* The cipher of new values (default XChaCha20-Poly1305). */
void fieldcrypt_set_cipher(enum fieldcrypt_cipher c);
enum fieldcrypt_cipher fieldcrypt_cipher(void);
/* "xchacha20poly1305" or "sm4" -> *out; false for another name. */
bool fieldcrypt_cipher_parse(const char *name, enum fieldcrypt_cipher *out);
/* The keyed hash of look-ups: fixed per database (its first start chooses). */
void fieldcrypt_set_hash(enum fieldcrypt_hash h);
enum fieldcrypt_hash fieldcrypt_hash_alg(void);
const char *fieldcrypt_hash_name(enum fieldcrypt_hash h);
bool fieldcrypt_hash_parse(const char *name, enum fieldcrypt_hash *out);

/* A value that says which key it is (stored in the database; a different key
 * file gives a different value): 64 hex digits. */
void fieldcrypt_check_value(char out[65]);
/* The same of a version's key; -1 when it is not loaded. */
int fieldcrypt_check_value_of(int version, char out[65]);

/* True when s is a sealed value (either cipher). */
bool fieldcrypt_is_sealed(const char *s);
/* Room a sealed value of n plaintext bytes needs, NUL included. */
size_t fieldcrypt_sealed_size(size_t n);
/* Seal plain for the place ad into out (fieldcrypt_sealed_size bytes); 0 or -1. */
int fieldcrypt_seal(const char *ad, const char *plain, char *out, size_t outlen);
/* Open a sealed value (or copy plaintext from before encryption) into out;
 * 0, or -1 when it does not authenticate (another key or place) or does not fit. */
int fieldcrypt_open(const char *ad, const char *stored, char *out, size_t outlen);
/* The keyed hash of plain in domain ("id_number"), as base64url text. */
void fieldcrypt_hash(const char *domain, const char *plain, char out[FIELDCRYPT_HASH_LEN]);

/* The same in arena memory; NULL in gives NULL out.  open returns NULL (and
 * logs) for a value that does not authenticate. */
const char *fieldcrypt_seal_a(struct arena *a, const char *ad, const char *plain);
const char *fieldcrypt_open_a(struct arena *a, const char *ad, const char *stored);
const char *fieldcrypt_hash_a(struct arena *a, const char *domain, const char *plain);

#endif
