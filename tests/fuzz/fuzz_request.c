/*
 * fuzz_request.c - libFuzzer target for the request -> route -> JSON body path.
 *
 * Each input is one HTTP request in a small text form (see README.md):
 *
 *     METHOD /path?query [HTTP/1.1]
 *     Name: value
 *     ...
 *     <empty line>
 *     body bytes
 *
 * The harness plays the part of http/server.c: it percent-decodes the path
 * and the query (libmicrohttpd's rules: '+' is a space in the query only, a
 * decoded NUL ends the string), answers header look-ups case-insensitively,
 * refuses over-limit bodies the way the transport does (413 before
 * dispatch), and then runs the real pipeline: app_handle -> app_done ->
 * req_release.  The database is SQLite in memory with the real migrations
 * and a few fixed accounts, each with a live session; a header line
 * "X-Fuzz-Auth: N" lends the request one of them (see fixture[] below).
 *
 * Invariants checked on every reply (a violation traps):
 *   - the status is 200..599 and a reply body exists;
 *   - a JSON reply serialises; a status >= 400 has the error shape
 *     {"error":{"code","message_zh","message_en","field"?}} with strings;
 *   - 405 carries an Allow header;
 *   - no handler leaves a database transaction open.
 *
 * Inputs that are skipped (return -1, never added to the corpus):
 *   - over 64 KiB, a malformed request line, a body over the route's limit;
 *   - the routes that hash or verify a password with Argon2id (~100 ms
 *     each: POST /auth/login, /me/password, /users/:id/password and
 *     POST /users) - they would drag the whole run down to a few exec/s;
 *   - the routes that would end the fixed sessions (POST /auth/logout,
 *     DELETE /users/:id), so that later inputs still reach the
 *     authenticated handlers.  PATCH /users/:id may disable or re-scope a
 *     fixture account; the fixture is restored after every PATCH.
 * The database persists across inputs (that is how the server runs), so a
 * crash found after a long run may need the preceding inputs to reproduce.
 */
#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/app.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/request.h"
#include "http/router.h"
#include "modules/accounts/auth_api.h"
#include "modules/accounts/users.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX_INPUT (64 * 1024)
#define FUZZ_MAX_HEADERS 32
#define FUZZ_MAX_METHOD 16

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "fuzz_request: invariant failed: %s (%s:%d)\n", \
				#cond, __FILE__, __LINE__);                           \
			__builtin_trap();                                             \
		}                                                                     \
	} while (0)

/* ---- fixture ------------------------------------------------------------- */

struct fixture_user {
	const char *username;
	enum role role;
	const char *scope;
	/* filled at start-up */
	int64_t id;
	char token[SESSION_TOKEN_HEX];
	char csrf[SESSION_TOKEN_HEX];
	char token_hash[SESSION_TOKEN_HEX];
};

/* "X-Fuzz-Auth: 1" is fixture[0], "2" fixture[1] ...; "c" is fixture[0]
 * by cookie (with the right X-CSRF-Token unless the input sends one). */
static struct fixture_user fixture[] = {
	{ "fuzzadmin", ROLE_ADMIN, "", 0, "", "", "" },          /* users.*, no audit */
	{ "fuzzauditor", ROLE_AUDITOR, "", 0, "", "", "" },      /* audit.read */
	{ "fuzzcounty", ROLE_COUNTY, "130102", 0, "", "", "" },  /* scoped users.write */
	{ "fuzzvillage", ROLE_VILLAGE, "130102001001", 0, "", "", "" }, /* a PATCH target in scope */
};
#define NFIXTURE ((int)(sizeof(fixture) / sizeof(fixture[0])))

static struct config cfg;
static struct db_pool *pool;
static struct app app;
static bool verbose;   /* FUZZ_REQUEST_VERBOSE=1: print each request and its reply */

static void die(const char *what, struct db *db)
{
	fprintf(stderr, "fuzz_request: %s%s%s\n", what, db ? ": " : "", db ? db_errmsg(db) : "");
	abort();
}

/* Put every fixture account back the way start-up made it: role, scope,
 * enabled, unlocked, and its session live (fresh timestamps). */
static void fixture_restore(struct db *db)
{
	const int64_t now = clock_now();
	for (int i = 0; i < NFIXTURE; i++) {
		struct fixture_user *f = &fixture[i];
		if (db_exec(db, "UPDATE users SET role = $1, disabled = 0, must_change_password = 0,"
				" failed_logins = 0, locked_until = 0 WHERE id = $2",
			    "ti", role_name(f->role), f->id) != DB_OK ||
		    db_exec(db, "DELETE FROM user_scopes WHERE user_id = $1", "i", f->id) != DB_OK ||
		    db_exec(db, "INSERT INTO user_scopes (user_id, division) VALUES ($1, $2)", "it",
			    f->id, f->scope) != DB_OK ||
		    db_exec(db, "DELETE FROM sessions WHERE token_hash = $1", "t", f->token_hash) != DB_OK ||
		    db_exec(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen, source)"
				" VALUES ($1, $2, $3, $4, $4, 'fuzz')",
			    "titi", f->token_hash, f->id, f->csrf, now) != DB_OK)
			die("restoring the fixture", db);
	}
}

/* Add -dict=tests/fuzz/request.dict (route names, JSON keys, roles,
 * division codes) when run from the repository root without a -dict flag:
 * libFuzzer parses its flags after LLVMFuzzerInitialize returns. */
static void add_dictionary(int *argc, char ***argv)
{
	static const char dict[] = "tests/fuzz/request.dict";
	for (int i = 1; i < *argc; i++)
		if (strncmp((*argv)[i], "-dict=", 6) == 0)
			return;
	if (access(dict, R_OK) != 0)
		return;
	char **grown = calloc((size_t)*argc + 2, sizeof(*grown));
	if (grown == NULL)
		return;
	memcpy(grown, *argv, sizeof(*grown) * (size_t)*argc);
	grown[*argc] = strdup("-dict=tests/fuzz/request.dict");
	grown[*argc + 1] = NULL;
	if (grown[*argc] == NULL) {
		free(grown);
		return;
	}
	*argv = grown;   /* kept for the life of the process */
	(*argc)++;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	add_dictionary(argc, argv);
	if (sodium_init() < 0)
		die("sodium_init failed", NULL);
	clock_init();
	verbose = getenv("FUZZ_REQUEST_VERBOSE") != NULL;
	log_set_level(LOG_ERROR);
	config_defaults(&cfg);
	char err[256];
	/* a web root that does not exist: non-API GETs answer 404 at once */
	if (config_set(&cfg, "web-root", "/nonexistent/lianxin-fuzz-web-root", err, sizeof(err)))
		die(err, NULL);
	cfg.access_log = false;

	/* "sqlite::memory:" gives every pool connection its own empty database:
	 * a pool of one keeps the single migrated connection for every input. */
	struct db_options opt = { .sqlite_synchronous = "NORMAL" };
	pool = db_pool_new("sqlite::memory:", &opt, 1);
	struct db *db = db_pool_get(pool);
	if (db == NULL)
		die("cannot open sqlite::memory:", NULL);
	if (migrate_run(db, NULL) != DB_OK)
		die("migrations failed", db);
	for (int i = 0; i < NFIXTURE; i++) {
		struct fixture_user *f = &fixture[i];
		const char *scopes[] = { f->scope };
		/* one Argon2id hash per account, once per process */
		struct user_new u = { .username = f->username, .display_name = f->username, .role = f->role,
				      .scopes = scopes, .nscopes = 1, .password = "Fuzz-password-1234",
				      .must_change_password = false };
		if (users_create(NULL, db, &u, &f->id) != DB_OK)
			die("users_create", db);
		if (session_create(db, f->id, "fuzz", f->token, f->csrf) != DB_OK)
			die("session_create", db);
		session_hash_token(f->token, f->token_hash);
	}
	db_pool_put(pool, db);
	app_init(&app, &cfg, pool, "sqlite");
	return 0;
}

/* ---- the request parser -------------------------------------------------- */

struct fuzz_transport {
	struct kv headers[FUZZ_MAX_HEADERS];
	int nheaders;
};

static const char *fuzz_header(const struct req *r, const char *name)
{
	const struct fuzz_transport *t = r->transport;
	for (int i = 0; i < t->nheaders; i++)
		if (strcasecmp(t->headers[i].name, name) == 0)
			return t->headers[i].value;
	return NULL;
}

static void add_header(struct fuzz_transport *t, const char *name, const char *value)
{
	if (t->nheaders < FUZZ_MAX_HEADERS) {
		t->headers[t->nheaders].name = name;
		t->headers[t->nheaders].value = value;
		t->nheaders++;
	}
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode s[0..n) into the arena like libmicrohttpd: a bad escape
 * stays as it is, '+' is a space when plus is set, and a decoded NUL ends
 * the string. */
static char *pct_decode(struct arena *a, const char *s, size_t n, bool plus)
{
	char *out = arena_alloc(a, n + 1);
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;
		if (c == '%' && i + 2 < n && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0) {
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (plus && c == '+') {
			c = ' ';
		}
		out[j++] = (char)c;
	}
	out[j] = '\0';
	CHECK(j <= n);
	return out;
}

/* Split "a=1&b&c=%20" into r->query (decoded). */
static void parse_query(struct req *r, const char *q, size_t n)
{
	int cap = 0;
	size_t i = 0;
	while (i < n) {
		size_t end = i;
		while (end < n && q[end] != '&')
			end++;
		if (end > i) {
			size_t eq = i;
			while (eq < end && q[eq] != '=')
				eq++;
			const char *name = pct_decode(r->arena, q + i, eq - i, true);
			const char *value = eq < end ? pct_decode(r->arena, q + eq + 1, end - eq - 1, true) : "";
			if (r->nquery == cap) {
				cap = cap ? cap * 2 : 8;
				struct kv *grown = arena_alloc(r->arena, sizeof(*grown) * (size_t)cap);
				if (r->nquery)
					memcpy(grown, r->query, sizeof(*grown) * (size_t)r->nquery);
				r->query = grown;
			}
			r->query[r->nquery].name = name;
			r->query[r->nquery].value = value;
			r->nquery++;
		}
		i = end + 1;
	}
}

static bool is_tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* The next line of buf[*pos..end): returns its start, sets *len without the
 * line ending, advances *pos past "\n" (a preceding "\r" is dropped).
 * NULL at the end of the input. */
static const char *next_line(const char *buf, size_t end, size_t *pos, size_t *len, bool *had_newline)
{
	if (*pos >= end)
		return NULL;
	const char *start = buf + *pos;
	const char *nl = memchr(start, '\n', end - *pos);
	size_t n = nl ? (size_t)(nl - start) : end - *pos;
	*pos += n + (nl ? 1 : 0);
	*had_newline = nl != NULL;
	if (n > 0 && start[n - 1] == '\r')
		n--;
	*len = n;
	return start;
}

static char *trimmed(struct arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* Would this route hash or verify a password, or end a fixed session? */
static bool skipped_route(const struct route *rt)
{
	return rt->handler == auth_login || rt->handler == auth_logout ||
	       rt->handler == auth_change_password || rt->handler == users_post ||
	       rt->handler == users_reset_password || rt->handler == users_delete;
}

/* ---- invariants ---------------------------------------------------------- */

static bool has_string(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return v != NULL && json_is_string(v);
}

static void check_reply(const struct req *r)
{
	CHECK(r->status >= 200 && r->status <= 599);
	CHECK(r->out != NULL || r->out_body != NULL || r->out_fd >= 0);
	if (r->out) {
		char *s = json_dumps(r->out, JSON_COMPACT);
		CHECK(s != NULL);
		free(s);
	}
	if (r->status >= 400) {
		CHECK(r->out != NULL && json_is_object(r->out));
		const json_t *e = json_object_get(r->out, "error");
		CHECK(e != NULL && json_is_object(e));
		CHECK(has_string(e, "code"));
		CHECK(has_string(e, "message_zh"));
		CHECK(has_string(e, "message_en"));
		const json_t *field = json_object_get(e, "field");
		CHECK(field == NULL || json_is_string(field));
	}
	if (r->status == 405) {
		bool allow = false;
		for (int i = 0; i < r->nout_headers; i++)
			allow |= strcasecmp(r->out_headers[i].name, "Allow") == 0 && r->out_headers[i].value[0];
		CHECK(allow);
	}
	CHECK(r->nout_headers >= 0 && r->nout_headers <= REQ_MAX_REPLY_HEADERS);
}

/* ---- one input ----------------------------------------------------------- */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned long runs;
	if (size > FUZZ_MAX_INPUT)
		return -1;
	struct arena *a = arena_new();
	char *buf = arena_alloc(a, size + 1);
	if (size)
		memcpy(buf, data, size);
	buf[size] = '\0';

	/* request line: METHOD SP target [SP version] */
	size_t pos = 0, len = 0;
	bool nl = false;
	const char *line = next_line(buf, size, &pos, &len, &nl);
	if (line == NULL) {
		arena_free(a);
		return -1;
	}
	size_t m = 0;
	while (m < len && line[m] != ' ')
		m++;
	if (m == 0 || m > FUZZ_MAX_METHOD || m == len) {
		arena_free(a);
		return -1;
	}
	for (size_t i = 0; i < m; i++)
		if (!is_tchar((unsigned char)line[i])) {
			arena_free(a);
			return -1;
		}
	const char *target = line + m + 1;
	size_t tlen = 0;
	while (m + 1 + tlen < len && target[tlen] != ' ')
		tlen++;
	if (tlen == 0 || target[0] != '/') {
		arena_free(a);
		return -1;
	}
	const char *qmark = memchr(target, '?', tlen);
	size_t plen = qmark ? (size_t)(qmark - target) : tlen;

	struct fuzz_transport t = { .nheaders = 0 };
	struct req r;
	req_init(&r, a);
	r.app = &app;
	r.transport = &t;
	r.header_fn = fuzz_header;
	memcpy(r.request_id, "f0f0f0f0f0f0f0f0", 17);
	r.remote_addr = "127.0.0.1";
	r.method = arena_strndup(a, line, m);
	r.path = pct_decode(a, target, plen, false);
	if (qmark)
		parse_query(&r, qmark + 1, tlen - plen - 1);

	/* headers up to an empty line */
	const char *fuzz_auth = NULL;
	while (nl && (line = next_line(buf, size, &pos, &len, &nl)) != NULL && len > 0) {
		const char *colon = memchr(line, ':', len);
		if (colon == NULL || colon == line)
			continue;
		const char *name = trimmed(a, line, (size_t)(colon - line));
		const char *value = trimmed(a, colon + 1, len - (size_t)(colon - line) - 1);
		if (strcasecmp(name, "X-Fuzz-Auth") == 0)
			fuzz_auth = value;
		else
			add_header(&t, name, value);
	}
	if (fuzz_auth) {
		/* the input's own headers come first, so they win over these */
		if (strcmp(fuzz_auth, "c") == 0) {
			add_header(&t, "Cookie", arena_printf(a, "%s=%s", SESSION_COOKIE, fixture[0].token));
			add_header(&t, "X-CSRF-Token", fixture[0].csrf);
		} else {
			int i = fuzz_auth[0] - '1';
			if (i >= 0 && i < NFIXTURE && fuzz_auth[1] == '\0')
				add_header(&t, "Authorization", arena_printf(a, "Bearer %s", fixture[i].token));
		}
	}

	/* the body: everything after the empty line, NUL-terminated */
	r.body = pos <= size ? buf + pos : buf + size;
	r.body_len = size - (size_t)(r.body - buf);

	/* the transport answers 413 before dispatch; skip the Argon2 routes and
	 * those that would end the fixture's sessions */
	const struct route *rt = NULL;
	char allow[64];
	enum route_match match = router_match(app.routes, app.nroutes, r.method, r.path, NULL, &rt,
					      allow, sizeof(allow));
	if (r.body_len > app_body_limit(&app, r.method, r.path) ||
	    (match == ROUTE_FOUND && skipped_route(rt))) {
		arena_free(a);
		return -1;
	}

	app_handle(&r);
	check_reply(&r);
	if (verbose) {
		char *out = r.out ? json_dumps(r.out, JSON_COMPACT) : NULL;
		fprintf(stderr, "fuzz_request: %s %s -> %d %s\n", r.method, r.path, r.status, out ? out : "");
		free(out);
	}
	/* a handler must commit or roll back what it began */
	CHECK(r.db == NULL || !db_in_transaction(r.db));
	app_done(&r);
	CHECK(r.db == NULL);
	if (r.out_fd >= 0)
		close(r.out_fd);
	req_release(&r);
	arena_free(a);

	/* keep the fixture usable: PATCH may disable or re-scope an account,
	 * and sessions age (idle and absolute limits) over a long run */
	if ((match == ROUTE_FOUND && rt->handler == users_patch) || ++runs % 4096 == 0) {
		struct db *db = db_pool_get(pool);
		CHECK(db != NULL);
		fixture_restore(db);
		db_pool_put(pool, db);
	}
	return 0;
}
