/*
 * harness.h - drive a real `lianxin serve` over HTTP from C tests.
 *
 * server_start() runs the binary on a free loopback port with its own
 * database and a test clock file, and reads the first administrator's
 * password from its output.  http() sends one request with libcurl and
 * parses the JSON reply.  EXPECT() records a failure and carries on, so
 * one run reports every broken assertion.
 */
#ifndef LIANXIN_TESTS_HARNESS_H
#define LIANXIN_TESTS_HARNESS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct server {
	pid_t pid;
	int port;
	char base[64];
	char admin_password[64];
	char admin_password_file[300];   /* where the first start wrote it (standard output is a pipe) */
	bool password_on_stdout;         /* the password itself appeared on standard output */
	char clock_file[256];
	char log_file[256];
	char db_url[512];
	int64_t clock_offset;
};

struct resp {
	long status;
	json_t *json;          /* NULL when the body is not JSON */
	char *body;
	char *headers;         /* raw header block */
};

/* The session of a logged-in user. */
struct session {
	char token[80];
	char csrf[80];
};

extern int test_failures;
extern int test_checks;

/* The message arguments are only evaluated when the check fails. */
#define EXPECT(cond, ...)                                                   \
	do {                                                                \
		test_checks++;                                              \
		if (!(cond))                                                \
			expect_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)
void expect_fail(const char *file, int line, const char *expr, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Start `binary [global args] serve` on db_url; extra is NULL-terminated. */
int server_start(struct server *s, const char *binary, const char *db_url, const char *const *extra);
/* SIGTERM, wait; returns the exit status (0 when it stopped cleanly). */
int server_stop(struct server *s);
/* Move the server's clock forward (or back) by seconds. */
void server_advance_clock(struct server *s, int64_t seconds);

/*
 * Send a request.  auth: NULL, or a session used as Bearer token; when
 * cookie is true the session travels as the cookie instead, with its CSRF
 * header unless csrf is false.  body: JSON text or NULL; content_type
 * defaults to application/json when body is set.
 */
struct req_opts {
	const struct session *auth;
	bool cookie;
	bool no_csrf;
	const char *content_type;
	const char *const *headers;   /* extra "Name: value", NULL-terminated */
};
void http(const struct server *s, const char *method, const char *path, const char *body,
	  const struct req_opts *opts, struct resp *out);
void resp_free(struct resp *r);
/* Value of a reply header (case-insensitive), copied into buf; NULL if absent. */
const char *resp_header(const struct resp *r, const char *name, char *buf, size_t len);
/* The error code of an error reply, or "". */
const char *resp_error_code(const struct resp *r);
/* Check an error reply's status, code and shape. */
void expect_error(const struct resp *r, long status, const char *code, const char *what);

/* A string member of o ("" when absent) and an integer member (0). */
const char *jstr(json_t *o, const char *key);
int64_t jint(json_t *o, const char *key);
/* The first object of array arr whose integer member key is id, or NULL. */
json_t *find_by(json_t *arr, const char *key, int64_t id);
/* The "field" of an error reply, or "". */
const char *err_field(const struct resp *r);
/* The error reply's message in lang ("message_zh" / "message_en"), "" when none. */
const char *err_msg(const struct resp *r, const char *lang);
/* An error reply with status, code and field (field NULL: not checked). */
void expect_field_error(const struct resp *r, long status, const char *code, const char *field, const char *what);

/* Run `binary --db db_url args...` with stdin_text on its standard input;
 * its standard error (up to errlen bytes) lands in err.  Returns the exit
 * status, -1 when it did not exit normally. */
int cli_run(const char *binary, const char *db_url, const char *stdin_text, const char *const *args, char *err,
	    size_t errlen);
/* The same with its standard output and error, interleaved, in out. */
int cli_run_all(const char *binary, const char *db_url, const char *stdin_text, const char *const *args, char *out,
		size_t outlen);
/* A JSON value as compact text for a failure message; the text lives until
 * the eighth call after. */
const char *jd(json_t *j);
/* GET path as sess, expecting status want; the reply's JSON (new reference, may be NULL). */
json_t *get_json_as(const struct server *s, const struct session *sess, const char *path, long want);

/* ---- shorthands on the program's own server (api_program.srv) ----------- */
/* Options that send the request as sess. */
struct req_opts as(const struct session *sess);
/* A request as sess; free *r with resp_free. */
void req(const struct session *sess, const char *method, const char *path, const char *body, struct resp *r);
/* GET path as sess, expecting status want (see get_json_as). */
json_t *get_json(const struct session *sess, const char *path, long want);
/* POST body to path as sess, expecting 201; the new record's id (0 on failure). */
int64_t create(const struct session *sess, const char *path, const char *body);
/* method path with body as s, expecting status want (what names the step in a failure); the reply's "id" (0 without). */
int64_t api_call(const struct session *s, const char *method, const char *path, const char *body, long want, const char *what);
/* method path with body as s, expecting status want with error code on field (see expect_field_error). */
void api_call_err(const struct session *s, const char *method, const char *path, const char *body, long want, const char *code,
		  const char *field, const char *what);
/* s percent-encoded for a query string; the text lives until the fourth call after. */
const char *qenc(const char *s);
/* printf into a buffer that lives until the eighth call after. */
const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));

/* POST /auth/login; returns the HTTP status and fills sess on 200. */
long login(const struct server *s, const char *user, const char *password, struct session *sess);

/* A test program's account: created by `lianxin user add` and logged in to fill sess. */
struct test_account {
	const char *name, *role, *division;
	struct session *sess;
};
/* Run one SQL statement on the database of db_url itself (sqlite3 or psql), beside the
 * server: its output (and error), one row a line and columns joined by '|', into out;
 * 0 when the statement ran. */
int raw_sql_on(const char *db_url, const char *sql, char *out, size_t len);
/* The number a COUNT(*) of the database itself answers (-1: failed). */
int64_t raw_count_on(const char *db_url, const char *sql);

/* Create the n accounts with password through binary on db_url; 0, or -1 told on stderr. */
int accounts_add(const char *binary, const char *db_url, const struct test_account *a, size_t n, const char *password);
/* Log the n accounts in to s, filling their sessions; 0, or -1 told on stderr. */
int accounts_login(const struct server *s, const struct test_account *a, size_t n, const char *password);

/* ---- two requests at the same moment ------------------------------------- */
/* One request of a race: method path body with opts; its reply lands in r. */
struct race_entry {
	const char *method, *path, *body;
	struct req_opts opts;
	struct resp r;
};
/* Send both requests to s at once (two threads released by one barrier);
 * free each x[i].r with resp_free. */
void race2(const struct server *s, struct race_entry x[2]);
/* After race2 of two writes of one ID number: exactly one got status won,
 * the other a 409 conflict on id_number (what names the round). */
void expect_one_wins_id_number(const struct race_entry x[2], long won, const char *what);

/* ---- the main of an API test program -------------------------------------- */
struct api_test {
	const char *name;
	void (*fn)(void);
};
struct api_program {
	const char *name;             /* "api_core": messages and the summary line */
	const char **binary;          /* set from --server */
	char *db_url;                 /* filled: PG_TEST_URL, or a SQLite file in the scratch directory */
	size_t db_url_size;
	char *tmpdir;                 /* filled with the scratch directory when not NULL */
	size_t tmpdir_size;
	struct server *srv;
	int (*setup)(void);           /* prepares the database and starts srv; NULL: just start srv */
	void (*cleanup)(void);        /* frees what setup and the tests kept; may be NULL */
	const struct api_test *tests;
	size_t ntests;
};
/* Reads --server PATH and --db sqlite|postgres, runs setup and the tests in
 * order (ok / FAIL per test), stops the server and prints the summary.
 * The process's exit status: 0 all passed, 1 a failure, 2 a usage error. */
int api_main(int argc, char **argv, const struct api_program *p);

#endif
