/* fieldcrypt.c - field values sealed with XChaCha20-Poly1305 or SM4 + HMAC-SM3, keyed hashes, the key file. */
#include "core/fieldcrypt.h"

#include <errno.h>
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

/* The keys of each job, derived from the key file's key once. */
static struct {
	bool ready;
	enum fieldcrypt_cipher cipher;
	enum fieldcrypt_hash hash;
	uint8_t xchacha[32];   /* BLAKE2b KDF: sealing with XChaCha20-Poly1305 */
	uint8_t blake[32];     /* BLAKE2b KDF: keyed hashes of a BLAKE2b database */
	uint8_t check[32];     /* BLAKE2b KDF: the key check value */
	uint8_t sm4[16];       /* HMAC-SM3 KDF: SM4 */
	uint8_t sm4mac[32];    /* HMAC-SM3 KDF: HMAC-SM3 of sealed values */
	uint8_t sm3hash[32];   /* HMAC-SM3 KDF: keyed hashes of an SM3 database */
} K;

static const struct {
	enum fieldcrypt_cipher c;
	const char *name, *prefix;
} ciphers[] = {
	{ FIELDCRYPT_XCHACHA, "xchacha20poly1305", "x1:" },
	{ FIELDCRYPT_SM4, "sm4", "s1:" },
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

void fieldcrypt_set_key(const uint8_t key[FIELDCRYPT_KEY_BYTES])
{
	static const char ctx[crypto_kdf_CONTEXTBYTES] = { 'l', 'x', 'f', 'i', 'e', 'l', 'd', '1' };
	if (sodium_init() < 0)
		abort();
	crypto_kdf_derive_from_key(K.xchacha, sizeof(K.xchacha), 1, ctx, key);
	crypto_kdf_derive_from_key(K.blake, sizeof(K.blake), 2, ctx, key);
	crypto_kdf_derive_from_key(K.check, sizeof(K.check), 3, ctx, key);
	sm3_derive(key, FIELDCRYPT_KEY_BYTES, "lianxin sm4 1", K.sm4, sizeof(K.sm4));
	sm3_derive(key, FIELDCRYPT_KEY_BYTES, "lianxin sm4 mac 1", K.sm4mac, sizeof(K.sm4mac));
	sm3_derive(key, FIELDCRYPT_KEY_BYTES, "lianxin sm3 hash 1", K.sm3hash, sizeof(K.sm3hash));
	K.ready = true;
}

bool fieldcrypt_ready(void)
{
	return K.ready;
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

static int create_key_file(const char *path, char *err, size_t errlen)
{
	uint8_t key[FIELDCRYPT_KEY_BYTES];
	char hex[2 * FIELDCRYPT_KEY_BYTES + 2];
	randombytes_buf(key, sizeof(key));
	sodium_bin2hex(hex, sizeof(hex), key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	hex[2 * FIELDCRYPT_KEY_BYTES] = '\n';
	hex[2 * FIELDCRYPT_KEY_BYTES + 1] = '\0';
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create the key file %s: %s", path, strerror(errno));
		return -1;
	}
	size_t n = strlen(hex);
	bool ok = write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
	sodium_memzero(hex, sizeof(hex));
	if (close(fd) != 0 || !ok) {
		snprintf(err, errlen, "cannot write the key file %s: %s", path, strerror(errno));
		unlink(path);
		return -1;
	}
	return 0;
}

int fieldcrypt_load_key(const char *path, bool create, bool *created, char *err, size_t errlen)
{
	*created = false;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium cannot start");
		return -1;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT && create) {
		if (create_key_file(path, err, errlen))
			return -1;
		*created = true;
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	}
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the key file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat sb;
	char text[2 * FIELDCRYPT_KEY_BYTES + 8];
	ssize_t n = 0;
	int rc = -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		snprintf(err, errlen, "the key file %s is not a regular file", path);
	else if (sb.st_mode & (S_IRWXG | S_IRWXO))
		snprintf(err, errlen, "the key file %s may be read or written by others (mode %03o): make it owner-only"
			 " (chmod 600)", path, (unsigned)(sb.st_mode & 0777));
	else if (sb.st_uid != geteuid())
		snprintf(err, errlen, "the key file %s belongs to another user", path);
	else if ((n = read(fd, text, sizeof(text) - 1)) < 2 * FIELDCRYPT_KEY_BYTES)
		snprintf(err, errlen, "the key file %s does not hold a key (64 hex digits)", path);
	else
		rc = 0;
	close(fd);
	if (rc == 0) {
		uint8_t key[FIELDCRYPT_KEY_BYTES];
		size_t len = 0;
		text[n] = '\0';
		const char *end;
		if (sodium_hex2bin(key, sizeof(key), text, (size_t)n, "\r\n", &len, &end) != 0 || len != sizeof(key) ||
		    *end != '\0') {
			snprintf(err, errlen, "the key file %s does not hold a key (64 hex digits)", path);
			rc = -1;
		} else {
			fieldcrypt_set_key(key);
		}
		sodium_memzero(key, sizeof(key));
	}
	sodium_memzero(text, sizeof(text));
	return rc;
}

void fieldcrypt_check_value(char out[65])
{
	static const char what[] = "lianxin key check 1";
	uint8_t h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)what, sizeof(what) - 1, K.check, sizeof(K.check));
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* ---- sealing ------------------------------------------------------------------ */

bool fieldcrypt_is_sealed(const char *s)
{
	for (size_t i = 0; s && i < sizeof(ciphers) / sizeof(ciphers[0]); i++)
		if (strncmp(s, ciphers[i].prefix, 3) == 0)
			return true;
	return false;
}

size_t fieldcrypt_sealed_size(size_t n)
{
	size_t raw = n + (XC_NONCE + XC_TAG > SM4_IV + SM3_MAC ? XC_NONCE + XC_TAG : SM4_IV + SM3_MAC);
	return 3 + sodium_base64_ENCODED_LEN(raw, B64);
}

/* HMAC-SM3 over prefix, ad, a NUL, iv and ciphertext. */
static void sm4_mac(const char *ad, const uint8_t *ivct, size_t n, uint8_t mac[SM3_MAC])
{
	size_t a = strlen(ad) + 1, len = 3 + a + n;
	uint8_t stack[512], *msg = len <= sizeof(stack) ? stack : malloc(len);
	unsigned int maclen = SM3_MAC;
	if (msg == NULL)
		abort();
	memcpy(msg, "s1:", 3);
	memcpy(msg + 3, ad, a);
	memcpy(msg + 3 + a, ivct, n);
	if (HMAC(EVP_sm3(), K.sm4mac, sizeof(K.sm4mac), msg, len, mac, &maclen) == NULL)
		abort();
	if (msg != stack)
		free(msg);
}

/* SM4-CTR of n bytes in into out with iv (the same call decrypts). */
static int sm4_ctr(const uint8_t iv[SM4_IV], const uint8_t *in, size_t n, uint8_t *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0;
	int ok = c && EVP_EncryptInit_ex(c, EVP_sm4_ctr(), NULL, K.sm4, iv) &&
		 EVP_EncryptUpdate(c, out, &len, in, (int)n) && EVP_EncryptFinal_ex(c, out + len, &fin);
	EVP_CIPHER_CTX_free(c);
	return ok && (size_t)(len + fin) == n ? 0 : -1;
}

int fieldcrypt_seal(const char *ad, const char *plain, char *out, size_t outlen)
{
	if (!K.ready) {
		log_error("fieldcrypt: sealing a value before the key was loaded");
		abort();
	}
	size_t n = strlen(plain), raw_len;
	if (outlen < fieldcrypt_sealed_size(n))
		return -1;
	uint8_t stack[512], *raw = n + 64 <= sizeof(stack) ? stack : malloc(n + 64);
	if (raw == NULL)
		return -1;
	int rc = 0;
	if (K.cipher == FIELDCRYPT_SM4) {
		randombytes_buf(raw, SM4_IV);
		rc = sm4_ctr(raw, (const uint8_t *)plain, n, raw + SM4_IV);
		sm4_mac(ad, raw, SM4_IV + n, raw + SM4_IV + n);
		raw_len = SM4_IV + n + SM3_MAC;
	} else {
		unsigned long long clen = 0;
		randombytes_buf(raw, XC_NONCE);
		crypto_aead_xchacha20poly1305_ietf_encrypt(raw + XC_NONCE, &clen, (const unsigned char *)plain, n,
							   (const unsigned char *)ad, strlen(ad), NULL, raw, K.xchacha);
		raw_len = XC_NONCE + (size_t)clen;
	}
	memcpy(out, ciphers[K.cipher == FIELDCRYPT_SM4].prefix, 3);
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
	if (!K.ready)
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
		sm4_mac(ad, raw, SM4_IV + n, mac);
		if (n >= outlen || sodium_memcmp(mac, raw + SM4_IV + n, SM3_MAC) != 0)
			goto done;
		rc = sm4_ctr(raw, raw + SM4_IV, n, (uint8_t *)out);
		out[n] = '\0';
	} else {
		unsigned long long n = 0;
		if (raw_len < XC_NONCE + XC_TAG || raw_len - XC_NONCE - XC_TAG >= outlen)
			goto done;
		if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &n, NULL, raw + XC_NONCE,
							       raw_len - XC_NONCE, (const unsigned char *)ad,
							       strlen(ad), raw, K.xchacha) != 0)
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
	uint8_t h[SM3_MAC];
	if (K.hash == FIELDCRYPT_HMAC_SM3) {
		unsigned int len = sizeof(h);
		if (HMAC(EVP_sm3(), K.sm3hash, sizeof(K.sm3hash), (unsigned char *)msg, d + 1 + n, h, &len) == NULL)
			abort();
	} else {
		crypto_generichash(h, HASH_BYTES, (unsigned char *)msg, d + 1 + n, K.blake, sizeof(K.blake));
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
