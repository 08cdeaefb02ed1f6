/* csv.c - RFC 4180 record reader with UTF-8 and size checks. */
#include "core/csv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

struct csv_reader {
	const char *data;
	size_t len, pos;
	int line;            /* line of data[pos] */
	int record_line;     /* line where the last record started */
	bool failed;
	char *buf;           /* the current record's fields, each NUL-terminated */
	size_t buflen, bufcap;
	size_t field_start;  /* offset in buf of the field being read */
	size_t offs[CSV_FIELDS_MAX];
	const char *fields[CSV_FIELDS_MAX];
	char err[160];
};

struct csv_reader *csv_open(const char *data, size_t len)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->data = data;
	r->len = data != NULL ? len : 0;
	r->line = 1;
	r->bufcap = 256;
	r->buf = xmalloc(r->bufcap);
	if (r->len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r->pos = 3;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r);
}

const char *csv_error(const struct csv_reader *r)
{
	return r->err;
}

static enum csv_status fail(struct csv_reader *r, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static enum csv_status fail(struct csv_reader *r, int line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(r->err, sizeof r->err, "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof r->err - (size_t)n, fmt, ap);
	va_end(ap);
	r->failed = true;
	return CSV_ERROR;
}

static void push(struct csv_reader *r, char c)
{
	if (r->buflen == r->bufcap) {
		r->bufcap *= 2;
		r->buf = xrealloc(r->buf, r->bufcap);
	}
	r->buf[r->buflen++] = c;
}

/* Append c to the current field; false when the field would grow too long. */
static bool put(struct csv_reader *r, char c)
{
	if (r->buflen - r->field_start >= CSV_FIELD_MAX)
		return false;
	push(r, c);
	return true;
}

/* Append s[0..n) to the current field; false when the field would grow too long. */
static bool put_span(struct csv_reader *r, const char *s, size_t n)
{
	if (r->buflen - r->field_start + n > CSV_FIELD_MAX)
		return false;
	if (r->buflen + n >= r->bufcap) {
		while (r->buflen + n >= r->bufcap)
			r->bufcap *= 2;
		r->buf = xrealloc(r->buf, r->bufcap);
	}
	memcpy(r->buf + r->buflen, s, n);
	r->buflen += n;
	return true;
}

/* The length of the run at s[0..n) without a byte an unquoted field must
 * look at: comma, quote, CR, LF or NUL. */
static size_t plain_span(const char *s, size_t n)
{
	static const bool stop[256] = { [','] = true, ['"'] = true, ['\r'] = true, ['\n'] = true, ['\0'] = true };
	size_t i = 0;
	while (i < n && !stop[(unsigned char)s[i]])
		i++;
	return i;
}

/* Strict UTF-8: no overlong forms, surrogates or code points above U+10FFFF. */
static bool utf8_ok(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t k;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			k = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return false;
		}
		if (n - i <= k)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t j = 2; j <= k; j++)
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
		i += k + 1;
	}
	return true;
}

static bool at_crlf(const struct csv_reader *r)
{
	return r->pos + 1 < r->len && r->data[r->pos] == '\r' && r->data[r->pos + 1] == '\n';
}

/* Read one field starting at r->pos into buf; leaves r->pos on the
 * delimiter (',', line end) or at the end of the input. */
static enum csv_status read_field(struct csv_reader *r, int nf)
{
	const char *d = r->data;
	int open_line = r->line;
	if (r->pos < r->len && d[r->pos] == '"') {
		r->pos++;
		for (;;) {
			if (r->pos >= r->len)
				return fail(r, open_line, "unterminated quoted field %d", nf + 1);
			char c = d[r->pos];
			if (c == '"') {
				if (r->pos + 1 < r->len && d[r->pos + 1] == '"') {
					r->pos++;
				} else {
					r->pos++;
					break;
				}
			} else if (c == '\0') {
				return fail(r, r->line, "NUL byte in field %d", nf + 1);
			}
			if (c == '\n')
				r->line++;
			if (!put(r, c))
				return fail(r, open_line, "field %d is longer than %d bytes", nf + 1, CSV_FIELD_MAX);
			r->pos++;
		}
		if (r->pos < r->len && d[r->pos] != ',' && d[r->pos] != '\n' && !at_crlf(r))
			return fail(r, r->line, "text after the closing quote of field %d", nf + 1);
	} else {
		for (;;) {
			/* the plain bytes up to the next one that matters, copied at once */
			size_t n = plain_span(d + r->pos, r->len - r->pos);
			if (!put_span(r, d + r->pos, n))
				return fail(r, r->line, "field %d is longer than %d bytes", nf + 1, CSV_FIELD_MAX);
			r->pos += n;
			if (r->pos >= r->len)
				break;
			char c = d[r->pos];
			if (c == ',' || c == '\n' || at_crlf(r))
				break;
			if (c == '"')
				return fail(r, r->line, "quote inside unquoted field %d", nf + 1);
			if (c == '\0')
				return fail(r, r->line, "NUL byte in field %d", nf + 1);
			if (!put(r, c))   /* a CR that does not end the line is data */
				return fail(r, r->line, "field %d is longer than %d bytes", nf + 1, CSV_FIELD_MAX);
			r->pos++;
		}
	}
	if (!utf8_ok((const unsigned char *)r->buf + r->field_start, r->buflen - r->field_start))
		return fail(r, r->line, "invalid UTF-8 in field %d", nf + 1);
	push(r, '\0');
	return CSV_ROW;
}

enum csv_status csv_next(struct csv_reader *r, const char ***fields, int *nfields, int *line)
{
	const char *d = r->data;
	int nf = 0;
	enum csv_status rc;
	*fields = NULL;
	*nfields = 0;
	if (r->failed) {
		*line = r->record_line;
		return CSV_ERROR;
	}
	/* blank lines are not records */
	for (;;) {
		if (r->pos < r->len && d[r->pos] == '\n') {
			r->pos++;
		} else if (at_crlf(r)) {
			r->pos += 2;
		} else {
			break;
		}
		r->line++;
	}
	r->record_line = r->line;
	*line = r->line;
	if (r->pos >= r->len)
		return CSV_DONE;
	r->buflen = 0;
	for (;;) {
		if (nf == CSV_FIELDS_MAX)
			return fail(r, r->line, "more than %d fields", CSV_FIELDS_MAX);
		r->field_start = r->buflen;
		r->offs[nf] = r->buflen;
		rc = read_field(r, nf);
		if (rc != CSV_ROW)
			return rc;
		nf++;
		if (r->pos >= r->len)
			break;
		if (d[r->pos] == ',') {
			r->pos++;
			continue;
		}
		r->pos += d[r->pos] == '\n' ? 1 : 2;
		r->line++;
		break;
	}
	for (int i = 0; i < nf; i++)
		r->fields[i] = r->buf + r->offs[i];
	*fields = r->fields;
	*nfields = nf;
	return CSV_ROW;
}
