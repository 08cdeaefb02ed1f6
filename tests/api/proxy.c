/*
 * proxy.c - the shipped reverse proxy (deploy/nginx/lianxin.conf, Debian's
 * nginx) in front of a test server (issue #12 item 7, docs/security.md).
 *
 * Starts nginx with the shipped file (only its upstream, listen port and two
 * timeouts replaced, so that the slow-client cases take seconds) and sends
 * the raw malformed requests libmicrohttpd would answer in HTML: each one is
 * answered by the proxy in our JSON error format with the right status, the
 * same bytes lianxin writes for the same error where lianxin has it.  Normal
 * requests, lianxin's own errors, uploads, chunked bodies and keep-alive pass
 * through unchanged; the client's address in the access log is the one the
 * proxy saw, never the client's X-Forwarded-For; slow clients are cut off;
 * lianxin down answers a JSON 502.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define CONF "deploy/nginx/lianxin.conf"
#define TEST_HEADER_TIMEOUT 3   /* seconds, in place of the shipped client_header_timeout */
#define TEST_BODY_TIMEOUT 3     /* and client_body_timeout */

static struct server srv;       /* lianxin, trusting the proxy's address */
static struct server px;        /* the same server, reached through nginx */
static const char *binary;
static char db_url[1024];
static char tmpdir[256];
static pid_t nginx_pid;
static const char *const serve_extra[] = { "--trusted-proxy", "127.0.0.1", NULL };

/* ---- nginx --------------------------------------------------------------------------- */

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = { .sin_family = AF_INET };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(sa);
	int port = -1;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
		port = ntohs(sa.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

/* Replace the one occurrence of from in text (malloc'd, freed) by to; NULL when from is missing. */
static char *replace(char *text, const char *from, const char *to)
{
	char *at = text ? strstr(text, from) : NULL;
	if (at == NULL) {
		fprintf(stderr, "api_proxy: %s no longer holds \"%s\"\n", CONF, from);
		free(text);
		return NULL;
	}
	size_t head = (size_t)(at - text), n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	snprintf(out, n, "%.*s%s%s", (int)head, text, to, at + strlen(from));
	free(text);
	return out;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	static const size_t cap = 1 << 20;
	char *buf = malloc(cap);
	size_t n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	fputs(text, f);
	return fclose(f);
}

/* Connect to port on the loopback from the address src (NULL: 127.0.0.1); -1 on failure. */
static int connect_from(const char *src, int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in me = { .sin_family = AF_INET };
	if (src && (inet_pton(AF_INET, src, &me.sin_addr) != 1 || bind(fd, (struct sockaddr *)&me, sizeof(me)) != 0)) {
		close(fd);
		return -1;
	}
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int nginx_start(void)
{
	int port = free_port();
	char *conf = read_file(CONF);
	if (conf == NULL) {
		fprintf(stderr, "api_proxy: cannot read %s (run from the repository root)\n", CONF);
		return -1;
	}
	conf = replace(conf, "server 127.0.0.1:8080;", fmt("server 127.0.0.1:%d;", srv.port));
	conf = replace(conf, "listen 80 default_server;", fmt("listen 127.0.0.1:%d default_server;", port));
	conf = replace(conf, "client_header_timeout 20s;", fmt("client_header_timeout %ds;", TEST_HEADER_TIMEOUT));
	conf = replace(conf, "client_body_timeout 10s;", fmt("client_body_timeout %ds;", TEST_BODY_TIMEOUT));
	if (conf == NULL || write_file(fmt("%s/lianxin.conf", tmpdir), conf)) {
		free(conf);
		return -1;
	}
	free(conf);
	/* the test's main file: one process in the foreground, everything in the scratch directory */
	const char *main_conf = fmt(
		"daemon off;\nmaster_process off;\nworker_processes 1;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log info;\n"
		"events { worker_connections 512; }\n"
		"http {\n access_log %s/nginx-access.log;\n client_body_temp_path %s/ngx-body;\n proxy_temp_path %s/ngx-proxy;\n"
		" fastcgi_temp_path %s/ngx-fcgi;\n uwsgi_temp_path %s/ngx-uwsgi;\n scgi_temp_path %s/ngx-scgi;\n"
		" include %s/lianxin.conf;\n}\n",
		tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir, tmpdir);
	char main_path[512];
	snprintf(main_path, sizeof(main_path), "%s/nginx.conf", tmpdir);
	if (write_file(main_path, main_conf))
		return -1;
	const char *nginx = access("/usr/sbin/nginx", X_OK) == 0 ? "/usr/sbin/nginx" : "nginx";
	char errlog[512];
	snprintf(errlog, sizeof(errlog), "%s/nginx-error.log", tmpdir);
	nginx_pid = fork();
	if (nginx_pid == 0) {
		int out = open(fmt("%s/nginx-stderr.log", tmpdir), O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		execlp(nginx, nginx, "-p", tmpdir, "-e", errlog, "-c", main_path, (char *)NULL);
		_exit(127);
	}
	if (nginx_pid < 0)
		return -1;
	for (int i = 0; i < 100; i++) {   /* up to 10 s */
		int fd = connect_from(NULL, port);
		if (fd >= 0) {
			close(fd);
			px = srv;
			px.port = port;
			snprintf(px.base, sizeof(px.base), "http://127.0.0.1:%d", port);
			return 0;
		}
		if (waitpid(nginx_pid, NULL, WNOHANG) == nginx_pid)
			break;
		usleep(100000);
	}
	fprintf(stderr, "api_proxy: nginx did not start (is it installed? make deps); see %s/nginx-stderr.log\n", tmpdir);
	return -1;
}

static void nginx_stop(void)
{
	if (nginx_pid > 0) {
		kill(nginx_pid, SIGTERM);
		waitpid(nginx_pid, NULL, 0);
		nginx_pid = 0;
	}
}

/* ---- raw HTTP -------------------------------------------------------------------------- */

struct raw {
	long status;     /* 0: no status line */
	size_t got;      /* bytes received */
	char head[8192];
	char body[65536];
	bool closed;     /* the other side closed the connection */
};

/* Read one reply on fd into out (until its Content-Length is complete, the
 * connection closes, or 5 s pass without a byte). */
static void read_reply(int fd, struct raw *out)
{
	static char reply[1 << 17];
	size_t got = 0;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	memset(out, 0, sizeof(*out));
	while (got + 1 < sizeof(reply) && poll(&p, 1, 5000) > 0) {
		ssize_t n = recv(fd, reply + got, sizeof(reply) - 1 - got, 0);
		if (n <= 0) {
			out->closed = true;
			break;
		}
		got += (size_t)n;
		reply[got] = '\0';
		const char *end = strstr(reply, "\r\n\r\n");
		const char *cl = strcasestr(reply, "\r\nContent-Length:");
		if (end && cl && cl < end && got >= (size_t)(end + 4 - reply) + strtoul(cl + 17, NULL, 10))
			break;
	}
	reply[got] = '\0';
	out->got = got;
	if (strncmp(reply, "HTTP/1.", 7) == 0)
		out->status = strtol(reply + 9, NULL, 10);
	const char *end = strstr(reply, "\r\n\r\n");
	snprintf(out->head, sizeof(out->head), "%.*s", end ? (int)(end - reply) : 0, reply);
	const char *body = end ? end + 4 : reply;
	size_t blen = strlen(body) < sizeof(out->body) - 1 ? strlen(body) : sizeof(out->body) - 1;
	memcpy(out->body, body, blen);
	out->body[blen] = '\0';
}

static void send_all(int fd, const char *text, size_t len)
{
	size_t sent = 0;
	while (sent < len) {
		ssize_t n = send(fd, text + sent, len - sent, MSG_NOSIGNAL);
		if (n <= 0)
			break;   /* refused early: the reply is still to be read */
		sent += (size_t)n;
	}
}

/* Send text on a new connection to port (from src) and read the reply. */
static void raw_to(int port, const char *src, const char *text, size_t len, struct raw *out)
{
	memset(out, 0, sizeof(*out));
	int fd = connect_from(src, port);
	if (fd < 0)
		return;
	send_all(fd, text, len);
	read_reply(fd, out);
	close(fd);
}

/* A header of the reply (case-insensitive name) into buf, or NULL. */
static const char *raw_header(const struct raw *r, const char *name, char *buf, size_t len)
{
	char key[128];
	snprintf(key, sizeof(key), "\r\n%s:", name);
	const char *at = strcasestr(r->head, key);
	if (at == NULL)
		return NULL;
	at += strlen(key);
	at += strspn(at, " ");
	size_t n = strcspn(at, "\r\n");
	snprintf(buf, len, "%.*s", (int)n, at);
	return buf;
}

/* The messages lianxin's error table (src/http/reply.c) gives each code. */
static const struct {
	const char *code, *zh, *en;
} known[] = {
	{ "bad_request", "请求无效", "Bad request" },
	{ "not_found", "未找到", "Not found" },
	{ "method_not_allowed", "不支持该请求方法", "Method not allowed" },
	{ "too_large", "请求体过大", "The request body is too large" },
	{ "uri_too_long", "请求地址过长", "The request URI is too long" },
	{ "headers_too_large", "请求头过大", "The request headers are too large" },
	{ "rate_limited", "请求过于频繁，请稍后再试", "Too many requests, try again later" },
	{ "unavailable", "服务暂不可用", "Service unavailable" },
};

/* The reply is our JSON error: status, code, both messages (reply.c's where it has the code), JSON type. */
static void expect_json_error(const struct raw *r, long status, const char *code, const char *what)
{
	EXPECT(r->status == status, "%s: status %ld, want %ld: %s", what, r->status, status, r->head);
	char type[128];
	EXPECT(raw_header(r, "Content-Type", type, sizeof(type)) && !strncmp(type, "application/json", 16),
	       "%s: a JSON content type: %s", what, r->head);
	json_error_t je;
	json_t *j = json_loads(r->body, 0, &je);
	json_t *e = json_object_get(j, "error");
	EXPECT(e && json_object_size(j) == 1 && !strcmp(jstr(e, "code"), code) && jstr(e, "message_zh")[0] &&
		       jstr(e, "message_en")[0],
	       "%s: our JSON error %s: %s", what, code, r->body);
	for (size_t i = 0; e && i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(known[i].code, code))
			EXPECT(!strcmp(jstr(e, "message_zh"), known[i].zh) && !strcmp(jstr(e, "message_en"), known[i].en),
			       "%s: reply.c's messages for %s: %s", what, code, r->body);
	json_decref(j);
}

/* ---- the tests ------------------------------------------------------------------------- */

struct bad_case {
	const char *what;
	const char *text;     /* NULL: built by the test */
	long status;
	const char *code;
};

static void test_malformed(void)
{
	static char big_header[48 << 10], many_headers[48 << 10], long_uri[12 << 10];
	/* one header of 40 KB */
	snprintf(big_header, sizeof(big_header), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: %040000d\r\n\r\n", 0);
	/* 400 headers of about 100 bytes */
	size_t n = (size_t)snprintf(many_headers, sizeof(many_headers), "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
	for (int i = 0; i < 400; i++)
		n += (size_t)snprintf(many_headers + n, sizeof(many_headers) - n, "X-H%03d: %090d\r\n", i, i);
	snprintf(many_headers + n, sizeof(many_headers) - n, "\r\n");
	/* a 9 KB request target */
	snprintf(long_uri, sizeof(long_uri), "GET /api/v1/%09000d HTTP/1.1\r\nHost: x\r\n\r\n", 0);
	const struct bad_case cases[] = {
		{ "a control character in the request line", "GET\x01 / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request" },
		{ "a request line of one word", "GARBAGE\r\n\r\n", 400, "bad_request" },
		{ "a malformed HTTP version", "GET / HTTP/1.x\r\nHost: x\r\n\r\n", 400, "bad_request" },
		{ "HTTP/9.1", "GET / HTTP/9.1\r\nHost: x\r\n\r\n", 505, "http_version_not_supported" },
		{ "HTTP/2.0 in plain text", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "http_version_not_supported" },
		{ "a malformed header line", "GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n", 400, "bad_request" },
		{ "no Host", "GET / HTTP/1.1\r\n\r\n", 400, "bad_request" },
		{ "Content-Length 12abc", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n", 400,
		  "bad_request" },
		{ "Content-Length -1", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400,
		  "bad_request" },
		{ "a Content-Length over 64 bits",
		  "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400,
		  "bad_request" },
		{ "two Content-Lengths", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
		  400, "bad_request" },
		{ "Content-Length and chunked together",
		  "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
		  400, "bad_request" },
		{ "a malformed chunk", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400,
		  "bad_request" },
		{ "a chunk size over 64 bits",
		  "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\n", 400,
		  "bad_request" },
		{ "an unknown transfer coding", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501,
		  "not_implemented" },
		{ "TRACE", "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 405, "method_not_allowed" },
		{ "one header of 40 KB", big_header, 431, "headers_too_large" },
		{ "400 headers of 100 bytes", many_headers, 431, "headers_too_large" },
		{ "a 9 KB request target", long_uri, 414, "uri_too_long" },
		{ "a JSON body declared over 1 MiB",
		  "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{",
		  413, "too_large" },
		{ "an upload declared over 20 MiB",
		  "POST /api/v1/imports/households HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 22000000\r\n\r\na",
		  413, "too_large" },
		{ "the proxy's error page asked for", "GET /_lianxin/error HTTP/1.1\r\nHost: x\r\n\r\n", 404, "not_found" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct raw r;
		raw_to(px.port, NULL, cases[i].text, strlen(cases[i].text), &r);
		expect_json_error(&r, cases[i].status, cases[i].code, cases[i].what);
		char id[64];
		EXPECT(raw_header(&r, "X-Request-Id", id, sizeof(id)) == NULL, "%s: answered by the proxy, not lianxin", cases[i].what);
	}
	/* HTTP/0.9 (no version): passed on, and answered as HTTP/0.9 is, with the body alone (docs/security.md) */
	struct raw r09;
	raw_to(px.port, NULL, "GET /api/v1/no-such-thing-09\r\n", strlen("GET /api/v1/no-such-thing-09\r\n"), &r09);
	json_t *j09 = json_loads(r09.body, 0, NULL);
	EXPECT(r09.status == 0 && strncmp(r09.body, "HTTP/", 5) != 0 &&
		       !strcmp(jstr(json_object_get(j09, "error"), "code"), "not_found"),
	       "an HTTP/0.9 request gets lianxin's JSON body without a status line: %s", r09.body);
	json_decref(j09);
	/* the same bytes as lianxin's own reply to the errors it can answer itself */
	const struct {
		const char *what, *text;
	} same[] = {
		{ "414", long_uri },
		{ "431", big_header },
		{ "413", "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200000000\r\n\r\n{" },
	};
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		static struct raw a, b;
		raw_to(px.port, NULL, same[i].text, strlen(same[i].text), &a);
		raw_to(srv.port, NULL, same[i].text, strlen(same[i].text), &b);
		EXPECT(a.status == b.status && !strcmp(a.body, b.body), "%s: the proxy's reply is lianxin's: %ld %s / %ld %s",
		       same[i].what, a.status, a.body, b.status, b.body);
	}
}

/* A chunked body over the limit: a readable 413 (libmicrohttpd alone resets); one under it reaches lianxin. */
static void test_chunked(void)
{
	for (int over = 1; over >= 0; over--) {
		size_t total = over ? (size_t)2 << 20 : (size_t)512 << 10, chunk = 64 << 10;
		int fd = connect_from(NULL, px.port);
		EXPECT(fd >= 0, "connect to the proxy");
		if (fd < 0)
			return;
		const char *head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
				   "Transfer-Encoding: chunked\r\n\r\n";
		send_all(fd, head, strlen(head));
		char *data = malloc(chunk);
		memset(data, ' ', chunk);
		for (size_t sent = 0; sent < total; sent += chunk) {
			char size[32];
			snprintf(size, sizeof(size), "%zx\r\n", chunk);
			send_all(fd, size, strlen(size));
			send_all(fd, data, chunk);
			send_all(fd, "\r\n", 2);
		}
		send_all(fd, "0\r\n\r\n", 5);
		free(data);
		struct raw r;
		read_reply(fd, &r);
		close(fd);
		char id[64];
		if (over) {
			expect_json_error(&r, 413, "too_large", "a chunked body of 2 MiB");
		} else {
			/* 512 KiB of spaces: not JSON, said by lianxin itself */
			EXPECT(r.status == 400 && raw_header(&r, "X-Request-Id", id, sizeof(id)),
			       "a chunked body under the limit reaches lianxin: %ld %s", r.status, r.body);
			expect_json_error(&r, 400, "bad_json", "a chunked body under the limit");
		}
	}
}

/* Normal requests, lianxin's own errors, an upload and keep-alive pass through unchanged. */
static void test_pass_through(void)
{
	struct resp a, b;
	http(&px, "GET", "/api/v1/public/request-categories", NULL, NULL, &a);
	http(&srv, "GET", "/api/v1/public/request-categories", NULL, NULL, &b);
	EXPECT(a.status == 200 && a.status == b.status && a.body && b.body && !strcmp(a.body, b.body),
	       "a public list through the proxy is lianxin's: %ld %s", a.status, a.body);
	char ta[128], tb[128], id[64];
	EXPECT(resp_header(&a, "Content-Type", ta, sizeof(ta)) && resp_header(&b, "Content-Type", tb, sizeof(tb)) &&
		       !strcmp(ta, tb),
	       "the same content type");
	EXPECT(resp_header(&a, "X-Request-Id", id, sizeof(id)) != NULL, "lianxin's request id passed on");
	EXPECT(resp_header(&a, "Content-Security-Policy", ta, sizeof(ta)) != NULL, "lianxin's security headers passed on");
	resp_free(&a);
	resp_free(&b);
	/* a login and a read as that user */
	struct session s;
	EXPECT(login(&px, "admin", srv.admin_password, &s) == 200, "a login through the proxy");
	struct req_opts o = { .auth = &s };
	http(&px, "POST", "/api/v1/me/password",
	     fmt("{\"old_password\":\"%s\",\"new_password\":\"Proxy-Pass-2026\"}", srv.admin_password), &o, &a);
	EXPECT(a.status == 200, "a write through the proxy (the first password changed): %ld %s", a.status, a.body);
	resp_free(&a);
	http(&px, "GET", "/api/v1/meta", NULL, &o, &a);
	http(&srv, "GET", "/api/v1/meta", NULL, &o, &b);
	EXPECT(a.status == 200 && b.status == 200 && a.body && b.body && !strcmp(a.body, b.body),
	       "a read through the proxy is lianxin's: %ld", a.status);
	resp_free(&a);
	resp_free(&b);
	/* lianxin's own error replies are not replaced */
	http(&px, "GET", "/api/v1/meta", NULL, NULL, &a);
	expect_error(&a, 401, "not_logged_in", "lianxin's 401 through the proxy");
	EXPECT(resp_header(&a, "X-Request-Id", id, sizeof(id)) != NULL, "the 401 is lianxin's");
	resp_free(&a);
	http(&px, "POST", "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"wrong\",\"x\":1}", NULL, &a);
	expect_error(&a, 400, "unknown_field", "lianxin's 400 through the proxy");
	resp_free(&a);
	/* an upload of 2 MiB (over the JSON limit, under the upload limit) reaches lianxin whole */
	size_t big = (size_t)2 << 20;
	char *csv = malloc(big + 1);
	memset(csv, 'a', big);
	csv[big] = '\0';
	memcpy(csv, "户编号\n", strlen("户编号\n"));
	o.content_type = "text/csv";
	http(&px, "POST", "/api/v1/imports/households?dry_run=1", csv, &o, &a);
	http(&srv, "POST", "/api/v1/imports/households?dry_run=1", csv, &o, &b);
	EXPECT(a.status != 413 && a.status == b.status && a.body && b.body && !strcmp(a.body, b.body) &&
		       resp_header(&a, "X-Request-Id", id, sizeof(id)),
	       "an upload of 2 MiB through the proxy gets lianxin's answer: %ld %.300s / %ld %.300s", a.status, a.body,
	       b.status, b.body);
	resp_free(&a);
	resp_free(&b);
	free(csv);
	/* keep-alive: three requests on one connection to the proxy */
	int fd = connect_from(NULL, px.port);
	EXPECT(fd >= 0, "connect to the proxy");
	for (int i = 0; fd >= 0 && i < 3; i++) {
		const char *get = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
		send_all(fd, get, strlen(get));
		struct raw r;
		read_reply(fd, &r);
		EXPECT(r.status == 200 && !r.closed && raw_header(&r, "X-Request-Id", id, sizeof(id)),
		       "request %d on one kept-alive connection: %ld %s", i + 1, r.status, r.head);
	}
	if (fd >= 0)
		close(fd);
}

/* The access line of the request whose path holds mark: its client address, into addr. */
static bool access_addr(const char *mark, char *addr, size_t len)
{
	for (int tries = 0; tries < 40; tries++) {   /* the line is written after the reply */
		char *log = read_file(srv.log_file);
		const char *at = log ? strstr(log, mark) : NULL;
		if (at) {
			const char *line = at;
			while (line > log && line[-1] != '\n')
				line--;
			const char *acc = strstr(line, "access ");
			bool ok = false;
			if (acc && acc < at) {
				const char *p = acc + 7;
				p += strcspn(p, " ");   /* the request id */
				p += strspn(p, " ");
				snprintf(addr, len, "%.*s", (int)strcspn(p, " "), p);
				ok = true;
			}
			free(log);
			return ok;
		}
		free(log);
		usleep(50000);
	}
	return false;
}

/* The client's address is the one the proxy saw; a client's X-Forwarded-For is never believed. */
static void test_client_address(void)
{
	struct raw r;
	char addr[64];
	const struct {
		const char *what, *src, *path;
		bool via_proxy;
		const char *want;
	} cases[] = {
		{ "through the proxy, with a forged X-Forwarded-For", "127.0.0.2", "/api/v1/no-such-thing-proxy1", true, "127.0.0.2" },
		{ "straight to lianxin, with a forged X-Forwarded-For", "127.0.0.3", "/api/v1/no-such-thing-direct1", false,
		  "127.0.0.3" },
		/* the proxy's own address is trusted: its header names the client */
		{ "from the trusted proxy's address", "127.0.0.1", "/api/v1/no-such-thing-direct2", false, "6.6.6.6" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *text = fmt("GET %s HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\nConnection: close\r\n\r\n",
				       cases[i].path);
		raw_to(cases[i].via_proxy ? px.port : srv.port, cases[i].src, text, strlen(text), &r);
		EXPECT(r.status == 404, "%s: answered %ld", cases[i].what, r.status);
		EXPECT(access_addr(cases[i].path, addr, sizeof(addr)) && !strcmp(addr, cases[i].want),
		       "%s: the access log names %s, not %s", cases[i].what, cases[i].want, addr);
	}
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Wait (sending a byte of trickle every second) until fd is closed; seconds taken and bytes received. */
static double trickle_until_closed(int fd, const char *trickle, size_t *received)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	*received = 0;
	while (seconds_since(&t0) < 20) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 1000) > 0) {
			char buf[4096];
			ssize_t n = recv(fd, buf, sizeof(buf), 0);
			if (n <= 0)
				return seconds_since(&t0);
			*received += (size_t)n;
		}
		send(fd, trickle, strlen(trickle), MSG_NOSIGNAL);
		/* a normal client meanwhile */
		struct resp ok;
		http(&px, "GET", "/api/v1/health", NULL, NULL, &ok);
		EXPECT(ok.status == 200, "a normal client is served meanwhile: %ld", ok.status);
		resp_free(&ok);
	}
	return seconds_since(&t0);
}

/* Slow headers and a stalled body are cut off by the proxy; nginx sends no reply (docs/security.md). */
static void test_slow_clients(void)
{
	int fd = connect_from(NULL, px.port);
	EXPECT(fd >= 0, "connect to the proxy");
	if (fd < 0)
		return;
	const char *start = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
	send_all(fd, start, strlen(start));
	size_t received;
	double took = trickle_until_closed(fd, "X-Slow: 1\r\n", &received);
	close(fd);
	EXPECT(took >= TEST_HEADER_TIMEOUT - 0.5 && took < TEST_HEADER_TIMEOUT + 4,
	       "headers sent a line a second are cut off at the header timeout (%d s): %.1f s", TEST_HEADER_TIMEOUT, took);
	EXPECT(received == 0, "nginx closes without a reply (%zu bytes)", received);
	fd = connect_from(NULL, px.port);
	EXPECT(fd >= 0, "connect to the proxy");
	if (fd < 0)
		return;
	const char *post = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
			   "Content-Length: 100\r\n\r\n{\"user";
	send_all(fd, post, strlen(post));
	took = trickle_until_closed(fd, "", &received);
	close(fd);
	EXPECT(took >= TEST_BODY_TIMEOUT - 0.5 && took < TEST_BODY_TIMEOUT + 4,
	       "a stalled body is cut off at the body timeout (%d s): %.1f s", TEST_BODY_TIMEOUT, took);
	EXPECT(received == 0, "nginx closes without a reply (%zu bytes)", received);
}

/* lianxin down: the proxy answers a JSON 502. */
static void test_upstream_down(void)
{
	EXPECT(server_stop(&srv) == 0, "lianxin stops");
	struct raw r;
	const char *get = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
	raw_to(px.port, NULL, get, strlen(get), &r);
	expect_json_error(&r, 502, "unavailable", "lianxin down");
	/* back, so that the program ends as it began */
	EXPECT(server_start(&srv, binary, db_url, serve_extra) == 0, "lianxin starts again");
}

static int setup(void)
{
	if (server_start(&srv, binary, db_url, serve_extra)) {
		fprintf(stderr, "api_proxy: the server did not start\n");
		return -1;
	}
	return nginx_start();
}

static void cleanup(void)
{
	nginx_stop();
}

int main(int argc, char **argv)
{
	static const struct api_test tests[] = {
		{ "malformed requests: our JSON with the right status, from the proxy", test_malformed },
		{ "chunked bodies: over the limit a readable JSON 413, under it lianxin's answer", test_chunked },
		{ "normal requests, lianxin's errors, an upload and keep-alive pass through unchanged", test_pass_through },
		{ "the client's address is the proxy's word, never the client's", test_client_address },
		{ "slow headers and a stalled body cut off by the proxy", test_slow_clients },
		{ "lianxin down: a JSON 502", test_upstream_down },
	};
	const struct api_program p = { "api_proxy", &binary, db_url, sizeof(db_url), tmpdir, sizeof(tmpdir), &srv, setup, cleanup,
				       tests, sizeof(tests) / sizeof(tests[0]) };
	return api_main(argc, argv, &p);
}
