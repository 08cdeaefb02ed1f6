/* encoding.c - Accept-Encoding negotiation, gzip of JSON replies, ETags and 304. */
#include "http/encoding.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "http/reply.h"

/* One Accept-Encoding element "coding;q=0.5": does it name coding (or "*")
 * with a q above zero? */
static bool element_accepts(const char *s, size_t n, const char *coding, bool *named)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	size_t tok = 0;
	while (tok < n && s[tok] != ';' && !isspace((unsigned char)s[tok]))
		tok++;
	size_t clen = strlen(coding);
	bool exact = tok == clen && strncasecmp(s, coding, clen) == 0;
	bool star = tok == 1 && s[0] == '*';
	if (!exact && !star)
		return false;
	if (exact)
		*named = true;
	const char *q = memchr(s, ';', n);
	if (q == NULL)
		return true;
	/* q=0, q=0.0, q=0.000 refuse; any other digit after "q=" accepts */
	const char *end = s + n;
	for (q++; q < end && isspace((unsigned char)*q); q++)
		;
	if (end - q < 2 || (q[0] != 'q' && q[0] != 'Q') || q[1] != '=')
		return true;
	for (q += 2; q < end; q++)
		if (*q >= '1' && *q <= '9')
			return true;
	return false;
}

bool encoding_accepted(const char *accept_encoding, const char *coding)
{
	if (accept_encoding == NULL)
		return false;
	bool named = false, exact_ok = false, star_ok = false;
	const char *s = accept_encoding;
	while (*s) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		bool before = named;
		bool ok = element_accepts(s, n, coding, &named);
		if (named != before)
			exact_ok = ok;          /* this element named the coding itself */
		else if (ok)
			star_ok = true;
		s += n;
		if (*s == ',')
			s++;
	}
	return named ? exact_ok : star_ok;   /* "gzip;q=0, *" still refuses gzip */
}

bool encoding_accepts(const struct req *r, const char *coding)
{
	return encoding_accepted(req_header(r, "Accept-Encoding"), coding);
}

static const char *gzip_bytes(struct arena *a, const char *in, size_t len, size_t *out_len)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* windowBits 15 + 16: a gzip wrapper; level 5 keeps the CPU cost small */
	if (deflateInit2(&zs, 5, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong cap = deflateBound(&zs, (uLong)len);
	unsigned char *out = arena_alloc(a, cap);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	int rc = deflate(&zs, Z_FINISH);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return rc == Z_STREAM_END ? (const char *)out : NULL;
}

const char *encoding_json_body(struct req *r, const char *body, size_t len, size_t *out_len)
{
	*out_len = len;
	if (len < ENCODING_GZIP_MIN || len > UINT32_MAX / 2)
		return body;
	req_add_header(r, "Vary", "Accept-Encoding");
	if (!encoding_accepts(r, "gzip"))
		return body;
	size_t zlen;
	const char *z = gzip_bytes(r->arena, body, len, &zlen);
	if (z == NULL || zlen >= len)
		return body;
	req_add_header(r, "Content-Encoding", "gzip");
	*out_len = zlen;
	return z;
}

bool encoding_not_modified(const struct req *r, const char *etag)
{
	const char *inm = req_header(r, "If-None-Match");
	if (inm == NULL)
		return false;
	size_t n = strlen(etag);
	for (const char *p = inm; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (strncmp(p, etag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

int reply_json_etag(struct req *r, int status, json_t *body)
{
	char *dumped = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (dumped == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	size_t len = strlen(dumped);
	uint64_t h = 1469598103934665603ull;   /* FNV-1a over the bytes */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)dumped[i]) * 1099511628211ull;
	const char *etag = arena_printf(r->arena, "\"j%016llx\"", (unsigned long long)h);
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Cache-Control", "private, no-cache");
	if (r->out) {
		json_decref(r->out);
		r->out = NULL;
	}
	r->out_type = "application/json; charset=utf-8";
	if (encoding_not_modified(r, etag)) {
		free(dumped);
		r->out_body = "";
		r->out_len = 0;
		r->status = 304;
		return 304;
	}
	char *copy = arena_alloc(r->arena, len + 1);
	memcpy(copy, dumped, len + 1);
	free(dumped);
	r->out_body = copy;
	r->out_len = len;
	r->status = status;
	return status;
}
