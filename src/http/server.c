/*
 * server.c - libmicrohttpd glue.
 *
 * The access handler is called several times per request: the first call
 * creates the per-request context (and answers 413 at once when the
 * declared length is over the route's limit), the middle calls append body
 * bytes to a capped buffer, the last call dispatches.  Returning MHD_YES on
 * the first call instead of replying keeps connections alive (see
 * ../shared/design.md).  Cleanup happens in the completion callback only.
 *
 * The per-request context is made when the request line has been read (the
 * URI log callback, which sees the raw request target), so that a request
 * target or header block over our own limits gets a JSON 414 or 431: the
 * connection's memory is sized well above those limits, and only what does
 * not fit even there (or is malformed) gets libmicrohttpd's own reply
 * (docs/security.md lists those cases).
 *
 * Header deadline: every connection is watched from its start (notify
 * callback) with the time it began waiting for a request's headers; the
 * access handler's first call (headers complete) marks it busy, the
 * completion callback makes it wait again.  A sweeper thread shuts down
 * (shutdown(2), which makes libmicrohttpd read the end and close it) every
 * connection that has waited longer than header-timeout.  The watch list's
 * mutex is also taken by the close notification, which libmicrohttpd
 * makes before it closes the descriptor (daemon.c, 0.9.75: cleanup calls
 * notify_connection(CLOSED) and only then MHD_socket_close_chk_), so the
 * sweeper never shuts down a descriptor that a new connection has reused.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
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
#include "http/proxy_addr.h"
#include "http/reply.h"

/* One open connection, watched for the header deadline. */
struct conn_watch {
	struct conn_watch *prev, *next;
	int fd;
	bool busy;                    /* from complete headers to the request's completion */
	bool cut;                     /* shut down by the sweeper */
	struct timespec waiting_since;
	char addr[INET6_ADDRSTRLEN];
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_server_config cfg;
	int port;
	pthread_mutex_t watch_lock;   /* watched, stopping */
	pthread_cond_t watch_wake;
	struct conn_watch *watched;
	bool stopping;
	bool sweeping;                /* the sweeper thread runs */
	pthread_t sweeper;
};

struct conn_req {
	struct req req;
	struct http_server *srv;
	struct MHD_Connection *conn;
	char *body;
	size_t body_len, body_cap, limit;
	size_t discarded;             /* bytes of an over-limit body read and thrown away */
	size_t uri_len;               /* the raw request target, as the client sent it */
	bool begun;                   /* the headers are complete and req is set up */
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

/* The longest request target (path and query, as sent) answered by the
 * application; a longer one is answered 414. */
#define MAX_URI 8192

/* The memory libmicrohttpd gives a connection (headers, buffers): well above
 * max-header and MAX_URI so that requests over our limits still reach the
 * handler and get a JSON reply. */
static size_t connection_memory(int64_t max_header)
{
	return (size_t)max_header * 2 + MAX_URI + ((size_t)64 << 10);
}

static double seconds_between(const struct timespec *from, const struct timespec *to)
{
	return (double)(to->tv_sec - from->tv_sec) + (double)(to->tv_nsec - from->tv_nsec) / 1e9;
}

/* Seconds since the request's headers were complete. */
static double seconds_since_start(const struct conn_req *cr)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return seconds_between(&cr->start, &now);
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

/* ---- the header deadline --------------------------------------------------------------- */

/* libmicrohttpd's connection notifications: watch each connection while it is open. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci == NULL)
			return;
		struct conn_watch *w = xcalloc(1, sizeof(*w));
		w->fd = ci->connect_fd;
		clock_gettime(CLOCK_MONOTONIC, &w->waiting_since);
		client_address(conn, w->addr, sizeof(w->addr));
		pthread_mutex_lock(&srv->watch_lock);
		w->next = srv->watched;
		if (srv->watched)
			srv->watched->prev = w;
		srv->watched = w;
		pthread_mutex_unlock(&srv->watch_lock);
		*socket_context = w;
		return;
	}
	struct conn_watch *w = *socket_context;   /* closed: still before the descriptor is closed */
	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		srv->watched = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&srv->watch_lock);
	free(w);
	*socket_context = NULL;
}

/* The connection's request has complete headers (busy) or has ended (waiting again). */
static void watch_mark(struct http_server *srv, struct MHD_Connection *conn, bool busy)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct conn_watch *w = ci ? ci->socket_context : NULL;
	if (w == NULL)
		return;
	pthread_mutex_lock(&srv->watch_lock);
	w->busy = busy;
	if (!busy)
		clock_gettime(CLOCK_MONOTONIC, &w->waiting_since);
	pthread_mutex_unlock(&srv->watch_lock);
}

/* Once a second: shut down the connections that have waited for headers past the deadline. */
static void *sweep_connections(void *arg)
{
	struct http_server *srv = arg;
	pthread_mutex_lock(&srv->watch_lock);
	while (!srv->stopping) {
		struct timespec wake;
		clock_gettime(CLOCK_MONOTONIC, &wake);
		wake.tv_sec += 1;
		pthread_cond_timedwait(&srv->watch_wake, &srv->watch_lock, &wake);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		for (struct conn_watch *w = srv->watched; w && !srv->stopping; w = w->next) {
			if (w->busy || w->cut ||
			    seconds_between(&w->waiting_since, &now) <= (double)srv->cfg.header_timeout)
				continue;
			shutdown(w->fd, SHUT_RDWR);
			w->cut = true;
			log_warn("http: connection from %s: no complete request headers within %lld s; closed", w->addr,
				 (long long)srv->cfg.header_timeout);
		}
	}
	pthread_mutex_unlock(&srv->watch_lock);
	return NULL;
}

/* ---- requests ------------------------------------------------------------------------------ */

/* The request line has been read: the request's context, with the raw target's length. */
static void *on_request_line(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct conn_req *cr = xcalloc(1, sizeof(*cr));
	cr->srv = cls;
	cr->conn = conn;
	cr->uri_len = uri ? strlen(uri) : 0;
	return cr;
}

/* The headers are complete: set up the request, and answer at once what is over a limit. */
static enum MHD_Result begin_request(struct conn_req *cr, const char *url, const char *method)
{
	struct http_server *srv = cr->srv;
	struct MHD_Connection *conn = cr->conn;
	cr->begun = true;
	watch_mark(srv, conn, true);
	clock_gettime(CLOCK_MONOTONIC, &cr->start);
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
	char addr[INET6_ADDRSTRLEN], client[INET6_ADDRSTRLEN];
	client_address(conn, addr, sizeof(addr));
	proxy_addr_client(srv->cfg.trusted_proxy, addr, MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"),
			  client, sizeof(client));
	r->remote_addr = arena_strdup(r->arena, client);
	if (cr->uri_len > MAX_URI) {
		log_warn("%s: request target of %zu bytes (over %d); answered 414", r->request_id, cr->uri_len, MAX_URI);
		return reply_early_error(cr, ERR_URI_TOO_LONG);
	}
	const union MHD_ConnectionInfo *hs = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (hs && hs->header_size > (size_t)srv->cfg.max_header) {
		log_warn("%s: request headers of %zu bytes (over max-header %lld); answered 431", r->request_id,
			 hs->header_size, (long long)srv->cfg.max_header);
		return reply_early_error(cr, ERR_HEADERS_TOO_LARGE);
	}
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

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_size, void **req_cls)
{
	(void)version;
	struct http_server *srv = cls;
	struct conn_req *cr = *req_cls;
	if (cr == NULL)   /* not expected: the request line callback makes it */
		*req_cls = cr = on_request_line(srv, url, conn);
	if (!cr->begun)
		return begin_request(cr, url, method);
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
	(void)toe;
	struct http_server *srv = cls;
	struct conn_req *cr = *req_cls;
	if (cr == NULL)
		return;
	if (cr->begun) {   /* a request libmicrohttpd refused itself never began */
		watch_mark(srv, conn, false);
		if (srv->cfg.done)
			srv->cfg.done(&cr->req);
		if (cr->req.out_fd >= 0)
			close(cr->req.out_fd);
		req_release(&cr->req);
		arena_free(cr->req.arena);
	}
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

static void free_server(struct http_server *s)
{
	pthread_cond_destroy(&s->watch_wake);
	pthread_mutex_destroy(&s->watch_lock);
	free(s);
}

struct http_server *http_server_start(const struct http_server_config *cfg, char *err, size_t errlen)
{
	struct sockaddr_in sa;
	if (parse_listen(cfg->listen, &sa)) {
		snprintf(err, errlen, "listen: expected HOST:PORT (IPv4), got \"%s\"", cfg->listen);
		return NULL;
	}
	if (!proxy_addr_valid_list(cfg->trusted_proxy, err, errlen))
		return NULL;
	struct http_server *s = xcalloc(1, sizeof(*s));
	s->cfg = *cfg;
	pthread_mutex_init(&s->watch_lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->watch_wake, &ca);
	pthread_condattr_destroy(&ca);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	s->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_access, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 1),
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory(cfg->max_header),
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->conn_timeout,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->per_ip_connections,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_URI_LOG_CALLBACK, on_request_line, s,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		snprintf(err, errlen, "cannot listen on %s (address in use or not available)", cfg->listen);
		free_server(s);
		return NULL;
	}
	if (cfg->header_timeout > 0) {
		if (pthread_create(&s->sweeper, NULL, sweep_connections, s) != 0) {
			snprintf(err, errlen, "cannot start the connection sweeper thread");
			MHD_stop_daemon(s->daemon);
			free_server(s);
			return NULL;
		}
		s->sweeping = true;
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
	if (s->sweeping) {
		pthread_mutex_lock(&s->watch_lock);
		s->stopping = true;
		pthread_cond_signal(&s->watch_wake);
		pthread_mutex_unlock(&s->watch_lock);
		pthread_join(s->sweeper, NULL);
	}
	MHD_stop_daemon(s->daemon);   /* closes the connections: their watches go */
	free_server(s);
}
