/* harness.c - process control and HTTP for the API tests. */
#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

int test_failures;
int test_checks;

void expect_fail(const char *file, int line, const char *expr, const char *fmt, ...)
{
	test_failures++;
	fprintf(stderr, "FAIL %s:%d: %s: ", file, line, expr);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The scratch directories a program made (its own and one per server start): removed when
 * every check passed, kept with their databases and server logs when one failed. */
static char scratch_dirs[64][32];
static int nscratch;

static int scratch_dir_make(char *dir)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	if (nscratch < (int)(sizeof(scratch_dirs) / sizeof(scratch_dirs[0])))
		snprintf(scratch_dirs[nscratch++], sizeof(scratch_dirs[0]), "%s", dir);
	return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

static void scratch_dirs_settle(void)
{
	for (int i = 0; i < nscratch; i++)
		if (test_failures == 0)
			nftw(scratch_dirs[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		else
			fprintf(stderr, "kept for the failure: %s\n", scratch_dirs[i]);
	nscratch = 0;
}

int server_start(struct server *s, const char *binary, const char *db_url, const char *const *extra)
{
	memset(s, 0, sizeof(*s));
	char dir[] = "/tmp/lianxin-api.XXXXXX";
	if (scratch_dir_make(dir))
		return -1;
	snprintf(s->clock_file, sizeof(s->clock_file), "%s/clock", dir);
	snprintf(s->log_file, sizeof(s->log_file), "%s/server.log", dir);
	snprintf(s->admin_password_file, sizeof(s->admin_password_file), "%s/admin-password", dir);
	snprintf(s->db_url, sizeof(s->db_url), "%s", db_url);
	FILE *cf = fopen(s->clock_file, "w");
	fputs("0\n", cf);
	fclose(cf);

	int pipefd[2];
	if (pipe(pipefd))
		return -1;
	const char *argv[32];
	int n = 0;
	argv[n++] = binary;
	argv[n++] = "--db";
	argv[n++] = db_url;
	argv[n++] = "--listen";
	argv[n++] = "127.0.0.1:0";
	argv[n++] = "--web-root";
	argv[n++] = "/nonexistent";
	argv[n++] = "--threads";
	argv[n++] = "4";
	argv[n++] = "--admin-password-file";
	argv[n++] = s->admin_password_file;
	for (int i = 0; extra && extra[i] && n < 30; i++)
		argv[n++] = extra[i];
	argv[n++] = "serve";
	argv[n] = NULL;
	s->pid = fork();
	if (s->pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		int logfd = open(s->log_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(logfd, STDERR_FILENO);
		close(pipefd[0]);
		setenv("LIANXIN_TEST_CLOCK_FILE", s->clock_file, 1);
		/* the dashboards' warm-up off unless the test's flags turn it on (tests/api/warmup.c): its
		 * reads in the background would change which read computes a memo row, which other tests check */
		setenv("LIANXIN_STATS_WARMUP", "off", 1);
		execv(binary, (char *const *)argv);
		_exit(127);
	}
	close(pipefd[1]);
	FILE *out = fdopen(pipefd[0], "r");
	char line[512];
	while (fgets(line, sizeof(line), out)) {
		/* standard output is a pipe: the password is in the file the line names */
		s->password_on_stdout |= strstr(line, "with password") != NULL;
		const char *pw = strstr(line, "its password is in ");
		char path[300];
		FILE *pf = pw && sscanf(pw + 19, "%299s", path) == 1 ? fopen(path, "r") : NULL;
		if (pf) {
			if (fscanf(pf, "%63s", s->admin_password) != 1)
				s->admin_password[0] = '\0';
			fclose(pf);
		}
		const char *url = strstr(line, "serving http://127.0.0.1:");
		if (url) {
			s->port = (int)strtol(url + 25, NULL, 10);
			break;
		}
	}
	/* keep draining stdout in the background so the server never blocks */
	if (fork() == 0) {
		while (fgets(line, sizeof(line), out))
			;
		_exit(0);
	}
	fclose(out);
	if (s->port == 0) {
		fprintf(stderr, "server did not start; log %s\n", s->log_file);
		return -1;
	}
	snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%d", s->port);
	return 0;
}

int server_stop(struct server *s)
{
	int status = -1;
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void server_advance_clock(struct server *s, int64_t seconds)
{
	s->clock_offset += seconds;
	FILE *f = fopen(s->clock_file, "w");
	fprintf(f, "%lld\n", (long long)s->clock_offset);
	fclose(f);
}

struct growbuf {
	char *data;
	size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct growbuf *b = userdata;
	size_t n = size * nmemb;
	b->data = realloc(b->data, b->len + n + 1);
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

void http(const struct server *s, const char *method, const char *path, const char *body,
	  const struct req_opts *opts, struct resp *out)
{
	static const struct req_opts none;
	if (opts == NULL)
		opts = &none;
	memset(out, 0, sizeof(*out));
	CURL *c = curl_easy_init();
	char url[2048];
	snprintf(url, sizeof(url), "%s%s", s->base, path);
	struct curl_slist *h = NULL;
	char line[512];
	if (opts->auth && !opts->cookie) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", opts->auth->token);
		h = curl_slist_append(h, line);
	}
	if (opts->auth && opts->cookie) {
		snprintf(line, sizeof(line), "Cookie: lianxin_session=%s", opts->auth->token);
		h = curl_slist_append(h, line);
		if (!opts->no_csrf) {
			snprintf(line, sizeof(line), "X-CSRF-Token: %s", opts->auth->csrf);
			h = curl_slist_append(h, line);
		}
	}
	if (body || opts->content_type) {
		snprintf(line, sizeof(line), "Content-Type: %s", opts->content_type ? opts->content_type : "application/json");
		h = curl_slist_append(h, line);
	}
	h = curl_slist_append(h, "Expect:");
	for (int i = 0; opts->headers && opts->headers[i]; i++)
		h = curl_slist_append(h, opts->headers[i]);
	struct growbuf bb = { 0 }, hb = { 0 };
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &bb);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hb);
	/* a guard against a hung server, not a time limit: a whole county's export on a loaded
	 * machine took 31 s (PostgreSQL, 17,718 members, beside a province's build) */
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 180L);
	CURLcode rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		fprintf(stderr, "curl %s %s: %s\n", method, path, curl_easy_strerror(rc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	out->body = bb.data ? bb.data : calloc(1, 1);
	out->headers = hb.data ? hb.data : calloc(1, 1);
	out->json = json_loads(out->body, 0, NULL);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
}

void resp_free(struct resp *r)
{
	json_decref(r->json);
	free(r->body);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}

const char *resp_header(const struct resp *r, const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);
	for (const char *p = r->headers; p && *p;) {
		const char *eol = strstr(p, "\r\n");
		if (eol == NULL)
			break;
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;
			while (*v == ' ')
				v++;
			snprintf(buf, len, "%.*s", (int)(eol - v), v);
			return buf;
		}
		p = eol + 2;
	}
	return NULL;
}

const char *resp_error_code(const struct resp *r)
{
	const char *code = json_string_value(json_object_get(json_object_get(r->json, "error"), "code"));
	return code ? code : "";
}

void expect_error(const struct resp *r, long status, const char *code, const char *what)
{
	EXPECT(r->status == status, "%s: status %ld, want %ld (body %s)", what, r->status, status, r->body);
	json_t *err = json_object_get(r->json, "error");
	EXPECT(json_is_object(err), "%s: no error object in %s", what, r->body);
	EXPECT(strcmp(resp_error_code(r), code) == 0, "%s: code \"%s\", want \"%s\"", what, resp_error_code(r), code);
	const char *zh = json_string_value(json_object_get(err, "message_zh"));
	const char *en = json_string_value(json_object_get(err, "message_en"));
	EXPECT(zh && *zh && en && *en, "%s: messages missing in %s", what, r->body);
}

const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

int64_t jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

const char *err_field(const struct resp *r)
{
	const char *f = json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
	return f ? f : "";
}

long login(const struct server *s, const char *user, const char *password, struct session *sess)
{
	json_t *b = json_pack("{s:s, s:s}", "username", user, "password", password);
	char *body = json_dumps(b, 0);
	struct resp r;
	http(s, "POST", "/api/v1/auth/login", body, NULL, &r);
	long status = r.status;
	if (status == 200 && sess) {
		snprintf(sess->token, sizeof(sess->token), "%s", json_string_value(json_object_get(r.json, "token")));
		snprintf(sess->csrf, sizeof(sess->csrf), "%s", json_string_value(json_object_get(r.json, "csrf_token")));
	}
	resp_free(&r);
	free(body);
	json_decref(b);
	return status;
}

int accounts_add(const char *binary, const char *db_url, const struct test_account *a, size_t n, const char *password)
{
	char pw[256], err[1024];
	snprintf(pw, sizeof(pw), "%s\n", password);
	for (size_t i = 0; i < n; i++) {
		const char *args[] = { "user", "add", "--username", a[i].name, "--role", a[i].role, "--division",
				       a[i].division, "--password-stdin", NULL };
		int rc = cli_run(binary, db_url, pw, args, err, sizeof(err));
		if (rc) {
			fprintf(stderr, "user add %s: exit %d: %s\n", a[i].name, rc, err);
			return -1;
		}
	}
	return 0;
}

int accounts_login(const struct server *s, const struct test_account *a, size_t n, const char *password)
{
	for (size_t i = 0; i < n; i++)
		if (a[i].sess && login(s, a[i].name, password, a[i].sess) != 200) {
			fprintf(stderr, "%s cannot log in\n", a[i].name);
			return -1;
		}
	return 0;
}

/* Run the CLI; its standard error, and its standard output too when
 * with_stdout (else /dev/null), up to len bytes into buf. */
static int cli_exec(const char *binary, const char *db_url, const char *stdin_text, const char *const *args,
		    bool with_stdout, char *buf, size_t len)
{
	char path[] = "/tmp/lianxin-cli-out.XXXXXX";
	int ofd = mkstemp(path);
	int fds[2];
	if (ofd < 0 || pipe(fds))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[1]);
		dup2(with_stdout ? ofd : open("/dev/null", O_WRONLY), STDOUT_FILENO);
		dup2(ofd, STDERR_FILENO);
		const char *argv[2048] = { binary, "--db", db_url };
		int n = 3;
		for (int i = 0; args[i] && n < 2047; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		execv(binary, (char *const *)argv);
		_exit(127);
	}
	close(fds[0]);
	if (stdin_text && write(fds[1], stdin_text, strlen(stdin_text)) < 0)
		perror("write");
	close(fds[1]);
	int status;
	waitpid(pid, &status, 0);
	if (buf && len) {
		ssize_t n = pread(ofd, buf, len - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
	}
	close(ofd);
	unlink(path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int cli_run(const char *binary, const char *db_url, const char *stdin_text, const char *const *args, char *err,
	    size_t errlen)
{
	return cli_exec(binary, db_url, stdin_text, args, false, err, errlen);
}

int cli_run_all(const char *binary, const char *db_url, const char *stdin_text, const char *const *args, char *out,
		size_t outlen)
{
	return cli_exec(binary, db_url, stdin_text, args, true, out, outlen);
}

json_t *get_json_as(const struct server *s, const struct session *sess, const char *path, long want)
{
	struct req_opts o = { .auth = sess };
	struct resp r;
	http(s, "GET", path, NULL, &o, &r);
	EXPECT(r.status == want, "GET %s: %ld, want %ld: %.300s", path, r.status, want, r.body);
	json_t *j = json_incref(r.json);
	resp_free(&r);
	return j;
}

/* the server of the running program, for the shorthands below */
static const struct server *api_srv;

struct req_opts as(const struct session *sess)
{
	return (struct req_opts){ .auth = sess };
}

void req(const struct session *sess, const char *method, const char *path, const char *body, struct resp *r)
{
	struct req_opts o = as(sess);
	http(api_srv, method, path, body, &o, r);
}

json_t *get_json(const struct session *sess, const char *path, long want)
{
	return get_json_as(api_srv, sess, path, want);
}

int64_t create(const struct session *sess, const char *path, const char *body)
{
	struct resp r;
	req(sess, "POST", path, body, &r);
	EXPECT(r.status == 201, "POST %s %s: %ld %s", path, body, r.status, r.body);
	int64_t id = r.status == 201 ? jint(r.json, "id") : 0;
	resp_free(&r);
	return id;
}

int64_t api_call(const struct session *s, const char *method, const char *path, const char *body, long want, const char *what)
{
	struct resp r;
	req(s, method, path, body, &r);
	EXPECT(r.status == want, "%s: %s %s -> %ld, want %ld: %.400s", what, method, path, r.status, want, r.body);
	int64_t id = r.json ? jint(r.json, "id") : 0;
	resp_free(&r);
	return id;
}

void api_call_err(const struct session *s, const char *method, const char *path, const char *body, long want, const char *code,
		  const char *field, const char *what)
{
	struct resp r;
	req(s, method, path, body, &r);
	expect_field_error(&r, want, code, field, what);
	resp_free(&r);
}

const char *qenc(const char *s)
{
	static char bufs[4][512];
	static int k;
	char *out = bufs[k++ % 4];
	size_t n = 0;
	for (const unsigned char *c = (const unsigned char *)s; *c && n + 4 < sizeof(bufs[0]); c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		    *c == '_' || *c == '.')
			out[n++] = (char)*c;
		else
			n += (size_t)snprintf(out + n, sizeof(bufs[0]) - n, "%%%02X", *c);
	}
	out[n] = '\0';
	return out;
}

const char *fmt(const char *f, ...)
{
	static char bufs[8][2048];
	static int k;
	char *out = bufs[k++ % 8];
	va_list ap;
	va_start(ap, f);
	vsnprintf(out, sizeof(bufs[0]), f, ap);
	va_end(ap);
	return out;
}

int api_main(int argc, char **argv, const struct api_program *p)
{
	api_srv = p->srv;
	/* the servers and CLI runs of this program hash passwords cheaply (auth/password.c) */
	setenv("LIANXIN_TEST_FAST_PASSWORD_HASH", "1", 1);
	setenv("LIANXIN_TEST_STRICT_QUERY", "1", 1);   /* a handler reading an undeclared query parameter aborts */
	const char *backend = "sqlite";
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--server"))
			*p->binary = argv[i + 1];
		else if (!strcmp(argv[i], "--db"))
			backend = argv[i + 1];
	}
	if (*p->binary == NULL) {
		fprintf(stderr, "usage: %s --server PATH [--db sqlite|postgres]\n", p->name);
		return 2;
	}
	char dir[] = "/tmp/lianxin-api-test.XXXXXX";
	if (scratch_dir_make(dir))
		return 2;
	if (p->tmpdir)
		snprintf(p->tmpdir, p->tmpdir_size, "%s", dir);
	/* the servers and CLI runs of this program share one field key (db/at_rest.h) in the
	 * scratch directory: a PostgreSQL database has no directory beside it, and a
	 * restored copy of a SQLite one is read with its original's key */
	char key_file[sizeof(dir) + 16];
	snprintf(key_file, sizeof(key_file), "%s/lianxin.key", dir);
	setenv("LIANXIN_KEY_FILE", key_file, 1);
	if (!strcmp(backend, "postgres")) {
		const char *url = getenv("PG_TEST_URL");
		if (url == NULL) {
			fprintf(stderr, "%s: --db postgres needs PG_TEST_URL (run via scripts/with-postgres.sh)\n", p->name);
			return 2;
		}
		snprintf(p->db_url, p->db_url_size, "%s", url);
	} else
		snprintf(p->db_url, p->db_url_size, "sqlite:%s/test.db", dir);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (p->setup ? p->setup() : server_start(p->srv, *p->binary, p->db_url, NULL)) {
		fprintf(stderr, "%s: the set-up failed\n", p->name);
		if (p->srv->pid > 0)
			server_stop(p->srv);
		if (p->cleanup)
			p->cleanup();
		curl_global_cleanup();
		test_failures++;
		scratch_dirs_settle();
		return 1;
	}
	printf("%s: %s on %s (%s)\n", p->name, *p->binary, p->srv->base, backend);
	for (size_t i = 0; i < p->ntests; i++) {
		int before = test_failures;
		p->tests[i].fn();
		printf("%-4s %s\n", test_failures == before ? "ok" : "FAIL", p->tests[i].name);
		fflush(stdout);
	}
	int rc = server_stop(p->srv);
	EXPECT(rc == 0, "the server stops cleanly on SIGTERM (exit %d)", rc);
	printf("%s (%s): %d checks, %d failed", p->name, backend, test_checks, test_failures);
	if (test_failures)
		printf("; server log %s", p->srv->log_file);
	putchar('\n');
	if (p->cleanup)
		p->cleanup();
	curl_global_cleanup();
	scratch_dirs_settle();
	return test_failures ? 1 : 0;
}

json_t *find_by(json_t *arr, const char *key, int64_t id)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
		if (jint(it, key) == id)
			return it;
	return NULL;
}

const char *err_msg(const struct resp *r, const char *lang)
{
	const char *m = json_string_value(json_object_get(json_object_get(r->json, "error"), lang));
	return m ? m : "";
}

void expect_field_error(const struct resp *r, long status, const char *code, const char *field, const char *what)
{
	expect_error(r, status, code, what);
	if (field)
		EXPECT(!strcmp(err_field(r), field), "%s: field \"%s\", want \"%s\"", what, err_field(r), field);
}

const char *jd(json_t *j)
{
	static char bufs[8][4096];
	static int k;
	char *out = bufs[k++ % 8];
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	snprintf(out, sizeof(bufs[0]), "%s", s ? s : "(null)");
	free(s);
	return out;
}

int raw_sql_on(const char *db_url, const char *sql, char *out, size_t len)
{
	char cmd[8192];
	int n = strncmp(db_url, "sqlite:", 7) == 0
			? snprintf(cmd, sizeof(cmd), "sqlite3 -cmd '.timeout 10000' '%s' \"%s\" 2>&1", db_url + 7, sql)
			: snprintf(cmd, sizeof(cmd), "psql '%s' -X -q -At -c \"%s\" 2>&1", db_url, sql);
	if (n < 0 || (size_t)n >= sizeof(cmd))
		return -1;
	FILE *p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	size_t got = fread(out, 1, len - 1, p);
	out[got] = '\0';
	return pclose(p) == 0 ? 0 : -1;
}

int64_t raw_count_on(const char *db_url, const char *sql)
{
	char out[256] = "";
	return raw_sql_on(db_url, sql, out, sizeof(out)) == 0 ? strtoll(out, NULL, 10) : -1;
}

/* ---- two requests at the same moment ------------------------------------- */

struct race_runner {
	const struct server *s;
	struct race_entry *x;
	pthread_barrier_t *start;
};

static void *race_one(void *p)
{
	struct race_runner *run = p;
	pthread_barrier_wait(run->start);
	http(run->s, run->x->method, run->x->path, run->x->body, &run->x->opts, &run->x->r);
	return NULL;
}

void race2(const struct server *s, struct race_entry x[2])
{
	pthread_barrier_t start;
	pthread_t t[2];
	struct race_runner run[2];
	pthread_barrier_init(&start, NULL, 2);
	for (int i = 0; i < 2; i++) {
		run[i] = (struct race_runner){ s, &x[i], &start };
		pthread_create(&t[i], NULL, race_one, &run[i]);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	pthread_barrier_destroy(&start);
}

void expect_one_wins_id_number(const struct race_entry x[2], long won, const char *what)
{
	int winners = (x[0].r.status == won) + (x[1].r.status == won);
	EXPECT(winners == 1, "%s: one of two simultaneous writes wins: %ld %ld", what, x[0].r.status, x[1].r.status);
	for (int i = 0; i < 2; i++)
		if (x[i].r.status != won)
			expect_field_error(&x[i].r, 409, "conflict", "id_number", what);
}
