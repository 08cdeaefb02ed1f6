/*
 * password.h - password hashing (argon2id via libsodium) and the policy.
 * sodium_init() must have run before any of these are called.
 */
#ifndef LIANXIN_AUTH_PASSWORD_H
#define LIANXIN_AUTH_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX 128
#define PASSWORD_MAX_BYTES 256

struct password_policy {
	int min_length;    /* characters */
	int min_classes;   /* of lower, upper, digit, other */
};

/* Hash into out (NUL-terminated); 0, or -1 when out of memory. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
bool password_verify(const char *hash, const char *password);
/* Spend the time of a verification without a real hash, so that an unknown
 * user or a locked account answers as slowly as a wrong password. */
void password_verify_dummy(const char *password);
/* 0 when acceptable; otherwise -1 and *zh / *en say why. */
int password_check(const struct password_policy *policy, const char *username,
		   const char *password, const char **zh, const char **en);
/* A random password of len characters that meets any policy (len >= 12). */
void password_generate(char *out, size_t len);

#endif
