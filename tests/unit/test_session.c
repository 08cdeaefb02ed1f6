/*
 * test_session.c - sessions (create, lookup, idle and absolute expiry,
 * ending a user's sessions) and the rate limiter, with the test clock
 * moved through LIANXIN_TEST_CLOCK_FILE instead of sleeping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth/ratelimit.h"
#include "auth/session.h"
#include "core/arena.h"
#include "core/clock.h"
#include "db/migrate.h"
#include "modules/accounts/users.h"

static char clock_path[64];

static void set_clock(int64_t offset)
{
	FILE *fp = fopen(clock_path, "w");
	assert_non_null(fp);
	fprintf(fp, "%lld\n", (long long)offset);
	fclose(fp);
}

struct fixture {
	struct db *db;
	struct arena *a;
	int64_t user_id;
};

static const struct session_limits limits = { .idle = 1800, .absolute = 43200 };

static int setup(void **state)
{
	set_clock(0);
	struct fixture *f = test_calloc(1, sizeof(*f));
	char err[256];
	if (db_open("sqlite::memory:", NULL, &f->db, err, sizeof(err)) != DB_OK)
		return -1;
	if (migrate_run(f->db, NULL) != DB_OK)
		return -1;
	static const char *const scopes[] = { "469030100002", "469030100001" };
	struct user_new u = {
		.username = "villager", .display_name = "村干部", .role = ROLE_VILLAGE,
		.scopes = scopes, .nscopes = 2, .password = "Secret-pass-1", .must_change_password = true,
	};
	if (users_create(NULL, f->db, &u, &f->user_id) != DB_OK)
		return -1;
	f->a = arena_new();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	arena_free(f->a);
	db_close(f->db);
	test_free(f);
	set_clock(0);
	return 0;
}

static int64_t session_count(struct fixture *f)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT COUNT(*) FROM sessions", NULL), DB_ROW);
	return n;
}

static int lookup(struct fixture *f, const struct session_limits *lim, const char *token, struct principal **p)
{
	*p = NULL;
	return session_lookup(f->db, f->a, lim, token, p);
}

static void test_hash_token(void **state)
{
	(void)state;
	char out[SESSION_TOKEN_HEX];
	session_hash_token("abc", out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	session_hash_token("", out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_create_lookup(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, "10.0.0.1", token, csrf), DB_OK);
	assert_int_equal(strlen(token), 64);
	assert_int_equal(strlen(csrf), 64);
	assert_int_equal(strspn(token, "0123456789abcdef"), 64);
	assert_string_not_equal(token, csrf);

	/* only the hash is stored */
	char hash[SESSION_TOKEN_HEX];
	session_hash_token(token, hash);
	int64_t n = -1;
	assert_int_equal(db_query_int(f->db, &n, "SELECT COUNT(*) FROM sessions WHERE token_hash = $1", "t", hash),
			 DB_ROW);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(f->db, &n, "SELECT COUNT(*) FROM sessions WHERE token_hash = $1", "t", token),
			 DB_ROW);
	assert_int_equal(n, 0);

	struct principal *p;
	assert_int_equal(lookup(f, &limits, token, &p), DB_ROW);
	assert_non_null(p);
	assert_int_equal(p->id, f->user_id);
	assert_string_equal(p->username, "villager");
	assert_string_equal(p->display_name, "村干部");
	assert_int_equal(p->role, ROLE_VILLAGE);
	assert_true(p->must_change_password);
	assert_string_equal(p->csrf_token, csrf);
	assert_string_equal(p->session_hash, hash);
	assert_false(p->via_cookie);
	assert_int_equal(p->nscopes, 2);
	assert_string_equal(p->scopes[0], "469030100001");   /* sorted */
	assert_string_equal(p->scopes[1], "469030100002");

	/* a second session of the same user is independent */
	char token2[SESSION_TOKEN_HEX], csrf2[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, NULL, token2, csrf2), DB_OK);
	assert_string_not_equal(token, token2);
	assert_int_equal(lookup(f, &limits, token2, &p), DB_ROW);
	assert_string_equal(p->csrf_token, csrf2);
	assert_int_equal(session_count(f), 2);
}

static void test_unknown_token(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, "x", token, csrf), DB_OK);
	struct principal *p;
	char wrong[SESSION_TOKEN_HEX];
	memcpy(wrong, token, sizeof(wrong));
	wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
	assert_int_equal(lookup(f, &limits, wrong, &p), DB_DONE);
	assert_null(p);
	assert_int_equal(lookup(f, &limits, "", &p), DB_DONE);
	assert_int_equal(lookup(f, &limits, "abc", &p), DB_DONE);
	char longer[SESSION_TOKEN_HEX + 1];
	snprintf(longer, sizeof(longer), "%s0", token);
	assert_int_equal(lookup(f, &limits, longer, &p), DB_DONE);
	/* the hash itself is not a token */
	char hash[SESSION_TOKEN_HEX];
	session_hash_token(token, hash);
	assert_int_equal(lookup(f, &limits, hash, &p), DB_DONE);
	/* a miss deletes nothing */
	assert_int_equal(session_count(f), 1);
	assert_int_equal(lookup(f, &limits, token, &p), DB_ROW);
}

static void test_idle_expiry(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, "x", token, csrf), DB_OK);
	struct principal *p;
	set_clock(1790);
	assert_int_equal(lookup(f, &limits, token, &p), DB_ROW);   /* and last_seen moves */
	set_clock(1790 + 1790);
	assert_int_equal(lookup(f, &limits, token, &p), DB_ROW);
	set_clock(1790 + 1790 + 1801);
	assert_int_equal(lookup(f, &limits, token, &p), DB_DONE);
	assert_null(p);
	/* the expired session was deleted: moving the clock back doesn't revive it */
	assert_int_equal(session_count(f), 0);
	set_clock(0);
	assert_int_equal(lookup(f, &limits, token, &p), DB_DONE);
}

static void test_idle_expiry_untouched(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, "x", token, csrf), DB_OK);
	struct principal *p;
	set_clock(1801);
	assert_int_equal(lookup(f, &limits, token, &p), DB_DONE);
	set_clock(0);
	assert_int_equal(lookup(f, &limits, token, &p), DB_DONE);
	assert_int_equal(session_count(f), 0);

	/* a lookup within a minute of the last one doesn't move last_seen */
	assert_int_equal(session_create(f->db, f->user_id, "x", token, csrf), DB_OK);
	char hash[SESSION_TOKEN_HEX];
	session_hash_token(token, hash);
	int64_t before = 0, after = 0;
	assert_int_equal(db_query_int(f->db, &before, "SELECT last_seen FROM sessions WHERE token_hash = $1",
				      "t", hash), DB_ROW);
	set_clock(20);
	assert_int_equal(lookup(f, &limits, token, &p), DB_ROW);
	assert_int_equal(db_query_int(f->db, &after, "SELECT last_seen FROM sessions WHERE token_hash = $1",
				      "t", hash), DB_ROW);
	assert_int_equal(after, before);
	set_clock(1000);
	assert_int_equal(lookup(f, &limits, token, &p), DB_ROW);
	assert_int_equal(db_query_int(f->db, &after, "SELECT last_seen FROM sessions WHERE token_hash = $1",
				      "t", hash), DB_ROW);
	assert_in_range(after, before + 1000, before + 1010);
}

static void test_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	const struct session_limits lim = { .idle = 1800, .absolute = 3600 };
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, "x", token, csrf), DB_OK);
	struct principal *p;
	for (int64_t t = 1000; t <= 3000; t += 1000) {
		set_clock(t);
		assert_int_equal(lookup(f, &lim, token, &p), DB_ROW);   /* never idle */
	}
	set_clock(3601);
	assert_int_equal(lookup(f, &lim, token, &p), DB_DONE);
	set_clock(0);
	assert_int_equal(lookup(f, &lim, token, &p), DB_DONE);
	assert_int_equal(session_count(f), 0);
}

static void test_disabled_user(void **state)
{
	struct fixture *f = *state;
	char token[SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, f->user_id, "x", token, csrf), DB_OK);
	assert_int_equal(db_exec(f->db, "UPDATE users SET disabled = 1 WHERE id = $1", "i", f->user_id), DB_OK);
	struct principal *p;
	assert_int_equal(lookup(f, &limits, token, &p), DB_DONE);
	assert_int_equal(db_exec(f->db, "UPDATE users SET disabled = 0 WHERE id = $1", "i", f->user_id), DB_OK);
	assert_int_equal(lookup(f, &limits, token, &p), DB_DONE);
	assert_int_equal(session_count(f), 0);
}

static void test_delete(void **state)
{
	struct fixture *f = *state;
	char tok[3][SESSION_TOKEN_HEX], csrf[SESSION_TOKEN_HEX], hash[3][SESSION_TOKEN_HEX];
	for (int i = 0; i < 3; i++) {
		assert_int_equal(session_create(f->db, f->user_id, "x", tok[i], csrf), DB_OK);
		session_hash_token(tok[i], hash[i]);
	}
	/* another user's session is never touched */
	static const char *const scopes[] = { "530921" };
	struct user_new u = { .username = "other", .role = ROLE_COUNTY, .scopes = scopes, .nscopes = 1,
			      .password = "Other-pass-2" };
	int64_t other = 0;
	assert_int_equal(users_create(NULL, f->db, &u, &other), DB_OK);
	assert_true(other != f->user_id);
	char otok[SESSION_TOKEN_HEX];
	assert_int_equal(session_create(f->db, other, "y", otok, csrf), DB_OK);
	assert_int_equal(session_count(f), 4);

	assert_int_equal(session_delete_user(f->db, f->user_id, hash[1]), DB_OK);
	assert_int_equal(session_count(f), 2);
	struct principal *p;
	assert_int_equal(lookup(f, &limits, tok[0], &p), DB_DONE);
	assert_int_equal(lookup(f, &limits, tok[2], &p), DB_DONE);
	assert_int_equal(lookup(f, &limits, tok[1], &p), DB_ROW);
	assert_int_equal(p->id, f->user_id);
	assert_int_equal(lookup(f, &limits, otok, &p), DB_ROW);
	assert_int_equal(p->id, other);
	assert_int_equal(p->nscopes, 1);
	assert_string_equal(p->scopes[0], "530921");

	assert_int_equal(session_delete_user(f->db, f->user_id, NULL), DB_OK);
	assert_int_equal(session_count(f), 1);
	assert_int_equal(lookup(f, &limits, tok[1], &p), DB_DONE);

	assert_int_equal(session_delete(f->db, hash[0]), DB_OK);   /* already gone: fine */
	char ohash[SESSION_TOKEN_HEX];
	session_hash_token(otok, ohash);
	assert_int_equal(session_delete(f->db, ohash), DB_OK);
	assert_int_equal(session_count(f), 0);
}

static void test_ratelimit(void **state)
{
	struct fixture *f = *state;
	bool limited = true;
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.1", 3, 60, &limited), DB_OK);
		if (limited)
			fail_msg("hit %d limited", i);
	}
	assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.1", 3, 60, &limited), DB_OK);
	assert_true(limited);
	assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.1", 3, 60, &limited), DB_OK);
	assert_true(limited);
	/* another bucket counts on its own */
	assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.2", 3, 60, &limited), DB_OK);
	assert_false(limited);
	/* still limited within the window */
	set_clock(30);
	assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.1", 3, 60, &limited), DB_OK);
	assert_true(limited);
	/* a new window */
	set_clock(61);
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.1", 3, 60, &limited), DB_OK);
		if (limited)
			fail_msg("hit %d of the new window limited", i);
	}
	assert_int_equal(ratelimit_hit(f->db, "login:10.0.0.1", 3, 60, &limited), DB_OK);
	assert_true(limited);
	int64_t hits = 0;
	assert_int_equal(db_query_int(f->db, &hits, "SELECT hits FROM rate_limits WHERE bucket = $1", "t",
				      "login:10.0.0.1"), DB_ROW);
	assert_int_equal(hits, 4);
	/* limit 1: the second hit is over */
	assert_int_equal(ratelimit_hit(f->db, "one", 1, 60, &limited), DB_OK);
	assert_false(limited);
	assert_int_equal(ratelimit_hit(f->db, "one", 1, 60, &limited), DB_OK);
	assert_true(limited);
}

static void test_clock(void **state)
{
	(void)state;
	set_clock(0);
	int64_t t0 = clock_now();
	set_clock(86400);
	int64_t t1 = clock_now();
	assert_in_range(t1 - t0, 86400, 86402);
	set_clock(-3600);
	assert_in_range(clock_now() - t0, -3600, -3598);
	set_clock(0);
	char iso[21];
	clock_format_iso(0, iso);
	assert_string_equal(iso, "1970-01-01T00:00:00Z");
	clock_format_iso(1795305600, iso);
	assert_string_equal(iso, "2026-11-22T00:00:00Z");
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	snprintf(clock_path, sizeof(clock_path), "/tmp/lianxin-test-clock-XXXXXX");
	int fd = mkstemp(clock_path);
	if (fd < 0)
		return 1;
	close(fd);
	setenv("LIANXIN_TEST_CLOCK_FILE", clock_path, 1);
	clock_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_token),
		cmocka_unit_test(test_clock),
		cmocka_unit_test_setup_teardown(test_create_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_token, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_idle_expiry_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disabled_user, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ratelimit, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(clock_path);
	return failed;
}
