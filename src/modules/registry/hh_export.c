/* hh_export.c - a filtered list of households (or members) in the import layout, to a temporary file. */
#include "modules/registry/household_io_internal.h"

#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/idcard.h"
#include "core/fieldcrypt.h"
#include "core/phone.h"
#include "core/utf8.h"
#include "db/at_rest.h"
#include "core/xlsx_write.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/crud.h"
#include "model/dict.h"
#include "modules/registry/registry_entities.h"

#define EXPORT_PAGE 1000

/* An export has every column of the layout, in its order, headed by its
 * Chinese name.  The page query selects the stored columns (QCOL: the
 * query's column of each layout column, -1 for the looked-up ones); the
 * township and village names, the year's income and the latest monitoring
 * case are looked up once per village or per page, not per row. */
#define NEXPORT C_COUNT

/* The page query's columns; returns the column of the household's id (the
 * member's follows it). */
static int export_select(struct sqlbuf *b, struct arena *a, const char *H, const char *M, int qcol[NEXPORT])
{
	for (int i = 0; i < NEXPORT; i++)
		qcol[i] = -1;
	static const enum col hh_first[] = { C_HNO, C_DIVISION, C_HEAD }, hh_last[] = { C_ATTR, C_STATUS, C_CAUSE, C_YEAR, C_PHONE };
	int n = 0;
	sqlbuf_add(b, "SELECT ");
	for (size_t k = 0; k < sizeof(hh_first) / sizeof(hh_first[0]); k++, n++) {
		sqlbuf_add(b, arena_printf(a, "%s%s.%s", n ? ", " : "", H, hio_cols[hh_first[k]].db));
		qcol[hh_first[k]] = n;
	}
	for (int k = 0; k < NMEM_DB; k++, n++) {
		sqlbuf_add(b, arena_printf(a, ", %s.%s", M, hio_cols[hio_mem_db[k]].db));
		qcol[hio_mem_db[k]] = n;
	}
	for (size_t k = 0; k < sizeof(hh_last) / sizeof(hh_last[0]); k++, n++) {
		sqlbuf_add(b, arena_printf(a, ", %s.%s", H, hio_cols[hh_last[k]].db));
		qcol[hh_last[k]] = n;
	}
	sqlbuf_add(b, arena_printf(a, ", %s.id, COALESCE(%s.id, 0)", H, M));
	return n;
}

/* One household of a page and what is looked up for it: the year's
 * per-capita income and its latest monitoring case (NULL: none). */
struct page_hh {
	int64_t id;
	const char *income;
	bool monitored;
	const char *mon[C_COUNT - C_MFIRST];   /* the cells C_MFIRST .. C_COUNT - 1, as stored */
};

static int page_hh_cmp(const void *a, const void *b)
{
	int64_t x = ((const struct page_hh *)a)->id, y = ((const struct page_hh *)b)->id;
	return x < y ? -1 : x > y;
}

static struct page_hh *page_hh_find(struct page_hh *hh, int n, int64_t id)
{
	struct page_hh key = { .id = id };
	return bsearch(&key, hh, (size_t)n, sizeof(*hh), page_hh_cmp);
}

/* A division's name by its code's first len characters (substr(code, 1, len)),
 * looked up when it changes: rows come in division order. */
struct name_cache {
	char code[32];
	char *name;   /* NULL: no such division */
	bool known;
};

static int division_name(struct db *db, struct name_cache *c, const char *division, size_t len, const char **out)
{
	size_t n = strnlen(division, len);
	if (n >= sizeof(c->code))
		n = sizeof(c->code) - 1;
	if (!c->known || strncmp(c->code, division, n) || c->code[n] != '\0') {
		memcpy(c->code, division, n);
		c->code[n] = '\0';
		free(c->name);
		c->name = NULL;
		struct db_stmt *st = db_query(db, "SELECT name FROM divisions WHERE code = $1", "t", c->code);
		int s = st ? db_step(st) : DB_ERROR;
		if (s == DB_ROW && !db_column_is_null(st, 0))
			c->name = xstrdup(db_column_text(st, 0));
		db_finalize(st);
		if (s != DB_ROW && s != DB_DONE)
			return -1;
		c->known = true;
	}
	*out = c->name;
	return 0;
}

/* Where a page is: after (div, h) in (division, id) order. */
struct page_at {
	const char *div;
	int64_t h;
};

/* One keyset bound of T in (division, id) order: after at (lower: "(division,
 * id) > at") or up to and with it (upper: "<= at"), written as "division >= d
 * AND (division > d OR id > h)" (mirrored for the upper) so that an index on
 * division ranges it. */
static void page_bound(struct sqlbuf *b, struct arena *a, const char *T, const struct page_at *at, bool upper)
{
	sqlbuf_add(b, arena_printf(a, "%s.division %s ", T, upper ? "<=" : ">="));
	sqlbuf_text(b, at->div);
	sqlbuf_add(b, arena_printf(a, " AND (%s.division %s ", T, upper ? "<" : ">"));
	sqlbuf_text(b, at->div);
	sqlbuf_add(b, arena_printf(a, " OR %s.id %s ", T, upper ? "<=" : ">"));
	sqlbuf_int(b, at->h);
	sqlbuf_add(b, ")");
}

/* The households T in scope (and through the filters of a household
 * export: they name the households "t") after from in (division, id) order,
 * up to and with to (NULL: no end): a range of the index households_division
 * (which holds the id), so a page costs its own rows, not the scope's. */
static void page_range(struct sqlbuf *b, struct req *r, const struct entity *e, bool by_member, const char *T,
		       const struct page_at *from, const struct page_at *to)
{
	struct arena *a = r->arena;
	/* the page's bounds before the scope's: SQLite ranges the index by the first it reads */
	page_bound(b, a, T, from, false);
	if (to) {
		sqlbuf_add(b, " AND ");
		page_bound(b, a, T, to, true);
	}
	if (by_member) {
		sqlbuf_add(b, " AND ");
		scope_where(b, r->user, arena_printf(a, "%s.division", T));
	} else
		crud_filters(r, e, b);   /* the scope under ?division= and the filters */
}

/* The next EXPORT_PAGE households after from: their division and id. */
static void page_keys(struct sqlbuf *b, struct req *r, const struct entity *e, bool by_member, const struct page_at *from)
{
	sqlbuf_add(b, "SELECT t.division, t.id FROM households t WHERE ");
	page_range(b, r, e, by_member, "t", from, NULL);
	sqlbuf_add(b, " ORDER BY t.division, t.id LIMIT ");
	sqlbuf_int(b, EXPORT_PAGE);
}

/* head, then "(<the ids of the page's households>)", then tail: a statement
 * over the households after from up to and with to (its SQL and the
 * filters' values in the page arena). */
static struct db_stmt *page_query(struct req *r, const struct entity *e, bool by_member, struct arena *page,
				  const struct page_at *from, const struct page_at *to, const char *head,
				  const int64_t *year, const char *tail)
{
	struct arena *saved = r->arena;
	r->arena = page;   /* crud_filters allocates from the request's arena */
	struct sqlbuf b;
	sqlbuf_init(&b, page);
	sqlbuf_add(&b, head);
	if (year)
		sqlbuf_int(&b, *year);
	sqlbuf_add(&b, " AND x.household_id IN (SELECT t.id FROM households t WHERE ");
	page_range(&b, r, e, by_member, "t", from, to);
	sqlbuf_add(&b, ")");
	sqlbuf_add(&b, tail);
	r->arena = saved;
	return sqlbuf_query(r->db, &b);
}

/* The year's per-capita income and the latest monitoring case (its open one,
 * else the last begun) of each of the page's n households (hh, sorted by id):
 * one grouped query each for the whole page. */
static int page_lookups(struct req *r, const struct entity *e, bool by_member, struct arena *page,
			const struct page_at *from, const struct page_at *to, int64_t year, struct page_hh *hh, int n)
{
	struct db_stmt *q = page_query(r, e, by_member, page, from, to,
				       "SELECT x.household_id, x.per_capita FROM household_incomes x WHERE x.year = ", &year, "");
	int s = q ? DB_ROW : DB_ERROR;
	while (q && (s = db_step(q)) == DB_ROW) {
		struct page_hh *h = page_hh_find(hh, n, db_column_int(q, 0));
		if (h && !db_column_is_null(q, 1))
			h->income = arena_strdup(page, db_column_text(q, 1));
	}
	db_finalize(q);
	if (s != DB_DONE)
		return -1;
	q = page_query(r, e, by_member, page, from, to,
		       "SELECT x.household_id, x.category, x.started_on, x.risk_types, x.eliminated_on, x.elimination_method"
		       " FROM monitoring x WHERE 1 = 1", NULL,
		       " ORDER BY x.household_id, (x.eliminated_on IS NULL) DESC, x.started_on DESC, x.id DESC");
	s = q ? DB_ROW : DB_ERROR;
	while (q && (s = db_step(q)) == DB_ROW) {
		struct page_hh *h = page_hh_find(hh, n, db_column_int(q, 0));
		if (h == NULL || h->monitored)
			continue;   /* the household's latest case came first */
		h->monitored = true;
		static const enum col cols[] = { C_MCAT, C_MSTART, C_MRISK, C_MELIMDATE, C_MMETHOD };
		for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
			const char *v = db_column_text(q, (int)k + 1);
			h->mon[cols[k] - C_MFIRST] = v ? arena_strdup(page, v) : NULL;
		}
		h->mon[C_MELIM - C_MFIRST] = db_column_is_null(q, 4) ? "0" : "1";
	}
	db_finalize(q);
	return s == DB_DONE ? 0 : -1;
}

/* A cell of the export as shown: a sealed value opened, masked unless the
 * export is unmasked, a dictionary's code as its label.  NULL: empty; 1: a
 * sealed value that does not open (another key's: no export with holes). */
struct cell_ctx {
	const struct sealed_column *sealed[NEXPORT];
	const struct dict *dicts[NEXPORT];
	bool unmasked;
	struct arena *page;
	/* the household's phone as shown, opened once per household (its rows come together) */
	int64_t phone_of;
	char phone[128];
	bool phone_null;
};

static int cell_value(struct cell_ctx *x, enum col c, const char *v, char *buf, size_t len, const char **out)
{
	*out = NULL;
	if (v == NULL)
		return 0;
	if (c == C_HEALTH && !x->unmasked) {
		*out = RESTRICTED_MASK;   /* health, like ID numbers and phones, only in the audited export: not opened */
		return 0;
	}
	/* the member's ID number and health, the household's phone are stored sealed */
	char plain[128];
	if (x->sealed[c]) {
		if (fieldcrypt_open(x->sealed[c]->ad, v, plain, sizeof(plain)))
			return 1;
		v = plain;
	}
	if (hio_cols[c].kind == K_DICT)
		v = dict_label_zh(x->dicts[c], v);
	else if (hio_cols[c].kind == K_DICTS)
		v = dict_labels_zh(x->dicts[c], v, x->page);
	else if (hio_cols[c].kind == K_BOOL)
		v = strcmp(v, "0") ? "是" : "否";
	else if (c == C_IDNO && !x->unmasked) {
		idcard_mask(v, buf, len);
		v = buf;
	} else if (c == C_PHONE && !x->unmasked) {
		phone_mask(v, buf, len);
		v = buf;
	}
	if (v == plain) {   /* buf outlives plain */
		size_t n = strnlen(plain, len - 1);
		memcpy(buf, plain, n);
		buf[n] = '\0';
		v = buf;
	}
	*out = v;
	return 0;
}

int household_export_to_fd(struct req *r, bool by_member, enum hio_format fmt, int *fd, int64_t *size)
{
	*fd = -1;
	*size = 0;
	const struct entity *e = by_member ? &entity_member : &entity_household;
	int64_t year;
	int st = hio_query_year(r, &year);
	if (st)
		return st;
	bool unmasked = hio_query_true(r, "unmasked");
	const char *reason = req_query(r, "reason");
	if (unmasked) {
		if (!role_has(r->user->role, PERM_SENSITIVE_READ))
			return reply_error_msg(r, ERR_FORBIDDEN, "您的角色不能导出未脱敏的数据", "Your role cannot export unmasked data",
					       "unmasked");
		if (reason == NULL || utf8_chars(reason) < 2)
			return reply_error_msg(r, ERR_VALIDATION, "导出未脱敏数据须填写理由", "Give a reason for an unmasked export",
					       "reason");
	}
	/* validate the filters once, with the request's arena */
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	st = crud_filters(r, e, &b);
	if (st)
		return st;
	if (unmasked) {
		const char *division = req_query(r, "division");
		struct audit_entry entry = {
			.action = "export", .entity = e->name, .division = division && *division ? division : NULL,
			.detail = arena_printf(r->arena, "unmasked %s export: %s", fmt == HIO_XLSX ? "xlsx" : "csv", reason),
		};
		st = audit_commit_reply(r, db_begin(r->db), &entry);
		if (st)
			return st;
	}
	char err[128];
	struct sheet_writer *w = sheet_writer_open(fmt == HIO_XLSX ? SHEET_XLSX : SHEET_CSV, "农户", err, sizeof(err));
	if (w == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	const char *headers[NEXPORT];
	unsigned hflags[NEXPORT];
	for (int i = 0; i < NEXPORT; i++) {
		sheet_writer_width(w, i, i == C_IDNO ? 22 : i == C_DIVISION ? 17 : 12);
		headers[i] = hio_cols[i].zh;
		hflags[i] = SHEET_BOLD;
	}
	int rc = sheet_writer_row(w, 0, headers, hflags, NEXPORT) ? DB_ERROR : DB_OK;
	const char *H = by_member ? "h" : "t", *M = by_member ? "t" : "m";
	struct arena *page = arena_new(), *saved = r->arena;
	char *last_div = xstrdup(""), *next_div = NULL;
	int64_t last_h = 0, next_h = 0;
	int line = 1;
	unsigned flags[NEXPORT] = { 0 };
	flags[C_MONTHS] = flags[C_YEAR] = flags[C_INCOME] = SHEET_NUMBER;
	/* each column's sealing and dictionary, looked up once rather than per cell */
	struct cell_ctx x = { .unmasked = unmasked, .page = page, .phone_of = -1 };
	for (int i = 0; i < NEXPORT; i++) {
		x.sealed[i] = hio_cols[i].db ? at_rest_find(hio_cols[i].household ? "households" : "members", hio_cols[i].db) : NULL;
		x.dicts[i] = hio_cols[i].kind == K_DICT || hio_cols[i].kind == K_DICTS ? dict_find(hio_cols[i].dict) : NULL;
	}
	struct name_cache township = { 0 }, village = { 0 };
	struct page_hh *hh = xcalloc(EXPORT_PAGE, sizeof(*hh));
	bool more = true;
	while (rc == DB_OK && more) {
		arena_reset(page);
		struct page_at at = { last_div, last_h };
		/* the page: the next EXPORT_PAGE households in (division, id) order */
		r->arena = page;   /* crud_filters allocates from the request's arena: one page at a time */
		sqlbuf_init(&b, page);
		page_keys(&b, r, e, by_member, &at);
		r->arena = saved;
		struct db_stmt *k = sqlbuf_query(r->db, &b);
		int nkeys = 0, ks;
		while (k && (ks = db_step(k)) == DB_ROW) {
			free(next_div);
			next_div = xstrdup(db_column_text(k, 0));
			next_h = db_column_int(k, 1);
			hh[nkeys++] = (struct page_hh){ .id = next_h };
		}
		db_finalize(k);
		if (k == NULL || ks != DB_DONE) {
			rc = DB_ERROR;
			break;
		}
		if (nkeys == 0)
			break;
		more = nkeys == EXPORT_PAGE;
		struct page_at to = { next_div, next_h };
		qsort(hh, (size_t)nkeys, sizeof(*hh), page_hh_cmp);
		if (page_lookups(r, e, by_member, page, &at, &to, year, hh, nkeys)) {
			rc = DB_ERROR;
			break;
		}
		/* the rows of the page's households: the households drive the query (SQLite keeps a
		 * CROSS JOIN's order) through their index range from the page's first key to its
		 * last, in the order of the rows (no sort); the scope's index on members would read
		 * the whole scope for every page */
		r->arena = page;
		sqlbuf_init(&b, page);
		int qcol[NEXPORT];
		int hid_col = export_select(&b, page, H, M, qcol);
		if (by_member)
			sqlbuf_add(&b, " FROM households h CROSS JOIN members t");
		else
			sqlbuf_add(&b, " FROM households t LEFT JOIN members m ON m.household_id = t.id");
		sqlbuf_add(&b, " WHERE ");
		page_range(&b, r, e, by_member, H, &at, &to);
		if (by_member) {
			sqlbuf_add(&b, " AND t.household_id = h.id");
			crud_filters(r, e, &b);
		}
		/* a household without members has one row (the member's id NULL) */
		sqlbuf_add(&b, arena_printf(page, " ORDER BY %s.division, %s.id, %s.id", H, H, M));
		r->arena = saved;
		struct db_stmt *q = sqlbuf_query(r->db, &b);
		if (q == NULL) {
			rc = DB_ERROR;
			break;
		}
		int s;
		while ((s = db_step(q)) == DB_ROW) {
			const char *cells[NEXPORT];
			char shown[NEXPORT][128];
			int64_t hid = db_column_int(q, hid_col);
			const struct page_hh *h = page_hh_find(hh, nkeys, hid);
			const char *division = db_column_text(q, qcol[C_DIVISION]);
			if (h == NULL || division == NULL || division_name(r->db, &township, division, 9, &cells[C_TOWNSHIP]) ||
			    division_name(r->db, &village, division, 12, &cells[C_VILLAGE])) {
				s = DB_ERROR;
				break;
			}
			for (int i = 0; i < NEXPORT && s == DB_ROW; i++) {
				enum col c = (enum col)i;
				const char *v;
				if (c == C_TOWNSHIP || c == C_VILLAGE)
					continue;
				else if (c == C_INCOME)
					v = h->income;
				else if (c >= C_MFIRST)
					v = h->monitored ? h->mon[c - C_MFIRST] : NULL;
				else
					v = db_column_text(q, qcol[c]);
				if (c == C_PHONE && x.phone_of == hid) {
					cells[i] = x.phone_null ? NULL : x.phone;   /* opened for the household's first row */
					continue;
				}
				if (cell_value(&x, c, v, shown[i], sizeof(shown[i]), &cells[i]))
					s = DB_ERROR;
				else if (c == C_PHONE) {
					x.phone_of = hid;
					x.phone_null = cells[i] == NULL;
					size_t n = cells[i] ? strnlen(cells[i], sizeof(x.phone) - 1) : 0;
					memcpy(x.phone, cells[i] ? cells[i] : "", n);
					x.phone[n] = '\0';
				}
			}
			if (s != DB_ROW || sheet_writer_row(w, line++, cells, flags, NEXPORT)) {
				s = DB_ERROR;
				break;
			}
		}
		db_finalize(q);
		/* the next page starts after this one (the queries bound the texts: freed only now) */
		free(last_div);
		last_div = next_div;
		next_div = NULL;
		last_h = next_h;
		if (s != DB_DONE)
			rc = DB_ERROR;
	}
	r->arena = saved;
	arena_free(page);
	free(hh);
	free(last_div);
	free(next_div);
	free(township.name);
	free(village.name);
	if (rc != DB_OK) {
		sheet_writer_discard(w);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (sheet_writer_finish(w, fd, size))
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}
