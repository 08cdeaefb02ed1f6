/* sqlbuf.c - SQL text and parameters assembled side by side. */
#include "db/sqlbuf.h"

#include <stdio.h>
#include <string.h>

#include "core/division.h"
#include "core/log.h"

void sqlbuf_init(struct sqlbuf *b, struct arena *a)
{
	memset(b, 0, sizeof(*b));
	b->arena = a;
	b->cap = 256;
	b->sql = arena_alloc(a, b->cap);
	b->sql[0] = '\0';
}

void sqlbuf_add(struct sqlbuf *b, const char *sql)
{
	size_t n = strlen(sql);
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *grown = arena_alloc(b->arena, cap);
		memcpy(grown, b->sql, b->len + 1);
		b->sql = grown;
		b->cap = cap;
	}
	memcpy(b->sql + b->len, sql, n + 1);
	b->len += n;
}

static void placeholder(struct sqlbuf *b)
{
	char ph[16];
	snprintf(ph, sizeof(ph), "$%d", b->nparams + 1);
	sqlbuf_add(b, ph);
}

void sqlbuf_text(struct sqlbuf *b, const char *value)
{
	if (b->nparams >= SQLBUF_MAX_PARAMS) {
		b->overflow = true;
		return;
	}
	placeholder(b);
	b->params[b->nparams].type = 't';
	b->params[b->nparams].text = value;
	b->nparams++;
}

void sqlbuf_int(struct sqlbuf *b, int64_t value)
{
	if (b->nparams >= SQLBUF_MAX_PARAMS) {
		b->overflow = true;
		return;
	}
	placeholder(b);
	b->params[b->nparams].type = 'i';
	b->params[b->nparams].num = value;
	b->nparams++;
}

void sqlbuf_like(struct sqlbuf *b, const char *value, bool contains)
{
	size_t n = strlen(value);
	char *pat = arena_alloc(b->arena, n * 2 + 3), *p = pat;
	if (contains)
		*p++ = '%';
	for (const char *s = value; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*p++ = '\\';
		*p++ = *s;
	}
	*p++ = '%';
	*p = '\0';
	sqlbuf_text(b, pat);
	sqlbuf_add(b, " ESCAPE '\\'");
}

struct db_stmt *sqlbuf_query(struct db *db, const struct sqlbuf *b)
{
	if (b->overflow) {
		log_error("sqlbuf: more than %d parameters", SQLBUF_MAX_PARAMS);
		return NULL;
	}
	struct db_stmt *st = db_prepare(db, b->sql);
	if (st == NULL) {
		log_error("db: prepare failed: %s [%s]", db_errmsg(db), b->sql);
		return NULL;
	}
	for (int i = 0; i < b->nparams; i++) {
		int rc = b->params[i].type == 'i' ? db_bind_int(st, i + 1, b->params[i].num)
						  : db_bind_text(st, i + 1, b->params[i].text);
		if (rc != DB_OK) {
			log_error("db: bind failed: %s", db_errmsg(db));
			db_finalize(st);
			return NULL;
		}
	}
	return st;
}

void sqlbuf_subtree(struct sqlbuf *b, const char *column, const char *code)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(code, upper);
	sqlbuf_add(b, column);
	sqlbuf_add(b, " >= ");
	sqlbuf_text(b, code);
	sqlbuf_add(b, " AND ");
	sqlbuf_add(b, column);
	sqlbuf_add(b, " < ");
	sqlbuf_text(b, arena_strdup(b->arena, upper));
}

int sqlbuf_exec(struct db *db, const struct sqlbuf *b)
{
	struct db_stmt *st = sqlbuf_query(db, b);
	int rc = st ? db_step(st) : DB_ERROR;
	db_finalize(st);
	return rc == DB_DONE || rc == DB_ROW ? DB_OK : rc;
}

void sqlbuf_page(struct sqlbuf *b, int64_t limit, int64_t offset)
{
	sqlbuf_add(b, " LIMIT ");
	sqlbuf_int(b, limit);
	sqlbuf_add(b, " OFFSET ");
	sqlbuf_int(b, offset);
}
