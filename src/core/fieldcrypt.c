/* fieldcrypt.c - field values sealed with XChaCha20-Poly1305 or SM4 + HMAC-SM3, keyed hashes, the key file. */
#include "core/fieldcrypt.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"

#define XC_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define XC_TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define SM4_IV 16
#define SM3_MAC 32
#define HASH_BYTES 16
#define B64 sodium_base64_VARIANT_ORIGINAL_NO_PADDING

/* The keys of each job, derived from one version's key; a slot per version
 * (index = version), filled once and never changed while the process runs
 * (ready is set after the keys, with release order; readers acquire it). */
struct keyset {
	atomic_bool ready;
	uint8_t xchacha[32];   /* BLAKE2b KDF: sealing with XChaCha20-Poly1305 */
	uint8_t blake[32];     /* BLAKE2b KDF: keyed hashes of a BLAKE2b database */
	uint8_t check[32];     /* BLAKE2b KDF: the key check value */
	uint8_t sm4[16];       /* HMAC-SM3 KDF: SM4 */
	uint8_t sm4mac[32];    /* HMAC-SM3 KDF: HMAC-SM3 of sealed values */
	uint8_t sm3hash[32];   /* HMAC-SM3 KDF: keyed hashes of an SM3 database */
};

static struct {
	enum fieldcrypt_cipher cipher;
	enum fieldcrypt_hash hash;
	atomic_int current;                          /* the version new values and hashes use; 0: no key */
	struct keyset v[FIELDCRYPT_MAX_VERSION + 1];
	char path[1024];                             /* the key file, for fieldcrypt_reload ("" : none) */
	pthread_mutex_t reload;
} K = { .reload = PTHREAD_MUTEX_INITIALIZER };

/* The version's character in a sealed value's prefix: 1-9, then a-z. */
static char version_char(int v)
{
	return v < 10 ? (char)('0' + v) : (char)('a' + v - 10);
}

int fieldcrypt_sealed_version(const char *s)
{
	if (s == NULL || (s[0] != 'x' && s[0] != 's') || s[1] == '\0' || s[2] != ':')
		return 0;
	char c = s[1];
	int v = c >= '1' && c <= '9' ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : 0;
	return v <= FIELDCRYPT_MAX_VERSION ? v : 0;
}

/* The keys of version v, NULL when they are not loaded. */
static const struct keyset *keys_of(int v)
{
	if (v < 1 || v > FIELDCRYPT_MAX_VERSION || !atomic_load_explicit(&K.v[v].ready, memory_order_acquire))
		return NULL;
	return &K.v[v];
}

/* The current version's keys (sealing before any key aborts: nothing is written with a key nobody keeps). */
static const struct keyset *current_keys(void)
{
	const struct keyset *k = keys_of(atomic_load(&K.current));
	if (k == NULL) {
		log_error("fieldcrypt: sealing a value before the key was loaded");
		abort();
	}
	return k;
}

static const struct {
	enum fieldcrypt_cipher c;
	const char *name;
	char letter;   /* the prefix: letter, version, ':' */
} ciphers[] = {
	{ FIELDCRYPT_XCHACHA, "xchacha20poly1305", 'x' },
	{ FIELDCRYPT_SM4, "sm4", 's' },
};

static const char *const hash_names[] = { [FIELDCRYPT_BLAKE2B] = "blake2b", [FIELDCRYPT_HMAC_SM3] = "hmac-sm3" };

/* HMAC-SM3(key, label) truncated to n bytes: the 国密 keys come from SM3 only. */
static void sm3_derive(const uint8_t *key, size_t keylen, const char *label, uint8_t *out, size_t n)
{
	unsigned char mac[SM3_MAC];
	unsigned int len = sizeof(mac);
	if (HMAC(EVP_sm3(), key, (int)keylen, (const unsigned char *)label, strlen(label), mac, &len) == NULL)
		abort();   /* SM3 is in OpenSSL 3's default provider */
	memcpy(out, mac, n);
	sodium_memzero(mac, sizeof(mac));
}

/* Derive version v's keys; replace: also over keys loaded before (set-up, before any thread). */
static void set_version(int v, const uint8_t key[FIELDCRYPT_KEY_BYTES], bool replace)
{
	static const char ctx[crypto_kdf_CONTEXTBYTES] = { 'l', 'x', 'f', 'i', 'e', 'l', 'd', '1' };
	if (sodium_init() < 0 || v < 1 || v > FIELDCRYPT_MAX_VERSION)
		abort();
	struct keyset *k = &K.v[v];
	if (atomic_load_explicit(&k->ready, memory_order_acquire) && !replace)
		return;   /* loaded before: while threads run, a version's key never changes */
	crypto_kdf_derive_from_key(k->xchacha, sizeof(k->xchacha), 1, ctx, key);
	crypto_kdf_derive_from_key(k->blake, sizeof(k->blake), 2, ctx, key);
	crypto_kdf_derive_from_key(k->check, sizeof(k->check), 3, ctx, key);
	sm3_derive(key, FIELDCRYPT_KEY_BYTES, "lianxin sm4 1", k->sm4, sizeof(k->sm4));
	sm3_derive(key, FIELDCRYPT_KEY_BYTES, "lianxin sm4 mac 1", k->sm4mac, sizeof(k->sm4mac));
	sm3_derive(key, FIELDCRYPT_KEY_BYTES, "lianxin sm3 hash 1", k->sm3hash, sizeof(k->sm3hash));
	atomic_store_explicit(&k->ready, true, memory_order_release);
}

void fieldcrypt_set_key_version(int v, const uint8_t key[FIELDCRYPT_KEY_BYTES])
{
	set_version(v, key, false);
}

void fieldcrypt_set_key(const uint8_t key[FIELDCRYPT_KEY_BYTES])
{
	set_version(1, key, true);
	atomic_store(&K.current, 1);
}

bool fieldcrypt_ready(void)
{
	return keys_of(atomic_load(&K.current)) != NULL;
}

bool fieldcrypt_has_version(int v)
{
	return keys_of(v) != NULL;
}

int fieldcrypt_version(void)
{
	return atomic_load(&K.current);
}

int fieldcrypt_use_version(int v)
{
	if (keys_of(v) == NULL)
		return -1;
	atomic_store(&K.current, v);
	return 0;
}

void fieldcrypt_set_cipher(enum fieldcrypt_cipher c)
{
	K.cipher = c;
}

enum fieldcrypt_cipher fieldcrypt_cipher(void)
{
	return K.cipher;
}

bool fieldcrypt_cipher_parse(const char *name, enum fieldcrypt_cipher *out)
{
	for (size_t i = 0; i < sizeof(ciphers) / sizeof(ciphers[0]); i++)
		if (strcmp(name, ciphers[i].name) == 0) {
			*out = ciphers[i].c;
			return true;
		}
	return false;
}

void fieldcrypt_set_hash(enum fieldcrypt_hash h)
{
	K.hash = h;
}

enum fieldcrypt_hash fieldcrypt_hash_alg(void)
{
	return K.hash;
}

const char *fieldcrypt_hash_name(enum fieldcrypt_hash h)
{
	return hash_names[h];
}

bool fieldcrypt_hash_parse(const char *name, enum fieldcrypt_hash *out)
{
	for (size_t i = 0; i < sizeof(hash_names) / sizeof(hash_names[0]); i++)
		if (strcmp(name, hash_names[i]) == 0) {
			*out = (enum fieldcrypt_hash)i;
			return true;
		}
	return false;
}

/* ---- the key file ------------------------------------------------------------ */

/*
 * One key a line: 64 hex digits (version 1, the format from before rotation)
 * or "N:" and 64 hex digits (version N).  Written whole to PATH.tmp (0600),
 * synced, then renamed over the file, so that a reader sees the old or the new.
 */
#define LINE_MAX_LEN (4 + 2 * FIELDCRYPT_KEY_BYTES + 2)

struct keyline {
	int version;
	uint8_t key[FIELDCRYPT_KEY_BYTES];
};

static int write_key_file(const char *path, const struct keyline *keys, int n, bool exclusive, char *err, size_t errlen)
{
	char tmp[1100], text[(FIELDCRYPT_MAX_VERSION + 1) * LINE_MAX_LEN] = "";
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		char hex[2 * FIELDCRYPT_KEY_BYTES + 1];
		sodium_bin2hex(hex, sizeof(hex), keys[i].key, sizeof(keys[i].key));
		if (keys[i].version == 1)   /* the format from before rotation: a bare key */
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s\n", hex);
		else
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%d:%s\n", keys[i].version, hex);
		sodium_memzero(hex, sizeof(hex));
	}
	const char *target = path;
	if (!exclusive) {
		snprintf(tmp, sizeof(tmp), "%s.tmp", path);
		unlink(tmp);
		target = tmp;
	}
	int fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create the key file %s: %s", target, strerror(errno));
		sodium_memzero(text, sizeof(text));
		return -1;
	}
	bool ok = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	sodium_memzero(text, sizeof(text));
	if (close(fd) != 0 || !ok || (!exclusive && rename(tmp, path) != 0)) {
		snprintf(err, errlen, "cannot write the key file %s: %s", path, strerror(errno));
		unlink(target);
		return -1;
	}
	return 0;
}

/* Read every key of the file at path into keys (*n of them); checks its owner and mode. */
static int read_key_file(const char *path, struct keyline *keys, int *n, char *err, size_t errlen)
{
	*n = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the key file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	char text[(FIELDCRYPT_MAX_VERSION + 1) * LINE_MAX_LEN + 1];
	ssize_t got = 0;
	int rc = -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		snprintf(err, errlen, "the key file %s is not a regular file", path);
	else if (sb.st_mode & (S_IRWXG | S_IRWXO))
		snprintf(err, errlen, "the key file %s may be read or written by others (mode %03o): make it owner-only"
			 " (chmod 600)", path, (unsigned)(sb.st_mode & 0777));
	else if (sb.st_uid != geteuid())
		snprintf(err, errlen, "the key file %s belongs to another user", path);
	else if ((got = read(fd, text, sizeof(text) - 1)) < 2 * FIELDCRYPT_KEY_BYTES)
		snprintf(err, errlen, "the key file %s does not hold a key (64 hex digits)", path);
	else
		rc = 0;
	close(fd);
	if (rc == 0) {
		text[got] = '\0';
		for (char *line = text, *next; line && *line && rc == 0; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			size_t l = strlen(line);
			if (l && line[l - 1] == '\r')
				line[--l] = '\0';
			if (l == 0)
				continue;
			int v = 1;
			char *colon = strchr(line, ':');
			if (colon) {
				v = (int)strtol(line, NULL, 10);
				line = colon + 1;
			}
			size_t len = 0;
			const char *end;
			if (v < 1 || v > FIELDCRYPT_MAX_VERSION || *n > FIELDCRYPT_MAX_VERSION ||
			    sodium_hex2bin(keys[*n].key, FIELDCRYPT_KEY_BYTES, line, strlen(line), NULL, &len, &end) != 0 ||
			    len != FIELDCRYPT_KEY_BYTES || *end != '\0') {
				snprintf(err, errlen, "the key file %s does not hold a key (64 hex digits)", path);
				rc = -1;
			} else {
				keys[(*n)++].version = v;
			}
		}
	}
	sodium_memzero(text, sizeof(text));
	return rc;
}

static int load_file(bool replace, char *err, size_t errlen);

int fieldcrypt_load_key(const char *path, bool create, bool *created, char *err, size_t errlen)
{
	*created = false;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	if (create && access(path, F_OK) != 0 && errno == ENOENT) {
		struct keyline k = { .version = 1 };
		randombytes_buf(k.key, sizeof(k.key));
		int rc = write_key_file(path, &k, 1, true, err, errlen);
		sodium_memzero(&k, sizeof(k));
		if (rc)
			return -1;
		*created = true;
	}
	snprintf(K.path, sizeof(K.path), "%s", path);
	atomic_store(&K.current, 0);
	return load_file(true, err, errlen);
}

int fieldcrypt_reload(char *err, size_t errlen)
{
	return load_file(false, err, errlen);
}

/* Read the key file and load its versions (replace: over what was loaded; set-up only). */
static int load_file(bool replace, char *err, size_t errlen)
{
	if (K.path[0] == '\0') {
		snprintf(err, errlen, "no key file");
		return -1;
	}
	struct keyline keys[FIELDCRYPT_MAX_VERSION + 1];
	int n = 0;
	pthread_mutex_lock(&K.reload);
	int rc = read_key_file(K.path, keys, &n, err, errlen);
	int newest = 0;
	for (int i = 0; rc == 0 && i < n; i++) {
		set_version(keys[i].version, keys[i].key, replace);
		newest = keys[i].version > newest ? keys[i].version : newest;
	}
	if (rc == 0 && atomic_load(&K.current) == 0)
		atomic_store(&K.current, newest);   /* at_rest_open then uses the database's version */
	pthread_mutex_unlock(&K.reload);
	sodium_memzero(keys, sizeof(keys));
	return rc;
}

int fieldcrypt_add_version(int *version, char *err, size_t errlen)
{
	struct keyline keys[FIELDCRYPT_MAX_VERSION + 1];
	int n = 0, newest = 0;
	pthread_mutex_lock(&K.reload);
	int rc = read_key_file(K.path, keys, &n, err, errlen);
	for (int i = 0; i < n; i++)
		newest = keys[i].version > newest ? keys[i].version : newest;
	if (rc == 0 && newest >= FIELDCRYPT_MAX_VERSION) {
		snprintf(err, errlen, "the key file %s already holds the last key version (%d)", K.path, FIELDCRYPT_MAX_VERSION);
		rc = -1;
	}
	if (rc == 0) {
		keys[n].version = newest + 1;
		randombytes_buf(keys[n].key, sizeof(keys[n].key));
		rc = write_key_file(K.path, keys, n + 1, false, err, errlen);
		if (rc == 0) {
			fieldcrypt_set_key_version(newest + 1, keys[n].key);
			*version = newest + 1;
		}
	}
	pthread_mutex_unlock(&K.reload);
	sodium_memzero(keys, sizeof(keys));
	return rc;
}

int fieldcrypt_retire_before(int version, char *err, size_t errlen)
{
	struct keyline keys[FIELDCRYPT_MAX_VERSION + 1];
	int n = 0, kept = 0;
	pthread_mutex_lock(&K.reload);
	int rc = read_key_file(K.path, keys, &n, err, errlen);
	for (int i = 0; rc == 0 && i < n; i++)
		if (keys[i].version >= version)
			keys[kept++] = keys[i];
	if (rc == 0 && kept == 0) {
		snprintf(err, errlen, "the key file %s holds no key of version %d or later", K.path, version);
		rc = -1;
	}
	if (rc == 0 && kept < n)
		rc = write_key_file(K.path, keys, kept, false, err, errlen);
	pthread_mutex_unlock(&K.reload);
	sodium_memzero(keys, sizeof(keys));
	return rc;
}

int fieldcrypt_check_value_of(int version, char out[65])
{
	static const char what[] = "lianxin key check 1";
	const struct keyset *k = keys_of(version);
	uint8_t h[32];
	if (k == NULL)
		return -1;
	crypto_generichash(h, sizeof(h), (const unsigned char *)what, sizeof(what) - 1, k->check, sizeof(k->check));
	sodium_bin2hex(out, 65, h, sizeof(h));
	return 0;
}

void fieldcrypt_check_value(char out[65])
{
	if (fieldcrypt_check_value_of(fieldcrypt_version(), out))
		out[0] = '\0';
}

/* ---- sealing ------------------------------------------------------------------ */

bool fieldcrypt_is_sealed(const char *s)
{
	return fieldcrypt_sealed_version(s) != 0;
}

size_t fieldcrypt_sealed_size(size_t n)
{
	size_t raw = n + (XC_NONCE + XC_TAG > SM4_IV + SM3_MAC ? XC_NONCE + XC_TAG : SM4_IV + SM3_MAC);
	return 3 + sodium_base64_ENCODED_LEN(raw, B64);
}

/* HMAC-SM3 over prefix, ad, a NUL, iv and ciphertext. */
static void sm4_mac(const struct keyset *k, const char *prefix, const char *ad, const uint8_t *ivct, size_t n,
		    uint8_t mac[SM3_MAC])
{
	size_t a = strlen(ad) + 1, len = 3 + a + n;
	uint8_t stack[512], *msg = len <= sizeof(stack) ? stack : malloc(len);
	unsigned int maclen = SM3_MAC;
	if (msg == NULL)
		abort();
	memcpy(msg, prefix, 3);
	memcpy(msg + 3, ad, a);
	memcpy(msg + 3 + a, ivct, n);
	if (HMAC(EVP_sm3(), k->sm4mac, sizeof(k->sm4mac), msg, len, mac, &maclen) == NULL)
		abort();
	if (msg != stack)
		free(msg);
}

/* SM4-CTR of n bytes in into out with iv (the same call decrypts). */
static int sm4_ctr(const struct keyset *k, const uint8_t iv[SM4_IV], const uint8_t *in, size_t n, uint8_t *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0;
	int ok = c && EVP_EncryptInit_ex(c, EVP_sm4_ctr(), NULL, k->sm4, iv) &&
		 EVP_EncryptUpdate(c, out, &len, in, (int)n) && EVP_EncryptFinal_ex(c, out + len, &fin);
	EVP_CIPHER_CTX_free(c);
	return ok && (size_t)(len + fin) == n ? 0 : -1;
}

int fieldcrypt_seal(const char *ad, const char *plain, char *out, size_t outlen)
{
	int version = fieldcrypt_version();
	const struct keyset *k = current_keys();
	char prefix[4] = { ciphers[K.cipher == FIELDCRYPT_SM4].letter, version_char(version), ':', '\0' };
	size_t n = strlen(plain), raw_len;
	if (outlen < fieldcrypt_sealed_size(n))
		return -1;
	uint8_t stack[512], *raw = n + 64 <= sizeof(stack) ? stack : malloc(n + 64);
	if (raw == NULL)
		return -1;
	int rc = 0;
	if (K.cipher == FIELDCRYPT_SM4) {
		randombytes_buf(raw, SM4_IV);
		rc = sm4_ctr(k, raw, (const uint8_t *)plain, n, raw + SM4_IV);
		sm4_mac(k, prefix, ad, raw, SM4_IV + n, raw + SM4_IV + n);
		raw_len = SM4_IV + n + SM3_MAC;
	} else {
		unsigned long long clen = 0;
		randombytes_buf(raw, XC_NONCE);
		crypto_aead_xchacha20poly1305_ietf_encrypt(raw + XC_NONCE, &clen, (const unsigned char *)plain, n,
							   (const unsigned char *)ad, strlen(ad), NULL, raw, k->xchacha);
		raw_len = XC_NONCE + (size_t)clen;
	}
	memcpy(out, prefix, 3);
	sodium_bin2base64(out + 3, outlen - 3, raw, raw_len, B64);
	if (raw != stack)
		free(raw);
	return rc;
}

int fieldcrypt_open(const char *ad, const char *stored, char *out, size_t outlen)
{
	if (!fieldcrypt_is_sealed(stored)) {
		size_t n = strlen(stored);
		if (n >= outlen)
			return -1;
		memcpy(out, stored, n + 1);
		return 0;
	}
	/* a value of a version this process has not loaded: a rotation (lianxin rekey) added its key to the file */
	int version = fieldcrypt_sealed_version(stored);
	const struct keyset *k = keys_of(version);
	char err[256];
	if (k == NULL && fieldcrypt_reload(err, sizeof(err)) == 0)
		k = keys_of(version);
	if (k == NULL)
		return -1;
	size_t b64 = strlen(stored + 3), raw_len = 0;
	uint8_t stack[512], *raw = b64 <= sizeof(stack) ? stack : malloc(b64);
	if (raw == NULL)
		return -1;
	int rc = -1;
	if (sodium_base642bin(raw, b64, stored + 3, b64, NULL, &raw_len, NULL, B64) != 0)
		goto done;
	if (stored[0] == 's') {
		uint8_t mac[SM3_MAC];
		if (raw_len < SM4_IV + SM3_MAC)
			goto done;
		size_t n = raw_len - SM4_IV - SM3_MAC;
		char prefix[4] = { stored[0], stored[1], ':', '\0' };
		sm4_mac(k, prefix, ad, raw, SM4_IV + n, mac);
		if (n >= outlen || sodium_memcmp(mac, raw + SM4_IV + n, SM3_MAC) != 0)
			goto done;
		rc = sm4_ctr(k, raw, raw + SM4_IV, n, (uint8_t *)out);
		out[n] = '\0';
	} else {
		unsigned long long n = 0;
		if (raw_len < XC_NONCE + XC_TAG || raw_len - XC_NONCE - XC_TAG >= outlen)
			goto done;
		if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &n, NULL, raw + XC_NONCE,
							       raw_len - XC_NONCE, (const unsigned char *)ad,
							       strlen(ad), raw, k->xchacha) != 0)
			goto done;
		out[n] = '\0';
		rc = 0;
	}
done:
	if (raw != stack)
		free(raw);
	return rc;
}

void fieldcrypt_hash(const char *domain, const char *plain, char out[FIELDCRYPT_HASH_LEN])
{
	/* ASCII letters compare upper-cased (an ID number's check character X) */
	size_t n = strlen(plain), d = strlen(domain);
	char stack[256], *msg = d + n + 2 <= sizeof(stack) ? stack : malloc(d + n + 2);
	if (msg == NULL)
		abort();
	memcpy(msg, domain, d);
	msg[d] = '\0';
	for (size_t i = 0; i < n; i++)
		msg[d + 1 + i] = plain[i] >= 'a' && plain[i] <= 'z' ? (char)(plain[i] - 'a' + 'A') : plain[i];
	const struct keyset *k = current_keys();
	uint8_t h[SM3_MAC];
	if (K.hash == FIELDCRYPT_HMAC_SM3) {
		unsigned int len = sizeof(h);
		if (HMAC(EVP_sm3(), k->sm3hash, sizeof(k->sm3hash), (unsigned char *)msg, d + 1 + n, h, &len) == NULL)
			abort();
	} else {
		crypto_generichash(h, HASH_BYTES, (unsigned char *)msg, d + 1 + n, k->blake, sizeof(k->blake));
	}
	if (msg != stack)
		free(msg);
	sodium_bin2base64(out, FIELDCRYPT_HASH_LEN, h, HASH_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* ---- in arena memory ------------------------------------------------------------ */

const char *fieldcrypt_seal_a(struct arena *a, const char *ad, const char *plain)
{
	if (plain == NULL)
		return NULL;
	size_t len = fieldcrypt_sealed_size(strlen(plain));
	char *out = arena_alloc(a, len);
	return fieldcrypt_seal(ad, plain, out, len) == 0 ? out : NULL;
}

const char *fieldcrypt_open_a(struct arena *a, const char *ad, const char *stored)
{
	if (stored == NULL)
		return NULL;
	size_t len = strlen(stored) + 1;
	char *out = arena_alloc(a, len);
	if (fieldcrypt_open(ad, stored, out, len) == 0)
		return out;
	log_error("fieldcrypt: a value of %s does not open with this key", ad);
	return NULL;
}

const char *fieldcrypt_hash_a(struct arena *a, const char *domain, const char *plain)
{
	if (plain == NULL || *plain == '\0')
		return NULL;
	char *out = arena_alloc(a, FIELDCRYPT_HASH_LEN);
	fieldcrypt_hash(domain, plain, out);
	return out;
}
