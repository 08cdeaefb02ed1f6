/*
 * sqlbuf.h - build a query and its parameters together.
 *
 * List endpoints assemble WHERE clauses from optional filters; sqlbuf keeps
 * the SQL text and the bound values in step, so a value is never pasted
 * into SQL.  All memory comes from the caller's arena.
 */
#ifndef LIANXIN_DB_SQLBUF_H
#define LIANXIN_DB_SQLBUF_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"

#define SQLBUF_MAX_PARAMS 64

struct sqlbuf {
	struct arena *arena;
	char *sql;
	size_t len, cap;
	int nparams;
	bool overflow;   /* more than SQLBUF_MAX_PARAMS: sqlbuf_query fails */
	struct { char type; const char *text; int64_t num; } params[SQLBUF_MAX_PARAMS];
};

void sqlbuf_init(struct sqlbuf *b, struct arena *a);
/* Append raw SQL (never user input). */
void sqlbuf_add(struct sqlbuf *b, const char *sql);
/* Append a parameter placeholder ($N) bound to a text / integer value. */
void sqlbuf_text(struct sqlbuf *b, const char *value);
void sqlbuf_int(struct sqlbuf *b, int64_t value);
/* Append "$N ESCAPE '\'" bound to a LIKE pattern matching value literally:
 * anywhere (contains) or at the start. */
void sqlbuf_like(struct sqlbuf *b, const char *value, bool contains);
/* Append "column >= $a AND column < $b": the division subtree under code
 * (core/division.h), the one spelling of a subtree filter; "" is everything. */
void sqlbuf_subtree(struct sqlbuf *b, const char *column, const char *code);
/* Append " LIMIT $n OFFSET $m": a page of rows. */
void sqlbuf_page(struct sqlbuf *b, int64_t limit, int64_t offset);
/* Prepare and bind; NULL on error (logged). */
struct db_stmt *sqlbuf_query(struct db *db, const struct sqlbuf *b);
/* Run a statement that returns no rows (a write): DB_OK or an error code. */
int sqlbuf_exec(struct db *db, const struct sqlbuf *b);

#endif
