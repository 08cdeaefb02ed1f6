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

static const char *dict_label(const struct dict *dict, const char *code)
{
	const struct dict_item *it = dict_item(dict, code);
	return it ? it->zh : code;
}

/* An export has every column of the layout, in its order, headed by its
 * Chinese name: the columns export_select selects, then the ids it pages by. */
#define NEXPORT C_COUNT

static void export_select(struct sqlbuf *b, struct arena *a, const char *H, const char *M, int64_t year)
{
	sqlbuf_add(b, arena_printf(a, "SELECT %s.household_no, %s.division,"
				      " (SELECT d.name FROM divisions d WHERE d.code = substr(%s.division, 1, 9)),"
				      " (SELECT d.name FROM divisions d WHERE d.code = substr(%s.division, 1, 12)),"
				      " %s.head_name", H, H, H, H, H));
	for (int k = 0; k < NMEM_DB; k++)
		sqlbuf_add(b, arena_printf(a, ", %s.%s", M, hio_cols[hio_mem_db[k]].db));
	sqlbuf_add(b, arena_printf(a, ", %s.attribute, %s.status, %s.main_cause, %s.identified_year, %s.phone,"
				      " (SELECT i.per_capita FROM household_incomes i WHERE i.household_id = %s.id AND i.year = ",
				   H, H, H, H, H, H));
	sqlbuf_int(b, year);
	/* the household's latest monitoring case (MONITOR_JOIN): its open one, else the last begun */
	sqlbuf_add(b, "), mc.category, mc.started_on, mc.risk_types,"
		      " CASE WHEN mc.id IS NULL THEN NULL WHEN mc.eliminated_on IS NULL THEN '0' ELSE '1' END,"
		      " mc.eliminated_on, mc.elimination_method");
	sqlbuf_add(b, arena_printf(a, ", %s.id, COALESCE(%s.id, 0)", H, M));
}

/* The latest monitoring case of household H, as mc. */
static const char *monitor_join(struct arena *a, const char *H)
{
	return arena_printf(a, " LEFT JOIN monitoring mc ON mc.id = (SELECT x.id FROM monitoring x WHERE x.household_id = %s.id"
			       " ORDER BY (x.eliminated_on IS NULL) DESC, x.started_on DESC, x.id DESC LIMIT 1)", H);
}

/* Codes joined by ',' as their labels joined by '、'. */
static const char *dict_labels_of(struct arena *a, const struct dict *dict, const char *codes)
{
	char *out = arena_zalloc(a, 8 * strlen(codes) + 64), *end = out;
	for (const char *p = codes; *p;) {
		size_t n = strcspn(p, ",");
		const char *code = arena_strndup(a, p, n);
		if (end != out)
			end = stpcpy(end, "、");
		end = stpcpy(end, dict_label(dict, code));
		p += n + (p[n] == ',');
	}
	return out;
}

/* The next EXPORT_PAGE households after (last_div, last_h) in (division, id) order, in scope
 * (and through the filters of a household export): an index range of households_division
 * (which holds the id), so a page costs its own rows.  cols: "t.division, t.id" or "t.id". */
static void page_keys(struct sqlbuf *b, struct req *r, const struct entity *e, bool by_member, const char *cols,
		      const char *last_div, int64_t last_h)
{
	sqlbuf_add(b, "SELECT ");
	sqlbuf_add(b, cols);
	sqlbuf_add(b, " FROM households t WHERE ");
	scope_where(b, r->user, "t.division");
	if (!by_member)
		crud_filters(r, e, b);
	sqlbuf_add(b, " AND t.division >= ");
	sqlbuf_text(b, last_div);
	sqlbuf_add(b, " AND (t.division > ");
	sqlbuf_text(b, last_div);
	sqlbuf_add(b, " OR t.id > ");
	sqlbuf_int(b, last_h);
	sqlbuf_add(b, ") ORDER BY t.division, t.id LIMIT ");
	sqlbuf_int(b, EXPORT_PAGE);
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
	const struct sealed_column *sealed[NEXPORT];
	const struct dict *dicts[NEXPORT];
	for (int i = 0; i < NEXPORT; i++) {
		sealed[i] = hio_cols[i].db ? at_rest_find(hio_cols[i].household ? "households" : "members", hio_cols[i].db) : NULL;
		dicts[i] = hio_cols[i].kind == K_DICT || hio_cols[i].kind == K_DICTS ? dict_find(hio_cols[i].dict) : NULL;
	}
	bool more = true;
	while (rc == DB_OK && more) {
		arena_reset(page);
		r->arena = page;   /* crud_filters allocates from the request's arena: one page at a time */
		/* the page: the next EXPORT_PAGE households in (division, id) order, an index range
		 * (households_division holds the id), so each page costs its own rows, not the table's */
		sqlbuf_init(&b, page);
		page_keys(&b, r, e, by_member, "t.division, t.id", last_div, last_h);
		r->arena = saved;
		struct db_stmt *k = sqlbuf_query(r->db, &b);
		int nkeys = 0, ks;
		while (k && (ks = db_step(k)) == DB_ROW) {
			nkeys++;
			free(next_div);
			next_div = xstrdup(db_column_text(k, 0));
			next_h = db_column_int(k, 1);
		}
		db_finalize(k);
		if (k == NULL || ks != DB_DONE) {
			rc = DB_ERROR;
			break;
		}
		if (nkeys == 0)
			break;
		more = nkeys == EXPORT_PAGE;
		/* the rows of the page's households, which drive the query (SQLite keeps a CROSS
		 * JOIN's order): the scope's index would read the whole scope for every page */
		r->arena = page;
		sqlbuf_init(&b, page);
		export_select(&b, page, H, M, year);
		if (by_member)
			sqlbuf_add(&b, " FROM households h CROSS JOIN members t");
		else
			sqlbuf_add(&b, " FROM households t LEFT JOIN members m ON m.household_id = t.id");
		sqlbuf_add(&b, monitor_join(page, H));
		sqlbuf_add(&b, arena_printf(page, " WHERE %s.id IN (", H));
		page_keys(&b, r, e, by_member, "t.id", last_div, last_h);
		sqlbuf_add(&b, ")");
		if (by_member) {
			sqlbuf_add(&b, " AND t.household_id = h.id AND ");
			scope_where(&b, r->user, "t.division");
			crud_filters(r, e, &b);
		}
		sqlbuf_add(&b, arena_printf(page, " ORDER BY %s.division, %s.id, COALESCE(%s.id, 0)", H, H, M));
		r->arena = saved;
		struct db_stmt *q = sqlbuf_query(r->db, &b);
		if (q == NULL) {
			rc = DB_ERROR;
			break;
		}
		int s;
		while ((s = db_step(q)) == DB_ROW) {
			const char *cells[NEXPORT];
			char masked[2][64], plain[NEXPORT][128];
			for (int i = 0; i < NEXPORT; i++) {
				const char *v = db_column_text(q, i);
				enum col c = (enum col)i;
				/* the member's ID number and health, the household's phone are stored sealed */
				const struct sealed_column *sc = v ? sealed[i] : NULL;
				if (sc && fieldcrypt_open(sc->ad, v, plain[i], sizeof(plain[i])) == 0)
					v = plain[i];
				else if (sc) {
					s = DB_ERROR;   /* another key's value: no export with holes */
					break;
				}
				if (v && c == C_HEALTH && !unmasked)
					v = RESTRICTED_MASK;   /* health, like ID numbers and phones, only in the audited export */
				else if (v && hio_cols[c].kind == K_DICT)
					v = dict_label(dicts[i], v);
				else if (v && hio_cols[c].kind == K_DICTS)
					v = dict_labels_of(page, dicts[i], v);
				else if (v && hio_cols[c].kind == K_BOOL)
					v = strcmp(v, "0") ? "是" : "否";
				else if (v && c == C_IDNO && !unmasked) {
					idcard_mask(v, masked[0], sizeof(masked[0]));
					v = masked[0];
				} else if (v && c == C_PHONE && !unmasked) {
					phone_mask(v, masked[1], sizeof(masked[1]));
					v = masked[1];
				}
				cells[i] = v;
			}
			if (s != DB_ROW || sheet_writer_row(w, line++, cells, flags, NEXPORT)) {
				s = DB_ERROR;
				break;
			}
		}
		db_finalize(q);
		/* the next page starts after this one (the query bound the texts: freed only now) */
		free(last_div);
		last_div = next_div;
		next_div = NULL;
		last_h = next_h;
		if (s != DB_DONE)
			rc = DB_ERROR;
	}
	r->arena = saved;
	arena_free(page);
	free(last_div);
	free(next_div);
	if (rc != DB_OK) {
		sheet_writer_discard(w);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (sheet_writer_finish(w, fd, size))
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}
