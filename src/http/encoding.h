/*
 * encoding.h - content negotiation of replies: which compression the client
 * takes (Accept-Encoding), gzip of JSON replies above a size, and entity tags
 * (ETag / If-None-Match, 304) for replies that may be revalidated.
 *
 * The transport (server.c) calls encoding_json_body() on every JSON reply it
 * sends; a handler whose reply changes rarely (GET /meta) replies with
 * reply_json_etag(); static files use encoding_accepts() to pick their
 * precompressed .br / .gz copy and encoding_not_modified() for index.html.
 */
#ifndef LIANXIN_HTTP_ENCODING_H
#define LIANXIN_HTTP_ENCODING_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

/* JSON replies of at least this many bytes are gzipped when the client takes gzip. */
#define ENCODING_GZIP_MIN 1024

/* Does the Accept-Encoding header list coding (e.g. "br", "gzip") with q > 0?
 * A "*" with q > 0 counts too. */
bool encoding_accepted(const char *accept_encoding, const char *coding);
/* The same, for the request's own Accept-Encoding. */
bool encoding_accepts(const struct req *r, const char *coding);

/* The bytes to send for a JSON body of len bytes: a gzip copy in the arena
 * (with Content-Encoding: gzip added to the reply) when the client takes it
 * and len >= ENCODING_GZIP_MIN, otherwise body itself.  Adds
 * Vary: Accept-Encoding whenever the size allows compression. */
const char *encoding_json_body(struct req *r, const char *body, size_t len, size_t *out_len);

/* Does the request's If-None-Match name etag (or "*")? */
bool encoding_not_modified(const struct req *r, const char *etag);

/* Reply with body (stolen) as JSON the client may keep and revalidate: an
 * ETag from its bytes, Cache-Control: private, no-cache, and 304 with no body
 * when If-None-Match names that ETag.  Returns the status. */
int reply_json_etag(struct req *r, int status, json_t *body);

#endif
