/*
 * server.c - libmicrohttpd glue.
 *
 * The access handler is called several times per request: the first call
 * creates the per-request context (and answers 413 at once when the
 * declared length is over the route's limit), the middle calls append body
 * bytes to a capped buffer, the last call dispatches.  Returning MHD_YES on
 * the first call instead of replying keeps connections alive (see
 * ../shared/design.md).  Cleanup happens in the completion callback only.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/mem.h"
#include "http/encoding.h"
#include "http/reply.h"

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_server_config cfg;
	int port;
};

struct conn_req {
	struct req req;
	struct http_server *srv;
	struct MHD_Connection *conn;
	char *body;
	size_t body_len, body_cap, limit;
	size_t discarded;             /* bytes of an over-limit body read and thrown away */
	bool too_large;
	bool replied;
	struct timespec start;        /* when the headers were complete (the first call) */
};

/*
 * An over-limit body is read and thrown away (up to this much past the
 * limit) and answered 413 when it ends: a reply before the body has been
 * read makes the connection close under the client's upload, which then
 * sees a reset instead of the 413.  Beyond this the reply goes at once.
 */
#define DRAIN_MAX ((size_t)64 << 20)

/* A body that averages less than min-body-rate after this many seconds
 * holds a connection for nothing (a slow client): it is closed. */
#define BODY_GRACE_SECONDS 5

/* Seconds since the request's headers were complete. */
static double seconds_since_start(const struct conn_req *cr)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - cr->start.tv_sec) + (double)(now.tv_nsec - cr->start.tv_nsec) / 1e9;
}

static bool body_too_slow(const struct conn_req *cr)
{
	if (cr->srv->cfg.min_body_rate <= 0)
		return false;
	double secs = seconds_since_start(cr);
	return secs > BODY_GRACE_SECONDS &&
	       (double)(cr->body_len + cr->discarded) < (double)cr->srv->cfg.min_body_rate * secs;
}

static const char *const security_headers[][2] = {
	{ "Content-Security-Policy",
	  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
	  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "no-referrer" },
	{ "X-Frame-Options", "DENY" },
};

static const char *header_lookup(const struct req *r, const char *name)
{
	struct conn_req *cr = r->transport;
	return MHD_lookup_connection_value(cr->conn, MHD_HEADER_KIND, name);
}

struct query_collect {
	struct req *r;
	int cap;
};

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
				     const char *value)
{
	(void)kind;
	struct query_collect *qc = cls;
	struct req *r = qc->r;
	if (r->nquery == qc->cap) {
		int cap = qc->cap ? qc->cap * 2 : 8;
		struct kv *grown = arena_alloc(r->arena, sizeof(*grown) * (size_t)cap);
		if (r->nquery)
			memcpy(grown, r->query, sizeof(*grown) * (size_t)r->nquery);
		r->query = grown;
		qc->cap = cap;
	}
	r->query[r->nquery].name = key;
	r->query[r->nquery].value = value ? value : "";
	r->nquery++;
	return MHD_YES;
}

static void client_address(struct MHD_Connection *c, char *out, size_t len)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, len, "unknown");
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out, (socklen_t)len);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out, (socklen_t)len);
}

static enum MHD_Result send_reply(struct conn_req *cr)
{
	struct req *r = &cr->req;
	struct MHD_Response *resp;
	size_t bytes = 0;
	if (r->out_fd >= 0) {
		resp = MHD_create_response_from_fd64((uint64_t)r->out_fd_size, r->out_fd);
		r->out_fd = -1;   /* MHD owns and closes it now */
		bytes = (size_t)r->out_fd_size;
	} else {
		const char *body = r->out_body;
		size_t len = r->out_len;
		char *dumped = NULL;
		if (r->out) {
			dumped = json_dumps(r->out, JSON_COMPACT);
			body = dumped ? dumped : "{}";
			len = strlen(body);
			r->out_type = "application/json; charset=utf-8";
		}
		if (body == NULL) {
			body = "";
			len = 0;
		}
		if (r->out_type && strncmp(r->out_type, "application/json", 16) == 0)
			body = encoding_json_body(r, body, len, &len);
		resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
		free(dumped);
		bytes = len;
	}
	if (resp == NULL)
		return MHD_NO;
	for (size_t i = 0; i < sizeof(security_headers) / sizeof(security_headers[0]); i++)
		MHD_add_response_header(resp, security_headers[i][0], security_headers[i][1]);
	bool own_cache_control = false;   /* a reply that may be revalidated (GET /meta) sets its own */
	for (int i = 0; i < r->nout_headers; i++)
		own_cache_control |= strcasecmp(r->out_headers[i].name, "Cache-Control") == 0;
	if (strncmp(r->path, "/api/", 5) == 0 && !own_cache_control)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->out_type)
		MHD_add_response_header(resp, "Content-Type", r->out_type);
	MHD_add_response_header(resp, "X-Request-Id", r->request_id);
	for (int i = 0; i < r->nout_headers; i++)
		MHD_add_response_header(resp, r->out_headers[i].name, r->out_headers[i].value);
	enum MHD_Result ret = MHD_queue_response(cr->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	cr->replied = true;

	if (cr->srv->cfg.access_log) {
		double ms = seconds_since_start(cr) * 1e3;
		log_info("access %s %s user=%lld %s %s %d %zu %.2fms", r->request_id, r->remote_addr,
			 (long long)r->user_id, r->method, r->path, r->status, bytes, ms);
	}
	return ret;
}

static enum MHD_Result reply_early_error(struct conn_req *cr, enum err e)
{
	struct req *r = &cr->req;
	reply_json(r, error_status(e), error_body(e, NULL, NULL, NULL));
	return send_reply(cr);
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_size, void **req_cls)
{
	(void)version;
	struct http_server *srv = cls;
	struct conn_req *cr = *req_cls;
	if (cr == NULL) {
		cr = xcalloc(1, sizeof(*cr));
		clock_gettime(CLOCK_MONOTONIC, &cr->start);
		cr->srv = srv;
		cr->conn = conn;
		struct req *r = &cr->req;
		req_init(r, arena_new());
		r->app = srv->cfg.app;
		r->transport = cr;
		r->header_fn = header_lookup;
		r->method = method;
		r->path = url;
		unsigned char id[8];
		randombytes_buf(id, sizeof(id));
		sodium_bin2hex(r->request_id, sizeof(r->request_id), id, sizeof(id));
		char addr[INET6_ADDRSTRLEN];
		client_address(conn, addr, sizeof(addr));
		r->remote_addr = arena_strdup(r->arena, addr);
		*req_cls = cr;
		cr->limit = srv->cfg.body_limit(srv->cfg.app, method, url);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		unsigned long long declared = cl ? strtoull(cl, NULL, 10) : 0;
		if (declared > cr->limit) {
			cr->too_large = true;
			if (declared - cr->limit > DRAIN_MAX)
				return reply_early_error(cr, ERR_TOO_LARGE);
		}
		return MHD_YES;
	}
	if (cr->replied) {
		*upload_size = 0;   /* discard the rest of an over-limit body */
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (body_too_slow(cr)) {
			log_warn("%s: %s %s: the body came too slowly (%zu bytes); connection closed", cr->req.request_id,
				 method, url, cr->body_len + cr->discarded + n);
			return MHD_NO;
		}
		if (cr->too_large || cr->body_len + n > cr->limit) {
			cr->too_large = true;
			cr->discarded += n;
			return cr->discarded > DRAIN_MAX ? reply_early_error(cr, ERR_TOO_LARGE) : MHD_YES;
		}
		if (cr->body_len + n + 1 > cr->body_cap) {
			cr->body_cap = (cr->body_len + n + 1) * 2;
			if (cr->body_cap > cr->limit + 1)
				cr->body_cap = cr->limit + 1;
			cr->body = xrealloc(cr->body, cr->body_cap);
		}
		memcpy(cr->body + cr->body_len, upload_data, n);
		cr->body_len += n;
		cr->body[cr->body_len] = '\0';
		return MHD_YES;
	}
	if (cr->too_large)
		return reply_early_error(cr, ERR_TOO_LARGE);
	struct req *r = &cr->req;
	struct query_collect qc = { r, 0 };
	MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_query, &qc);
	r->body = cr->body ? cr->body : "";
	r->body_len = cr->body_len;
	srv->cfg.handle(r);
	return send_reply(cr);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	(void)toe;
	struct http_server *srv = cls;
	struct conn_req *cr = *req_cls;
	if (cr == NULL)
		return;
	if (srv->cfg.done)
		srv->cfg.done(&cr->req);
	if (cr->req.out_fd >= 0)
		close(cr->req.out_fd);
	req_release(&cr->req);
	arena_free(cr->req.arena);
	free(cr->body);
	free(cr);
	*req_cls = NULL;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	if (colon == NULL)
		return -1;
	char host[64];
	size_t hlen = (size_t)(colon - listen);
	if (hlen >= sizeof(host))
		return -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (hlen == 0 || strcmp(host, "*") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (strcmp(host, "localhost") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	return 0;
}

struct http_server *http_server_start(const struct http_server_config *cfg, char *err, size_t errlen)
{
	struct sockaddr_in sa;
	if (parse_listen(cfg->listen, &sa)) {
		snprintf(err, errlen, "listen: expected HOST:PORT (IPv4), got \"%s\"", cfg->listen);
		return NULL;
	}
	struct http_server *s = xcalloc(1, sizeof(*s));
	s->cfg = *cfg;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_access, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_connections,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		snprintf(err, errlen, "cannot listen on %s (address in use or not available)", cfg->listen);
		free(s);
		return NULL;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : ntohs(sa.sin_port);
	return s;
}

int http_server_port(const struct http_server *s)
{
	return s->port;
}

void http_server_stop(struct http_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->daemon);
	free(s);
}
