/*
 * reply.h - JSON replies, the error format and the request-body helpers.
 *
 * Every error a client sees is {"error":{"code","message_zh","message_en",
 * "field"?}} with the HTTP status from the errors table in reply.c.  The
 * helpers follow the "...or reply" pattern: they return 0 when the input
 * is good, or set the error reply and return its HTTP status, so a handler
 * writes `int st = body_string(r, ...); if (st) return st;`.
 */
#ifndef LIANXIN_HTTP_REPLY_H
#define LIANXIN_HTTP_REPLY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/xlsx_write.h"
#include "http/request.h"

enum err {
	ERR_BAD_REQUEST,
	ERR_VALIDATION,
	ERR_BAD_JSON,
	ERR_UNKNOWN_FIELD,
	ERR_UNKNOWN_PARAMETER,
	ERR_MISSING_FIELD,
	ERR_NOT_LOGGED_IN,
	ERR_BAD_CREDENTIALS,
	ERR_FORBIDDEN,
	ERR_CSRF,
	ERR_PASSWORD_CHANGE_REQUIRED,
	ERR_NOT_FOUND,
	ERR_METHOD,
	ERR_CONFLICT,
	ERR_TOO_LARGE,
	ERR_URI_TOO_LONG,
	ERR_HEADERS_TOO_LARGE,
	ERR_MEDIA_TYPE,
	ERR_RATE_LIMITED,
	ERR_INTERNAL,
	ERR_UNAVAILABLE,
	ERR_WEAK_PASSWORD,
	ERR_BAD_DIVISION,
	ERR_BAD_PAGING,
	ERR_WRONG_PASSWORD,
	ERR_ACCOUNT_EXPIRED,
	ERR_COUNT_
};

/* Reply with the table's messages for e; field may be NULL. */
int reply_error(struct req *r, enum err e, const char *field);
/* Reply with own messages (status and code still come from e). */
int reply_error_msg(struct req *r, enum err e, const char *zh, const char *en, const char *field);
/* Set r->out (stolen) and return status. */
int reply_json(struct req *r, int status, json_t *body);
/* Answer the sheet w as an attachment named filename (200), or, when failed
 * is non-zero or the file cannot be finished, discard it and answer 500. */
int reply_sheet(struct req *r, struct sheet_writer *w, int failed, enum sheet_format fmt, const char *filename);
/* {"items":items,"total","page","page_size"}; items is stolen. */
int reply_list(struct req *r, json_t *items, int64_t total, int64_t page, int64_t page_size);
/* The error body for e, for replies made outside a handler (new reference). */
json_t *error_body(enum err e, const char *zh, const char *en, const char *field);
int error_status(enum err e);

/* ---- paging -------------------------------------------------------------- */
#define PAGE_SIZE_DEFAULT 20
#define PAGE_SIZE_MAX 200
struct paging {
	int64_t page, page_size, offset;
};
/* Reads ?page= (from 1) and ?page_size= (1..200). */
int paging_from_query(struct req *r, struct paging *p);

/* ---- path and query parameters ------------------------------------------- */
/* Path parameter i as a record id (a positive integer); otherwise the 404
 * reply's status (a malformed id names no record). */
int req_path_id(struct req *r, int i, int64_t *id);
/* ?name= as an integer in [min, max]; *out is left as it is when the
 * parameter is absent or empty.  Otherwise the 400 reply's status. */
int req_query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t *out);
/* ?name= as a division code, NULL when absent or empty; a malformed code:
 * the 400 bad_division reply's status. */
int req_query_division(struct req *r, const char *name, const char **out);

/* ---- JSON body ----------------------------------------------------------- */
/* The body must be an object whose keys are all in allowed (NULL-ended). */
int body_object(struct req *r, const char *const *allowed);
/* A string member; *out is NULL when absent and not required.  Length is
 * counted in characters (UTF-8): 1..max_chars when required, 0..max_chars
 * otherwise (an optional "" clears a value). */
int body_string(struct req *r, const char *name, bool required, size_t max_chars, const char **out);
/* A boolean member; *present tells whether it was given (may be NULL). */
int body_bool(struct req *r, const char *name, bool required, bool *out, bool *present);
/* An integer member. */
int body_int(struct req *r, const char *name, bool required, int64_t min, int64_t max,
	     int64_t *out, bool *present);

#endif
