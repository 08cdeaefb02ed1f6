/*
 * core.c - API tests of the foundation against the real server over HTTP.
 *
 * usage: api_core --server build/lianxin --db sqlite|postgres
 * With --db postgres the database comes from PG_TEST_URL (see
 * scripts/with-postgres.sh); with sqlite a fresh file in a temp directory.
 */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

static const char *binary;
static char db_url[1024];
static struct server srv;
static struct session admin;

#define ADMIN_PW "Chief-Pass-2026"
#define USER_PW "Initial-Pass-1"
#define CHANGED_PW "Changed-Pass-2"

/* ---- helpers ------------------------------------------------------------ */

/* Create a user as creator and return its id (0 on failure). */
static int64_t create_user(const struct session *creator, const char *username, const char *role,
			   const char *scope)
{
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"username\":\"%s\",\"display_name\":\"测试 %s\",\"role\":\"%s\",\"scopes\":[\"%s\"],\"password\":\"%s\"}",
		 username, username, role, scope, USER_PW);
	struct resp r;
	struct req_opts o = as(creator);
	http(&srv, "POST", "/api/v1/users", body, &o, &r);
	EXPECT(r.status == 201, "create %s: %ld %s", username, r.status, r.body);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	EXPECT(json_is_true(json_object_get(r.json, "must_change_password")),
	       "a user created by another must change the password: %s", r.body);
	resp_free(&r);
	return id;
}

/* Log in with USER_PW and change it to CHANGED_PW; returns the session. */
static void activate(const char *username, struct session *s)
{
	EXPECT(login(&srv, username, USER_PW, s) == 200, "first login of %s", username);
	struct resp r;
	struct req_opts o = as(s);
	http(&srv, "POST", "/api/v1/me/password",
	     "{\"old_password\":\"" USER_PW "\",\"new_password\":\"" CHANGED_PW "\"}", &o, &r);
	EXPECT(r.status == 200, "password change of %s: %ld %s", username, r.status, r.body);
	resp_free(&r);
}

static bool list_has_user(json_t *list, const char *username)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (strcmp(json_string_value(json_object_get(item, "username")), username) == 0)
			return true;
	return false;
}

/* ---- tests -------------------------------------------------------------- */

static void test_health_and_headers(void)
{
	struct resp r;
	http(&srv, "GET", "/api/v1/health", NULL, NULL, &r);
	EXPECT(r.status == 200, "health status %ld", r.status);
	EXPECT(!strcmp(json_string_value(json_object_get(r.json, "status")), "ok"), "health body %s", r.body);
	const char *want_db = strncmp(db_url, "sqlite:", 7) == 0 ? "sqlite" : "postgres";
	EXPECT(!strcmp(json_string_value(json_object_get(r.json, "db")), want_db), "health db %s", r.body);
	EXPECT(json_is_string(json_object_get(r.json, "version")), "health version %s", r.body);
	char buf[512];
	EXPECT(resp_header(&r, "Content-Security-Policy", buf, sizeof(buf)) && strstr(buf, "frame-ancestors 'none'"),
	       "CSP header");
	EXPECT(resp_header(&r, "X-Content-Type-Options", buf, sizeof(buf)) && !strcmp(buf, "nosniff"), "nosniff");
	EXPECT(resp_header(&r, "Referrer-Policy", buf, sizeof(buf)) != NULL, "Referrer-Policy");
	EXPECT(resp_header(&r, "Cache-Control", buf, sizeof(buf)) && !strcmp(buf, "no-store"), "no-store on API");
	EXPECT(resp_header(&r, "X-Request-Id", buf, sizeof(buf)) && strlen(buf) == 16, "request id");
	resp_free(&r);
	/* a non-API path is not an API error page: the UI is not built here, so 404 */
	http(&srv, "GET", "/households/12", NULL, NULL, &r);
	EXPECT(r.status == 404, "UI path without web root: %ld", r.status);
	EXPECT(resp_header(&r, "Content-Security-Policy", buf, sizeof(buf)) != NULL, "CSP on every response");
	resp_free(&r);
}

static void test_first_admin(void)
{
	EXPECT(srv.admin_password[0] != '\0', "the first start wrote an administrator password to %s",
	       srv.admin_password_file);
	EXPECT(!srv.password_on_stdout, "off a terminal the password is not on standard output");
	struct stat pw_stat;
	EXPECT(stat(srv.admin_password_file, &pw_stat) == 0 && (pw_stat.st_mode & 077) == 0,
	       "the password file is readable by its owner only (%o)", (unsigned)pw_stat.st_mode);
	struct session s;
	EXPECT(login(&srv, "admin", srv.admin_password, &s) == 200, "admin logs in with the printed password");
	json_t *me = get_json(&s, "/api/v1/me", 200);
	json_t *user = json_object_get(me, "user");
	EXPECT(json_is_true(json_object_get(user, "must_change_password")), "admin must change the password");
	EXPECT(!strcmp(json_string_value(json_array_get(json_object_get(user, "scopes"), 0)), ""),
	       "admin scope is the whole country");
	EXPECT(json_is_string(json_object_get(me, "csrf_token")), "me returns the csrf token");
	json_decref(me);

	struct resp r;
	struct req_opts o = as(&s);
	http(&srv, "GET", "/api/v1/users", NULL, &o, &r);
	expect_error(&r, 403, "password_change_required", "other routes before the change");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/me/password", "{\"old_password\":\"wrong-Old-1\",\"new_password\":\"" ADMIN_PW "\"}", &o, &r);
	expect_error(&r, 400, "wrong_password", "wrong current password");
	resp_free(&r);
	char body[256];
	const char *weak[] = { "short1A", "alllowercaseletters", "admin", "ADMIN" };
	for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
		snprintf(body, sizeof(body), "{\"old_password\":\"%s\",\"new_password\":\"%s\"}", srv.admin_password, weak[i]);
		http(&srv, "POST", "/api/v1/me/password", body, &o, &r);
		expect_error(&r, 400, "weak_password", weak[i]);
		EXPECT(!strcmp(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "new_password"),
		       "weak password names the field");
		resp_free(&r);
	}
	snprintf(body, sizeof(body), "{\"old_password\":\"%s\",\"new_password\":\"" ADMIN_PW "\"}", srv.admin_password);
	http(&srv, "POST", "/api/v1/me/password", body, &o, &r);
	EXPECT(r.status == 200, "password change: %ld %s", r.status, r.body);
	EXPECT(json_is_false(json_object_get(json_object_get(r.json, "user"), "must_change_password")), "flag cleared");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/users", NULL, &o, &r);
	EXPECT(r.status == 200, "the same session works after the change: %ld", r.status);
	resp_free(&r);
	EXPECT(login(&srv, "admin", srv.admin_password, NULL) == 401, "the old password no longer works");
	EXPECT(login(&srv, "admin", ADMIN_PW, &admin) == 200, "the new password works");
}

static void test_error_format(void)
{
	struct resp r;
	struct req_opts o = as(&admin);
	http(&srv, "GET", "/api/v1/no/such/route", NULL, &o, &r);
	expect_error(&r, 404, "not_found", "unknown route");
	resp_free(&r);
	http(&srv, "PUT", "/api/v1/health", "{}", &o, &r);
	expect_error(&r, 405, "method_not_allowed", "wrong method");
	char allow[128];
	EXPECT(resp_header(&r, "Allow", allow, sizeof(allow)) && strstr(allow, "GET"), "Allow header: %s", r.headers);
	resp_free(&r);
	http(&srv, "GET", "/api/v1/me", NULL, NULL, &r);
	expect_error(&r, 401, "not_logged_in", "no credentials");
	resp_free(&r);
	struct session bogus = { .token = "0000000000000000000000000000000000000000000000000000000000000000" };
	struct req_opts ob = as(&bogus);
	http(&srv, "GET", "/api/v1/me", NULL, &ob, &r);
	expect_error(&r, 401, "not_logged_in", "unknown token");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users", "{\"username\": ", &o, &r);
	expect_error(&r, 400, "bad_json", "malformed JSON");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users", "{\"username\":\"x1x\",\"bogus\":1}", &o, &r);
	expect_error(&r, 400, "unknown_field", "unknown key");
	EXPECT(!strcmp(json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "bogus"),
	       "the unknown key is named");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users", "{\"username\":\"nopass\",\"role\":\"viewer\",\"scopes\":[\"469030\"]}", &o, &r);
	expect_error(&r, 400, "missing_field", "missing password");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users", "[1,2]", &o, &r);
	expect_error(&r, 400, "bad_json", "array instead of object");
	resp_free(&r);
	struct req_opts ot = { .auth = &admin, .content_type = "text/plain" };
	http(&srv, "POST", "/api/v1/users", "username=x", &ot, &r);
	expect_error(&r, 415, "unsupported_media_type", "wrong content type");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/users?page=0", NULL, &o, &r);
	expect_error(&r, 400, "bad_paging", "page 0");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/users?page_size=201", NULL, &o, &r);
	expect_error(&r, 400, "bad_paging", "page_size 201");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/users/abc", NULL, &o, &r);
	expect_error(&r, 404, "not_found", "non-numeric id");
	resp_free(&r);
}

static void test_oversized_body(void)
{
	size_t n = 1024 * 1024 + 16;
	char *big = malloc(n + 1);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	big[n] = '\0';
	struct resp r;
	struct req_opts o = as(&admin);
	http(&srv, "POST", "/api/v1/users", big, &o, &r);
	expect_error(&r, 413, "too_large", "a JSON body over 1 MiB");
	resp_free(&r);
	big[1024 * 1000] = '}';
	big[1024 * 1000 + 1] = '\0';
	http(&srv, "POST", "/api/v1/users", big, &o, &r);
	EXPECT(r.status == 400, "a body under the limit is read (and rejected for content): %ld", r.status);
	resp_free(&r);
	free(big);
}

static void test_users_and_paging(void)
{
	struct resp r;
	struct req_opts o = as(&admin);
	int64_t id = create_user(&admin, "pager1", "viewer", "469030");
	create_user(&admin, "pager2", "viewer", "469030");
	create_user(&admin, "pager3", "viewer", "469030");
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"pager1\",\"role\":\"viewer\",\"scopes\":[\"469030\"],\"password\":\"" USER_PW "\"}", &o, &r);
	expect_error(&r, 409, "conflict", "duplicate username");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"bad name\",\"role\":\"viewer\",\"scopes\":[\"469030\"],\"password\":\"" USER_PW "\"}", &o, &r);
	expect_error(&r, 400, "validation", "bad username");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"badscope\",\"role\":\"viewer\",\"scopes\":[\"46903\"],\"password\":\"" USER_PW "\"}", &o, &r);
	expect_error(&r, 400, "bad_division", "bad division code");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"badrole\",\"role\":\"king\",\"scopes\":[\"469030\"],\"password\":\"" USER_PW "\"}", &o, &r);
	expect_error(&r, 400, "validation", "bad role");
	resp_free(&r);

	json_t *page = get_json(&admin, "/api/v1/users?q=pager&page=1&page_size=2", 200);
	EXPECT(json_integer_value(json_object_get(page, "total")) == 3, "total of q=pager");
	EXPECT(json_array_size(json_object_get(page, "items")) == 2, "page 1 has 2 items");
	EXPECT(json_integer_value(json_object_get(page, "page_size")) == 2, "page_size echoed");
	json_decref(page);
	page = get_json(&admin, "/api/v1/users?q=pager&page=2&page_size=2", 200);
	EXPECT(json_array_size(json_object_get(page, "items")) == 1, "page 2 has 1 item");
	EXPECT(list_has_user(page, "pager3"), "page 2 holds the third (sorted by username)");
	json_decref(page);

	char path[64];
	snprintf(path, sizeof(path), "/api/v1/users/%lld", (long long)id);
	http(&srv, "PATCH", path, "{\"display_name\":\"改名\",\"role\":\"village\",\"scopes\":[\"469030100\"]}", &o, &r);
	EXPECT(r.status == 200, "patch: %ld %s", r.status, r.body);
	EXPECT(!strcmp(json_string_value(json_object_get(r.json, "role")), "village"), "role changed");
	EXPECT(!strcmp(json_string_value(json_array_get(json_object_get(r.json, "scopes"), 0)), "469030100"),
	       "scope changed");
	resp_free(&r);
	http(&srv, "DELETE", path, NULL, &o, &r);
	EXPECT(r.status == 200, "delete: %ld %s", r.status, r.body);
	resp_free(&r);
	http(&srv, "GET", path, NULL, &o, &r);
	expect_error(&r, 404, "not_found", "deleted user");
	resp_free(&r);
}

static void test_csrf(void)
{
	struct session s;
	create_user(&admin, "csrfuser", "viewer", "469030");
	activate("csrfuser", &s);
	struct resp r;
	struct req_opts cookie = { .auth = &s, .cookie = true };
	http(&srv, "GET", "/api/v1/me", NULL, &cookie, &r);
	EXPECT(r.status == 200, "cookie authenticates a GET: %ld", r.status);
	resp_free(&r);
	struct req_opts nocsrf = { .auth = &s, .cookie = true, .no_csrf = true };
	const char *body = "{\"old_password\":\"nope-Nope-1\",\"new_password\":\"Whatever-Pass-9\"}";
	http(&srv, "POST", "/api/v1/me/password", body, &nocsrf, &r);
	expect_error(&r, 403, "csrf", "cookie POST without the CSRF header");
	resp_free(&r);
	struct session wrong = s;
	snprintf(wrong.csrf, sizeof(wrong.csrf), "0123");
	struct req_opts badcsrf = { .auth = &wrong, .cookie = true };
	http(&srv, "POST", "/api/v1/me/password", body, &badcsrf, &r);
	expect_error(&r, 403, "csrf", "cookie POST with a wrong CSRF header");
	resp_free(&r);
	http(&srv, "POST", "/api/v1/me/password", body, &cookie, &r);
	expect_error(&r, 400, "wrong_password", "cookie POST with the right CSRF header reaches the handler");
	resp_free(&r);
	struct req_opts bearer = as(&s);
	http(&srv, "POST", "/api/v1/me/password", body, &bearer, &r);
	expect_error(&r, 400, "wrong_password", "bearer POST needs no CSRF header");
	resp_free(&r);
}

static void test_login_cookie_and_logout(void)
{
	struct resp r;
	http(&srv, "POST", "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" ADMIN_PW "\"}", NULL, &r);
	char cookie[512];
	EXPECT(resp_header(&r, "Set-Cookie", cookie, sizeof(cookie)) != NULL, "login sets a cookie");
	EXPECT(strstr(cookie, "HttpOnly") && strstr(cookie, "SameSite=Strict") && strstr(cookie, "lianxin_session=") &&
	       !strstr(cookie, "Secure"),
	       "cookie flags (not Secure by default): %s", cookie);
	struct session s;
	snprintf(s.token, sizeof(s.token), "%s", json_string_value(json_object_get(r.json, "token")));
	snprintf(s.csrf, sizeof(s.csrf), "%s", json_string_value(json_object_get(r.json, "csrf_token")));
	EXPECT(strlen(s.token) == 64, "a 256-bit token in hex");
	EXPECT(strstr(cookie, s.token) != NULL, "the cookie carries the token");
	resp_free(&r);
	struct req_opts o = as(&s);
	http(&srv, "POST", "/api/v1/auth/logout", NULL, &o, &r);
	EXPECT(r.status == 200, "logout: %ld %s", r.status, r.body);
	EXPECT(resp_header(&r, "Set-Cookie", cookie, sizeof(cookie)) && strstr(cookie, "Max-Age=0"), "cookie cleared");
	resp_free(&r);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	expect_error(&r, 401, "not_logged_in", "token after logout");
	resp_free(&r);
}

static void test_lockout(void)
{
	create_user(&admin, "locky", "viewer", "469030");
	struct resp wrong, locked;
	for (int i = 0; i < 5; i++)
		EXPECT(login(&srv, "locky", "Wrong-Pass-1", NULL) == 401, "wrong password %d", i + 1);
	http(&srv, "POST", "/api/v1/auth/login", "{\"username\":\"locky\",\"password\":\"Wrong-Pass-1\"}", NULL, &wrong);
	http(&srv, "POST", "/api/v1/auth/login", "{\"username\":\"locky\",\"password\":\"" USER_PW "\"}", NULL, &locked);
	EXPECT(locked.status == 401, "the right password is refused while locked: %ld", locked.status);
	EXPECT(locked.status == wrong.status && !strcmp(locked.body, wrong.body),
	       "a locked account answers exactly like a wrong password: %s vs %s", locked.body, wrong.body);
	resp_free(&wrong);
	resp_free(&locked);
	struct resp unknown;
	http(&srv, "POST", "/api/v1/auth/login", "{\"username\":\"nobody-here\",\"password\":\"x\"}", NULL, &unknown);
	expect_error(&unknown, 401, "bad_credentials", "unknown user");
	resp_free(&unknown);
	server_advance_clock(&srv, 14 * 60);
	EXPECT(login(&srv, "locky", USER_PW, NULL) == 401, "still locked after 14 minutes");
	server_advance_clock(&srv, 2 * 60);
	EXPECT(login(&srv, "locky", USER_PW, NULL) == 200, "unlocked after 15 minutes");
	/* the counter starts again from zero after a success */
	for (int i = 0; i < 4; i++)
		login(&srv, "locky", "Wrong-Pass-1", NULL);
	EXPECT(login(&srv, "locky", USER_PW, NULL) == 200, "4 failures do not lock");
}

static void test_timeouts(void)
{
	struct session s;
	EXPECT(login(&srv, "admin", ADMIN_PW, &s) == 200, "login");
	struct resp r;
	struct req_opts o = as(&s);
	server_advance_clock(&srv, 29 * 60);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	EXPECT(r.status == 200, "alive after 29 idle minutes: %ld", r.status);
	resp_free(&r);
	server_advance_clock(&srv, 29 * 60);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	EXPECT(r.status == 200, "activity keeps it alive: %ld", r.status);
	resp_free(&r);
	server_advance_clock(&srv, 31 * 60);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	expect_error(&r, 401, "not_logged_in", "after 31 idle minutes");
	resp_free(&r);

	EXPECT(login(&srv, "admin", ADMIN_PW, &s) == 200, "login");
	for (int i = 0; i < 28; i++) {   /* 28 x 25 min = 11 h 40 min */
		server_advance_clock(&srv, 25 * 60);
		http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
		bool ok = r.status == 200;
		resp_free(&r);
		if (!ok) {
			EXPECT(ok, "an active session lives until 12 hours (failed at %d min)", (i + 1) * 25);
			break;
		}
	}
	server_advance_clock(&srv, 25 * 60);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	expect_error(&r, 401, "not_logged_in", "after 12 hours even when active");
	resp_free(&r);
	EXPECT(login(&srv, "admin", ADMIN_PW, &admin) == 200, "admin logs in again");
}

static void test_password_change_ends_other_sessions(void)
{
	struct session s1, s2, s3;
	create_user(&admin, "twosess", "viewer", "469030");
	activate("twosess", &s1);
	EXPECT(login(&srv, "twosess", CHANGED_PW, &s2) == 200, "second session");
	struct resp r;
	struct req_opts o1 = as(&s1), o2 = as(&s2);
	http(&srv, "POST", "/api/v1/me/password",
	     "{\"old_password\":\"" CHANGED_PW "\",\"new_password\":\"Third-Pass-33\"}", &o1, &r);
	EXPECT(r.status == 200, "change: %ld %s", r.status, r.body);
	resp_free(&r);
	http(&srv, "GET", "/api/v1/me", NULL, &o1, &r);
	EXPECT(r.status == 200, "the session that changed it lives on: %ld", r.status);
	resp_free(&r);
	http(&srv, "GET", "/api/v1/me", NULL, &o2, &r);
	expect_error(&r, 401, "not_logged_in", "the other session ended");
	resp_free(&r);
	/* an administrator's reset ends every session and forces a change */
	EXPECT(login(&srv, "twosess", "Third-Pass-33", &s3) == 200, "login");
	json_t *list = get_json(&admin, "/api/v1/users?q=twosess", 200);
	int64_t id = json_integer_value(json_object_get(json_array_get(json_object_get(list, "items"), 0), "id"));
	json_decref(list);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/users/%lld/password", (long long)id);
	struct req_opts oa = as(&admin);
	http(&srv, "POST", path, "{\"password\":\"Reset-Pass-44\"}", &oa, &r);
	EXPECT(r.status == 200 && json_is_true(json_object_get(r.json, "must_change_password")), "reset: %s", r.body);
	resp_free(&r);
	struct req_opts o3 = as(&s3);
	http(&srv, "GET", "/api/v1/me", NULL, &o3, &r);
	expect_error(&r, 401, "not_logged_in", "sessions end on reset");
	resp_free(&r);
}

static void test_scope(void)
{
	struct session a, b;
	create_user(&admin, "town_a", "township", "469030100");
	create_user(&admin, "town_b", "township", "469030101");
	activate("town_a", &a);
	activate("town_b", &b);
	int64_t va = create_user(&a, "vill_a", "village", "469030100201");
	int64_t vb = create_user(&b, "vill_b", "village", "469030101201");
	EXPECT(va && vb, "both townships created a village account");

	json_t *la = get_json(&a, "/api/v1/users?page_size=200", 200);
	EXPECT(list_has_user(la, "vill_a") && list_has_user(la, "town_a"), "A sees its own township");
	EXPECT(!list_has_user(la, "vill_b") && !list_has_user(la, "town_b") && !list_has_user(la, "admin"),
	       "A sees nothing of B's township or above");
	json_decref(la);
	json_t *lb = get_json(&b, "/api/v1/users?page_size=200", 200);
	EXPECT(list_has_user(lb, "vill_b") && !list_has_user(lb, "vill_a"), "B sees only its own");
	json_decref(lb);

	const struct { const struct session *who; int64_t other; } cases[] = { { &a, vb }, { &b, va } };
	for (size_t i = 0; i < 2; i++) {
		char path[64], pw[80];
		snprintf(path, sizeof(path), "/api/v1/users/%lld", (long long)cases[i].other);
		snprintf(pw, sizeof(pw), "%s/password", path);
		struct resp r;
		struct req_opts o = as(cases[i].who);
		http(&srv, "GET", path, NULL, &o, &r);
		expect_error(&r, 404, "not_found", "read another township's account");
		resp_free(&r);
		http(&srv, "PATCH", path, "{\"display_name\":\"hijacked\"}", &o, &r);
		expect_error(&r, 404, "not_found", "change another township's account");
		resp_free(&r);
		http(&srv, "POST", pw, "{\"password\":\"Hijack-Pass-1\"}", &o, &r);
		expect_error(&r, 404, "not_found", "reset another township's password");
		resp_free(&r);
		http(&srv, "DELETE", path, NULL, &o, &r);
		expect_error(&r, 404, "not_found", "delete another township's account");
		resp_free(&r);
		/* a missing record answers the same */
		http(&srv, "GET", "/api/v1/users/999999", NULL, &o, &r);
		expect_error(&r, 404, "not_found", "a missing account");
		resp_free(&r);
	}
	/* nothing changed */
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/users/%lld", (long long)vb);
	json_t *u = get_json(&admin, path, 200);
	EXPECT(strcmp(json_string_value(json_object_get(u, "display_name")), "hijacked") != 0, "B's account intact");
	json_decref(u);

	struct resp r;
	struct req_opts oa = as(&a);
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"sneaky\",\"role\":\"village\",\"scopes\":[\"469030101201\"],\"password\":\"" USER_PW "\"}", &oa, &r);
	expect_error(&r, 403, "forbidden", "grant a division outside one's scope");
	resp_free(&r);
	/* no role beyond one's own: a township makes no county account and promotes nobody to county */
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"upstart\",\"role\":\"county\",\"scopes\":[\"469030100\"],\"password\":\"" USER_PW "\"}", &oa, &r);
	expect_field_error(&r, 403, "forbidden", "role", "a township grants the county role");
	resp_free(&r);
	char vpath[64];
	snprintf(vpath, sizeof(vpath), "/api/v1/users/%lld", (long long)va);
	http(&srv, "PATCH", vpath, "{\"role\":\"county\"}", &oa, &r);
	expect_field_error(&r, 403, "forbidden", "role", "a township promotes its village user to county");
	resp_free(&r);
	json_t *still = get_json(&admin, vpath, 200);
	EXPECT(!strcmp(jstr(still, "role"), "village"), "the village user is still village: %s", jd(still));
	json_decref(still);
	http(&srv, "POST", "/api/v1/users",
	     "{\"username\":\"sneaky\",\"role\":\"admin\",\"scopes\":[\"469030100\"],\"password\":\"" USER_PW "\"}", &oa, &r);
	expect_error(&r, 403, "forbidden", "grant the admin role");
	resp_free(&r);
	http(&srv, "PATCH", "/api/v1/users/1", "{\"display_name\":\"x\"}", &oa, &r);
	expect_error(&r, 404, "not_found", "the national administrator is out of scope");
	resp_free(&r);
	/* a village account has no user management at all */
	struct session v;
	activate("vill_a", &v);
	struct req_opts ov = as(&v);
	http(&srv, "GET", "/api/v1/users", NULL, &ov, &r);
	expect_error(&r, 403, "forbidden", "village staff cannot list accounts");
	resp_free(&r);
}

static bool audit_has(json_t *list, const char *action)
{
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (!strcmp(json_string_value(json_object_get(item, "action")), action))
			return true;
	return false;
}

static void test_audit(void)
{
	struct resp r;
	struct req_opts oa = as(&admin);
	http(&srv, "GET", "/api/v1/audit", NULL, &oa, &r);
	expect_error(&r, 403, "forbidden", "the administrator is not the auditor");
	resp_free(&r);
	struct session aud, taud;
	create_user(&admin, "auditor1", "auditor", "");
	create_user(&admin, "auditor_t", "auditor", "469030100");
	activate("auditor1", &aud);
	activate("auditor_t", &taud);
	json_t *all = get_json(&aud, "/api/v1/audit?page_size=200", 200);
	EXPECT(json_integer_value(json_object_get(all, "total")) > 50, "many audit rows");
	const char *actions[] = { "login", "login_failed", "lockout", "logout", "password_change", "password_reset",
				  "create", "update", "delete" };
	json_decref(all);
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
		char path[128];
		snprintf(path, sizeof(path), "/api/v1/audit?action=%s&page_size=5", actions[i]);
		json_t *l = get_json(&aud, path, 200);
		EXPECT(audit_has(l, actions[i]), "audit has %s", actions[i]);
		json_decref(l);
	}
	json_t *upd = get_json(&aud, "/api/v1/audit?action=update&entity=user&page_size=1", 200);
	json_t *row = json_array_get(json_object_get(upd, "items"), 0);
	EXPECT(json_is_object(json_object_get(row, "before")) && json_is_object(json_object_get(row, "after")),
	       "an update keeps before and after");
	EXPECT(json_is_string(json_object_get(row, "source")) && json_is_string(json_object_get(row, "at")),
	       "source address and time");
	json_decref(upd);
	size_t i;
	json_t *item;
	/* refused attempts: a record outside the scope (township A reading B's account in the scope
	 * test), a route the role may not use; at most 30 a minute a caller */
	json_t *den = get_json(&aud, "/api/v1/audit?action=denied&entity=user&username=town_a&page_size=50", 200);
	bool in_b = false;
	json_array_foreach(json_object_get(den, "items"), i, item)
		in_b |= !strcmp(jstr(item, "detail"), fmt("GET /api/v1/users/%s: outside the caller's scope", jstr(item, "entity_id"))) &&
			!strncmp(jstr(item, "division"), "469030101", 9);
	EXPECT(in_b, "A's read of B's account is audited in B's township: %s", jd(den));
	json_decref(den);
	for (int k = 0; k < 40; k++) {
		http(&srv, "GET", "/api/v1/audit", NULL, &oa, &r);
		resp_free(&r);
	}
	den = get_json(&aud, "/api/v1/audit?action=denied&username=admin&page_size=200", 200);
	int64_t denied = jint(den, "total");
	EXPECT(denied >= 1 && denied <= 2 * 30, "the administrator's 41 refusals audited, at most 30 a minute: %lld",
	       (long long)denied);
	json_decref(den);
	json_t *fail = get_json(&aud, "/api/v1/audit?action=login_failed&username=nobody-here", 200);
	EXPECT(json_integer_value(json_object_get(fail, "total")) >= 1, "a failed login of an unknown name is kept");
	json_decref(fail);

	json_t *scoped = get_json(&taud, "/api/v1/audit?page_size=200", 200);
	bool inside = json_array_size(json_object_get(scoped, "items")) > 0;
	json_array_foreach(json_object_get(scoped, "items"), i, item) {
		const char *d = json_string_value(json_object_get(item, "division"));
		if (d == NULL || strncmp(d, "469030100", 9) != 0)
			inside = false;
	}
	EXPECT(inside, "a township auditor sees only rows of its township");
	json_decref(scoped);
	json_t *future = get_json(&aud, "/api/v1/audit?from=2100-01-01", 200);
	EXPECT(json_integer_value(json_object_get(future, "total")) == 0, "date filter");
	json_decref(future);
	struct req_opts oq = as(&aud);
	http(&srv, "GET", "/api/v1/audit?from=yesterday", NULL, &oq, &r);
	expect_error(&r, 400, "validation", "bad date");
	resp_free(&r);
}

static int run_cli(const char *stdin_text, const char *const *args)
{
	return cli_run(binary, db_url, stdin_text, args, NULL, 0);
}

static void test_cli(void)
{
	const char *add[] = { "user", "add", "--username", "cliuser", "--role", "village", "--division",
			      "469030100206", "--name", "朝参村", "--password-stdin", NULL };
	EXPECT(run_cli("Cli-Pass-2026\n", add) == 0, "user add");
	struct session s;
	EXPECT(login(&srv, "cliuser", "Cli-Pass-2026", &s) == 200, "the CLI user logs in");
	json_t *me = get_json(&s, "/api/v1/me", 200);
	EXPECT(json_is_false(json_object_get(json_object_get(me, "user"), "must_change_password")),
	       "a CLI user need not change the password");
	json_decref(me);
	EXPECT(run_cli("Cli-Pass-2026\n", add) == 1, "a duplicate user add fails");
	const char *bad_div[] = { "user", "add", "--username", "clibad", "--role", "village", "--division", "12345",
				  "--password-stdin", NULL };
	EXPECT(run_cli("Cli-Pass-2026\n", bad_div) == 2, "a bad division is a usage error");
	EXPECT(run_cli("weak\n", add) == 2, "a weak password is refused");
	const char *passwd[] = { "user", "passwd", "--username", "cliuser", "--password-stdin", NULL };
	EXPECT(run_cli("Cli-Pass-2027\n", passwd) == 0, "user passwd");
	struct resp r;
	struct req_opts o = as(&s);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	expect_error(&r, 401, "not_logged_in", "passwd ends sessions");
	resp_free(&r);
	EXPECT(login(&srv, "cliuser", "Cli-Pass-2027", NULL) == 200, "new CLI password works");
	const char *migrate[] = { "migrate", NULL };
	EXPECT(run_cli(NULL, migrate) == 0, "migrate is idempotent");
	const char *help[] = { "serve", "--help", NULL };
	EXPECT(run_cli(NULL, help) == 0, "serve --help");
	const char *unknown[] = { "frobnicate", NULL };
	EXPECT(run_cli(NULL, unknown) == 2, "unknown command");
}

/* A second server: 3 logins a minute, and the session cookie Secure. */
static void test_rate_limit(void)
{
	struct server limited;
	const char *extra[] = { "--rate-limit-per-minute", "3", "--cookie-secure", "1", NULL };
	if (server_start(&limited, binary, db_url, extra)) {
		EXPECT(false, "second server starts");
		return;
	}
	server_advance_clock(&limited, srv.clock_offset + 120);   /* a fresh window */
	struct resp r;
	http(&limited, "POST", "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" ADMIN_PW "\"}", NULL, &r);
	char cookie[512];
	EXPECT(r.status == 200 && resp_header(&r, "Set-Cookie", cookie, sizeof(cookie)) && strstr(cookie, "; Secure"),
	       "--cookie-secure marks the cookie Secure: %ld %s", r.status, cookie);
	resp_free(&r);
	long last = 200;
	int ok = 1;
	for (int i = 0; i < 4; i++) {
		last = login(&limited, "admin", ADMIN_PW, NULL);
		ok += last == 200;
	}
	EXPECT(ok == 3 && last == 429, "3 logins a minute, then 429 (ok %d, last %ld)", ok, last);
	server_advance_clock(&limited, 61);
	EXPECT(login(&limited, "admin", ADMIN_PW, NULL) == 200, "allowed again in the next minute");
	EXPECT(server_stop(&limited) == 0, "second server stops cleanly");
}

/* A body that dribbles in (one byte a second) is cut off after the grace period; others are served meanwhile. */
static void test_slow_body(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	EXPECT(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "the slow client connects");
	const char *head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
			   "Content-Length: 60\r\n\r\n";
	EXPECT(send(fd, head, strlen(head), MSG_NOSIGNAL) == (ssize_t)strlen(head), "headers sent");
	bool closed = false, served = false;
	int seconds = 0;
	for (; seconds < 15 && !closed; seconds++) {
		if (send(fd, "{", 1, MSG_NOSIGNAL) != 1)
			closed = true;
		/* the end of the connection, or any answer before the body is complete, cuts it off */
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (!closed && poll(&p, 1, 1000) > 0) {
			char buf[512];
			(void)recv(fd, buf, sizeof(buf), 0);
			closed = true;
		}
		if (seconds == 2) {   /* a normal client meanwhile */
			struct resp r;
			http(&srv, "GET", "/api/v1/health", NULL, NULL, &r);
			served = r.status == 200;
			resp_free(&r);
		}
	}
	close(fd);
	EXPECT(closed, "a body of one byte a second is cut off (after %d s)", seconds);
	EXPECT(seconds >= 5, "not before the grace period: %d s", seconds);
	EXPECT(served, "other clients are served meanwhile");
}

/* password-history: no reuse of the last N; password-max-age-days: an old password must be changed. */
static void test_password_rotation(void)
{
	struct server rot;
	const char *extra[] = { "--password-history", "3", "--password-max-age-days", "90", NULL };
	if (server_start(&rot, binary, db_url, extra)) {
		EXPECT(false, "a server with password rotation starts");
		return;
	}
	server_advance_clock(&rot, srv.clock_offset);
	create_user(&admin, "rotator", "viewer", "469030");
	struct session s;
	EXPECT(login(&rot, "rotator", USER_PW, &s) == 200, "rotator logs in");
	struct req_opts o = as(&s);
	static const char *const chain[] = { USER_PW, "Second-Pass-22", "Third-Pass-333", "Fourth-Pass-4444" };
	struct resp r;
	for (int i = 1; i < 4; i++) {
		http(&rot, "POST", "/api/v1/me/password",
		     fmt("{\"old_password\":\"%s\",\"new_password\":\"%s\"}", chain[i - 1], chain[i]), &o, &r);
		EXPECT(r.status == 200, "change %d: %ld %s", i, r.status, r.body);
		resp_free(&r);
	}
	/* the last three (Fourth, Third, Second) may not come back; the first may */
	http(&rot, "POST", "/api/v1/me/password",
	     fmt("{\"old_password\":\"%s\",\"new_password\":\"%s\"}", chain[3], chain[2]), &o, &r);
	expect_field_error(&r, 400, "weak_password", "new_password", "a password among the last three");
	resp_free(&r);
	http(&rot, "POST", "/api/v1/me/password",
	     fmt("{\"old_password\":\"%s\",\"new_password\":\"%s\"}", chain[3], chain[0]), &o, &r);
	EXPECT(r.status == 200, "the fourth password back is allowed: %ld %s", r.status, r.body);
	resp_free(&r);
	/* 91 days on, the login asks for a new password first */
	server_advance_clock(&rot, 91 * 86400);
	struct session late;
	EXPECT(login(&rot, "rotator", chain[0], &late) == 200, "an expired password still logs in");
	json_t *me = get_json_as(&rot, &late, "/api/v1/me", 200);
	EXPECT(json_is_true(json_object_get(json_object_get(me, "user"), "must_change_password")), "and must be changed: %s",
	       jd(me));
	json_decref(me);
	struct req_opts ol = as(&late);
	http(&rot, "GET", "/api/v1/users", NULL, &ol, &r);
	expect_error(&r, 403, "password_change_required", "nothing else before the change");
	resp_free(&r);
	EXPECT(server_stop(&rot) == 0, "the rotation server stops cleanly");
}

/* A path or header cannot forge a line of the server's log; each access line names the caller. */
static void test_log_injection(void)
{
	struct resp r;
	http(&srv, "GET", "/api/v1/x%0a2026-01-01T00:00:00Z%20INFO%20access%20forged%0d%1b[31m", NULL, NULL, &r);
	EXPECT(r.status == 404, "the forged path is not found: %ld", r.status);
	resp_free(&r);
	struct req_opts o = as(&admin);
	http(&srv, "GET", "/api/v1/me", NULL, &o, &r);
	int64_t admin_id = jint(json_object_get(r.json, "user"), "id");
	resp_free(&r);
	FILE *f = fopen(srv.log_file, "r");
	EXPECT(f != NULL, "the server log %s opens", srv.log_file);
	if (f == NULL)
		return;
	char line[4096], want[64];
	snprintf(want, sizeof(want), "user=%lld GET /api/v1/me 200", (long long)admin_id);
	bool escaped = false, named = false, forged = false;
	while (fgets(line, sizeof(line), f)) {
		forged |= strncmp(line, "2026-01-01T00:00:00Z", 20) == 0 || strchr(line, '\r') || strchr(line, 0x1b);
		escaped |= strstr(line, "/api/v1/x\\x0a2026-01-01T00:00:00Z INFO access forged\\x0d\\x1b[31m") != NULL;
		named |= strstr(line, want) != NULL;
	}
	fclose(f);
	EXPECT(!forged, "no forged line, carriage return or escape in the log");
	EXPECT(escaped, "the access line shows the path escaped");
	EXPECT(named, "the access line of /me names the caller (%s)", want);
}

/* The published contract against the server: /openapi.json without a login; every body field
 * an entity's schema documents is accepted (never unknown_field) by its create route; every
 * query parameter a GET route declares is accepted and an undeclared one is refused. */
static void test_api_contract(void)
{
	struct resp r;
	http(&srv, "GET", "/api/v1/openapi.json", NULL, NULL, &r);
	EXPECT(r.status == 200 && json_is_object(json_object_get(r.json, "paths")), "openapi.json: %ld", r.status);
	json_t *doc = json_incref(r.json);
	resp_free(&r);
	json_t *paths = json_object_get(doc, "paths"), *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
	const char *path;
	json_t *item;
	int bodies = 0, queries = 0;
	json_object_foreach(paths, path, item) {
		json_t *post = json_object_get(item, "post");
		json_t *schema = json_object_get(json_object_get(json_object_get(json_object_get(post, "requestBody"),
										     "content"), "application/json"), "schema");
		/* an entity's record ($ref, or allOf [$ref] with extra keys) or a handler's own keys */
		const char *ref = json_string_value(json_object_get(schema, "$ref"));
		if (ref == NULL)
			ref = json_string_value(json_object_get(json_array_get(json_object_get(schema, "allOf"), 0), "$ref"));
		json_t *inline_props = json_object_get(schema, "properties");
		if ((ref || inline_props) && !strchr(path, '{')) {
			json_t *sets[2] = { ref ? json_object_get(json_object_get(schemas, strrchr(ref, '/') + 1), "properties") : NULL,
					    inline_props };
			for (int set = 0; set < 2; set++) {
				const char *name;
				json_t *prop;
				json_object_foreach(sets[set], name, prop) {
					if (json_is_false(prop) || json_is_true(json_object_get(prop, "readOnly")))
						continue;
					req(&admin, "POST", path, fmt("{\"%s\":null}", name), &r);
					const char *code = resp_error_code(&r);
					EXPECT(!(r.status == 400 && code && !strcmp(code, "unknown_field")),
					       "POST %s refuses its documented field %s: %s", path, name, r.body);
					resp_free(&r);
					bodies++;
				}
			}
		}
		json_t *get = json_object_get(item, "get");
		if (get == NULL || strchr(path, '{'))
			continue;
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(get, "parameters"), i, p) {
			const char *name = json_string_value(json_object_get(p, "name"));
			req(&admin, "GET", fmt("%s?%s=", path, name), NULL, &r);
			const char *code = resp_error_code(&r);
			EXPECT(!(code && !strcmp(code, "unknown_parameter")), "GET %s refuses its declared ?%s: %s", path, name,
			       r.body);
			resp_free(&r);
			queries++;
		}
		req(&admin, "GET", fmt("%s?no_such_parameter=1", path), NULL, &r);
		if (strcmp(path, "/api/v1/openapi.json") && strcmp(path, "/api/v1/health") && r.status != 403)
			expect_error(&r, 400, "unknown_parameter", fmt("GET %s?no_such_parameter", path));
		resp_free(&r);
	}
	EXPECT(bodies > 100 && queries > 100, "fields tried: %d bodies, %d query parameters", bodies, queries);
	json_decref(doc);
	/* the case an official met: a month filter the meeting list does not take */
	req(&admin, "GET", "/api/v1/meetings?month=2026-12", NULL, &r);
	expect_field_error(&r, 400, "unknown_parameter", "month", "meetings?month=");
	EXPECT(strstr(err_msg(&r, "message_zh"), "from") != NULL, "the message lists what the list takes: %s", r.body);
	resp_free(&r);
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "health and headers", test_health_and_headers },
		{ "first administrator", test_first_admin },
		{ "error format", test_error_format },
		{ "oversized body", test_oversized_body },
		{ "users and paging", test_users_and_paging },
		{ "csrf", test_csrf },
		{ "login cookie and logout", test_login_cookie_and_logout },
		{ "lockout", test_lockout },
		{ "timeouts", test_timeouts },
		{ "password change ends other sessions", test_password_change_ends_other_sessions },
		{ "scope", test_scope },
		{ "cli", test_cli },
		{ "audit", test_audit },
		{ "rate limit", test_rate_limit },
		{ "log injection", test_log_injection },
		{ "password history and expiry", test_password_rotation },
		{ "slow body", test_slow_body },
		{ "api contract", test_api_contract },
	};
	const struct api_program p = { "api_core", &binary, db_url, sizeof(db_url), NULL, 0, &srv, NULL, NULL,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
