/*
 * session.h - login sessions stored in the database.
 *
 * A session token is 256 random bits sent to the client as 64 hex digits;
 * only its SHA-256 is stored, so a copy of the database gives no access.
 * Sessions end after an idle period and at an absolute age, and all of a
 * user's other sessions end when the password changes.  Living in the
 * database, sessions work across several server processes.
 */
#ifndef LIANXIN_AUTH_SESSION_H
#define LIANXIN_AUTH_SESSION_H

#include <stdint.h>

#include "auth/principal.h"
#include "core/arena.h"
#include "db/db.h"

#define SESSION_TOKEN_HEX 65   /* 64 hex digits and NUL */

struct session_limits {
	int64_t idle;       /* seconds */
	int64_t absolute;   /* seconds */
};

/* Hex SHA-256 of a token. */
void session_hash_token(const char *token, char out[SESSION_TOKEN_HEX]);
/* Create a session; writes the token and the CSRF token.  DB_OK or error. */
int session_create(struct db *db, int64_t user_id, const char *source,
		   char token[SESSION_TOKEN_HEX], char csrf[SESSION_TOKEN_HEX]);
/* Find the live session of token and its user.  DB_ROW with *out (arena
 * allocated), DB_DONE when unknown or expired (an expired one is deleted),
 * or an error. */
int session_lookup(struct db *db, struct arena *a, const struct session_limits *lim,
		   const char *token, struct principal **out);
/* Load a user's scopes into p (arena allocated).  DB_OK or error. */
int session_load_scopes(struct db *db, struct arena *a, struct principal *p);
int session_delete(struct db *db, const char *token_hash);
/* End every session of user_id except keep_hash (NULL: all). */
int session_delete_user(struct db *db, int64_t user_id, const char *keep_hash);

#endif
