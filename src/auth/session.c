/* session.c - creating, finding and ending sessions. */
#include "auth/session.h"

#include <sodium.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/workdays.h"

/* Refresh last_seen at most this often, so that reads stay reads. */
#define SESSION_TOUCH_SECONDS 60

void session_hash_token(const char *token, char out[SESSION_TOKEN_HEX])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(out, SESSION_TOKEN_HEX, digest, sizeof(digest));
}

static void random_hex(char out[SESSION_TOKEN_HEX])
{
	unsigned char bytes[32];
	randombytes_buf(bytes, sizeof(bytes));
	sodium_bin2hex(out, SESSION_TOKEN_HEX, bytes, sizeof(bytes));
	sodium_memzero(bytes, sizeof(bytes));
}

int session_create(struct db *db, int64_t user_id, const char *source,
		   char token[SESSION_TOKEN_HEX], char csrf[SESSION_TOKEN_HEX])
{
	char hash[SESSION_TOKEN_HEX];
	random_hex(token);
	random_hex(csrf);
	session_hash_token(token, hash);
	int64_t now = clock_now();
	return db_exec(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, source)"
		       " VALUES ($1, $2, $3, $4, $4, $5)", "titit", hash, user_id, csrf, now, source ? source : "");
}

int session_load_scopes(struct db *db, struct arena *a, struct principal *p)
{
	struct db_stmt *st = db_query(db, "SELECT division FROM user_scopes WHERE user_id = $1 ORDER BY division",
				      "i", p->id);
	if (st == NULL)
		return DB_ERROR;
	int cap = 4, rc;
	p->scopes = arena_alloc(a, sizeof(char *) * (size_t)cap);
	p->nscopes = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (p->nscopes == cap) {
			const char **grown = arena_alloc(a, sizeof(char *) * (size_t)cap * 2);
			memcpy(grown, p->scopes, sizeof(char *) * (size_t)cap);
			p->scopes = grown;
			cap *= 2;
		}
		p->scopes[p->nscopes++] = arena_strdup(a, db_column_text(st, 0));
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

int session_lookup(struct db *db, struct arena *a, const struct session_limits *lim,
		   const char *token, struct principal **out)
{
	char hash[SESSION_TOKEN_HEX];
	if (strlen(token) != SESSION_TOKEN_HEX - 1)
		return DB_DONE;
	session_hash_token(token, hash);
	struct db_stmt *st = db_query(db,
		"SELECT s.csrf_token, s.created_at, s.last_seen, u.id, u.username, u.display_name, u.role,"
		" u.must_change_password, u.disabled, u.expires_on"
		" FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1", "t", hash);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_finalize(st);
		return rc;
	}
	int64_t now = clock_now();
	int64_t created = db_column_int(st, 1), last_seen = db_column_int(st, 2);
	bool disabled = db_column_int(st, 8) != 0;
	char today[11];
	workdays_day(now, today);
	bool expired = !db_column_is_null(st, 9) && strcmp(today, db_column_text(st, 9)) > 0;
	if (disabled || expired || now - last_seen >= lim->idle || now - created >= lim->absolute) {
		db_finalize(st);
		session_delete(db, hash);
		return DB_DONE;
	}
	struct principal *p = arena_zalloc(a, sizeof(*p));
	p->csrf_token = arena_strdup(a, db_column_text(st, 0));
	p->id = db_column_int(st, 3);
	p->username = arena_strdup(a, db_column_text(st, 4));
	p->display_name = arena_strdup(a, db_column_text(st, 5));
	p->role = role_from_name(db_column_text(st, 6));
	p->must_change_password = db_column_int(st, 7) != 0;
	p->session_hash = arena_strdup(a, hash);
	db_finalize(st);
	if (now - last_seen >= SESSION_TOUCH_SECONDS) {
		/* best effort: a long write elsewhere (an import, lianxin rekey) holding the database's
		 * write lock must not fail a read; the next request refreshes it */
		rc = db_exec(db, "UPDATE sessions SET last_seen = $1 WHERE token_hash = $2", "it", now, hash);
		if (rc == DB_BUSY)
			log_warn("session: last_seen not refreshed, the database is busy: %s", db_errmsg(db));
		else if (rc != DB_OK)
			return rc;
	}
	rc = session_load_scopes(db, a, p);
	if (rc != DB_OK)
		return rc;
	*out = p;
	return DB_ROW;
}

int session_delete(struct db *db, const char *token_hash)
{
	return db_exec(db, "DELETE FROM sessions WHERE token_hash = $1", "t", token_hash);
}

int session_delete_user(struct db *db, int64_t user_id, const char *keep_hash)
{
	if (keep_hash)
		return db_exec(db, "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2", "it",
			       user_id, keep_hash);
	return db_exec(db, "DELETE FROM sessions WHERE user_id = $1", "i", user_id);
}
