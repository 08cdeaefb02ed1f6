/*
 * server.h - the HTTP transport: libmicrohttpd with a thread pool.
 *
 * The only file that knows libmicrohttpd.  It reads a request (capping
 * headers and body), turns it into a struct req, calls the application's
 * handle function, and sends the reply with the security headers every
 * response carries.  It writes one access-log line per request, and
 * closes connections that do not complete a request's headers in time.
 */
#ifndef LIANXIN_HTTP_SERVER_H
#define LIANXIN_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/request.h"

struct http_server;

struct http_server_config {
	const char *listen;          /* "host:port"; port 0 picks a free one */
	int threads;
	int64_t max_header;
	int64_t conn_timeout;
	int64_t header_timeout;      /* seconds a connection may wait for a request's complete headers; 0: no limit */
	int64_t min_body_rate;       /* bytes a second a body must average after a grace period; 0: no limit */
	int64_t max_connections;
	int64_t per_ip_connections;
	const char *trusted_proxy;   /* proxies whose X-Forwarded-For names the client (http/proxy_addr.h); NULL or "": none */
	bool access_log;
	void *app;                   /* passed back as r->app */
	/* Largest body accepted for this method and path. */
	size_t (*body_limit)(void *app, const char *method, const char *path);
	/* Fill r's reply. */
	void (*handle)(struct req *r);
	/* Called after the reply is sent, to release what handle took. */
	void (*done)(struct req *r);
};

/* Start serving; NULL with a message in err when the address can't be used. */
struct http_server *http_server_start(const struct http_server_config *cfg, char *err, size_t errlen);
/* The port actually bound. */
int http_server_port(const struct http_server *s);
/* Stop accepting, let running requests finish, free everything. */
void http_server_stop(struct http_server *s);

#endif
