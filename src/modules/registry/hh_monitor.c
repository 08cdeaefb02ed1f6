/*
 * hh_monitor.c - the import's monitoring columns (防返贫监测: 监测对象类别,
 * 识别监测日期, 风险类型, 风险是否消除, 风险消除日期, 风险消除方式): a
 * household's latest case as the national system holds it.
 *
 * The case is written to the registry's monitoring records directly, as
 * the import does for exits (docs/api.md, "Household import"): a case
 * stored with the same 识别监测日期 is updated, another one is added.  Only
 * the roles that may import exits may (auth/field_rules.c, household
 * .monitoring); a household with an open monitoring or elimination
 * procedure is finished in its procedure, not by file; one open case per
 * household; the rules of the monitoring form (the category fits the
 * household, six months before elimination, nothing after today) hold
 * for the file's rows too.
 */
#include "modules/registry/household_io_internal.h"

#include <stdlib.h>
#include <string.h>

#include "auth/field_rules.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "db/sqlbuf.h"
#include "model/crud.h"
#include "model/dict.h"
#include "modules/registry/registry_entities.h"

static const char import_note[] = "国家防返贫监测信息系统导入";

/* "YYYY-MM-DD" as YYYYMMDD */
static int64_t day_num(const char *s)
{
	int64_t n = 0;
	for (; s && *s; s++)
		if (*s >= '0' && *s <= '9')
			n = n * 10 + (*s - '0');
	return n;
}

static bool eliminated(const char *const v[C_COUNT])
{
	return v[C_MELIM] ? strcmp(v[C_MELIM], "1") == 0 : v[C_MELIMDATE] != NULL;
}

void hio_check_monitoring(struct imp *im, struct hh *h)
{
	struct row *first = &im->rows[h->rows[0]];
	bool given = false, bad = false;
	for (int i = 0; i < h->n; i++) {
		const struct row *row = &im->rows[h->rows[i]];
		for (int c = C_MFIRST; c < C_COUNT; c++) {
			given |= row->given[c];
			bad |= row->given[c] && row->v[c] == NULL;   /* told when read */
		}
	}
	if (!given || bad)
		return;
	int before = im->nerrs;
	const char *const *v = h->v;
	const char *cat = v[C_MCAT], *start = v[C_MSTART], *date = v[C_MELIMDATE];
	bool done = eliminated(v);
	if (cat == NULL)
		hio_cell_error(im, first, C_MCAT, "填写了防返贫监测信息，须填写监测对象类别（脱贫不稳定户、边缘易致贫户、突发严重困难户）",
			       "Monitoring data needs its category (unstable, marginal or sudden difficulty)");
	if (start == NULL)
		hio_cell_error(im, first, C_MSTART, "监测对象须填写识别监测日期", "A monitored household needs the date it was identified");
	if (v[C_MELIM] && !done && (date || v[C_MMETHOD]))
		hio_cell_error(im, first, C_MELIM, "风险是否消除为“否”，不能填写风险消除日期或风险消除方式",
			       "The risk is not eliminated (否): no elimination date or way");
	if (done && date == NULL)
		hio_cell_error(im, first, C_MELIMDATE, "风险已消除，须填写风险消除日期", "An eliminated risk needs its date");
	if (done && v[C_MMETHOD] == NULL)
		hio_cell_error(im, first, C_MMETHOD, "风险已消除，须填写风险消除方式（帮扶消除或自然消除）",
			       "An eliminated risk needs how it was eliminated (assistance or natural)");
	if (start && day_num(start) > im->today)
		hio_cell_error(im, first, C_MSTART, "识别监测日期不能晚于今天", "Monitoring cannot begin after today");
	if (date && day_num(date) > im->today)
		hio_cell_error(im, first, C_MELIMDATE, "风险消除日期不能晚于今天", "The risk cannot be eliminated after today");
	else if (start && date && strcmp(date, start) < 0)
		hio_cell_error(im, first, C_MELIMDATE, "风险消除日期早于识别监测日期", "The risk was eliminated before monitoring began");
	else if (start && date && !registry_may_eliminate(start, day_num(date)))
		hio_cell_error(im, first, C_MELIMDATE, "纳入监测满六个月后才能标记风险消除",
			       "A risk is eliminated no sooner than six months after monitoring began");
	/* an open case fits the household (domain.md 3.2) */
	const char *status = v[C_STATUS];
	if (cat && !done && status && !registry_category_fits(cat, status)) {
		const struct dict_item *c = dict_item(dict_find("monitor_category"), cat);
		const struct dict_item *s = dict_item(dict_find("hh_status"), status);
		hio_cell_errorf(im, first, C_MCAT,
				hio_strf("户状态为“%s”的农户不能作为“%s”：脱贫不稳定户须为已脱贫户，边缘易致贫户须为非建档立卡户，"
					 "已自然销户的农户不纳入监测", s ? s->zh : status, c ? c->zh : cat),
				hio_strf("A household of status \"%s\" is not a \"%s\": an unstable household has exited poverty, "
					 "a marginal one was never registered, a closed one is not monitored",
					 s ? s->en : status, c ? c->en : cat));
	}
	h->monitored = im->nerrs == before;
}

/* ---- the stored cases ---------------------------------------------------------------------------- */

struct by_hid {
	int64_t id;
	struct hh *h;
};

static int cmp_hid(const void *a, const void *b)
{
	int64_t x = ((const struct by_hid *)a)->id, y = ((const struct by_hid *)b)->id;
	return x < y ? -1 : x > y;
}

static struct hh *find_hh(struct by_hid *ix, int n, int64_t id)
{
	struct by_hid key = { id, NULL }, *f = bsearch(&key, ix, (size_t)n, sizeof(*ix), cmp_hid);
	return f ? f->h : NULL;
}

static char *dup_col(struct imp *im, struct db_stmt *st, int i)
{
	const char *s = db_column_text(st, i);
	return s ? arena_strdup(im->arena, s) : NULL;
}

/* " IN (id, ...)" of the stored households of ix */
static void id_list(struct sqlbuf *b, const struct by_hid *ix, int n)
{
	sqlbuf_add(b, " IN (");
	for (int i = 0; i < n; i++) {
		if (i)
			sqlbuf_add(b, ", ");
		sqlbuf_int(b, ix[i].id);
	}
	sqlbuf_add(b, ")");
}

int hio_monitor_lookup(struct imp *im, struct hh *h, int n)
{
	struct by_hid *ix = arena_alloc(im->arena, (size_t)(n + 1) * sizeof(*ix));
	int m = 0;
	for (int i = 0; i < n; i++)
		if (h[i].monitored && h[i].old)
			ix[m++] = (struct by_hid){ h[i].id, &h[i] };
	if (m == 0)
		return DB_OK;
	qsort(ix, (size_t)m, sizeof(*ix), cmp_hid);
	struct sqlbuf b;
	int rc = DB_OK;
	if (im->stored_mon) {
		sqlbuf_init(&b, im->arena);
		sqlbuf_add(&b, "SELECT household_id, id, category, started_on, risk_types, eliminated_on, elimination_method"
			       " FROM monitoring WHERE household_id");
		id_list(&b, ix, m);
		sqlbuf_add(&b, " ORDER BY household_id, id");
		struct db_stmt *st = sqlbuf_query(im->db, &b);
		while (st && (rc = db_step(st)) == DB_ROW) {
			struct hh *x = find_hh(ix, m, db_column_int(st, 0));
			if (x == NULL)
				continue;
			if (x->ncases % 4 == 0) {
				struct mcase *grown = arena_alloc(im->arena, (size_t)(x->ncases + 4) * sizeof(*grown));
				if (x->ncases)
					memcpy(grown, x->cases, (size_t)x->ncases * sizeof(*grown));
				x->cases = grown;
			}
			struct mcase *c = &x->cases[x->ncases++];
			memset(c, 0, sizeof(*c));
			c->id = db_column_int(st, 1);
			c->v[C_MCAT] = dup_col(im, st, 2);
			c->v[C_MSTART] = dup_col(im, st, 3);
			c->v[C_MRISK] = dup_col(im, st, 4);
			c->v[C_MELIMDATE] = dup_col(im, st, 5);
			c->v[C_MMETHOD] = dup_col(im, st, 6);
			c->v[C_MELIM] = c->v[C_MELIMDATE] ? "1" : "0";
		}
		db_finalize(st);
		if (st == NULL || rc != DB_DONE)
			return DB_ERROR;
	}
	/* a procedure under way decides the household's monitoring, not a file */
	sqlbuf_init(&b, im->arena);
	sqlbuf_add(&b, "SELECT household_id, id FROM procedures WHERE status = 'open' AND kind IN ('monitoring', 'elimination')"
		       " AND household_id");
	id_list(&b, ix, m);
	struct db_stmt *st = sqlbuf_query(im->db, &b);
	while (st && (rc = db_step(st)) == DB_ROW) {
		struct hh *x = find_hh(ix, m, db_column_int(st, 0));
		if (x)
			x->open_proc = db_column_int(st, 1);
	}
	db_finalize(st);
	return st && rc == DB_DONE ? DB_OK : DB_ERROR;
}

/* ---- one household's case ------------------------------------------------------------------------- */

static bool differs(const char *now, const char *old)
{
	return now ? !old || strcmp(now, old) : old != NULL;
}

/* The monitoring columns as the record holds them. */
static json_t *case_json(const char *const v[C_COUNT])
{
	json_t *o = json_object();
	static const enum col cols[] = { C_MCAT, C_MSTART, C_MRISK, C_MELIMDATE, C_MMETHOD };
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		json_object_set_new(o, hio_cols[cols[i]].db, v[cols[i]] ? json_string(v[cols[i]]) : json_null());
	return o;
}

static void audit_case(struct imp *im, const char *action, int64_t id, const struct hh *h, json_t *before, json_t *after)
{
	json_object_set_new(after, "household_id", json_integer(h->id));
	struct audit_entry entry = {
		.action = action, .entity = entity_monitoring.name,
		.entity_id = arena_printf(im->arena, "%lld", (long long)id), .division = h->division, .before = before,
		.after = after, .detail = "import", .username = "cli",
	};
	audit_batch_add(im->b_audit, im->o->r, &entry);
}

static int update_case(struct imp *im, const struct hh *h, const struct mcase *old, const char *const v[C_COUNT])
{
	int rc = db_exec(im->db, "UPDATE monitoring SET category = $1, risk_types = $2, eliminated_on = $3,"
			 " elimination_method = $4, updated_at = $5 WHERE id = $6", "tttt" "ii", v[C_MCAT], v[C_MRISK],
			 v[C_MELIMDATE], v[C_MMETHOD], clock_now(), old->id);
	if (rc != DB_OK)
		return rc;
	json_t *before = case_json((const char *const *)old->v), *after = case_json(v);
	audit_case(im, "update", old->id, h, before, after);
	json_decref(before);
	json_decref(after);
	return DB_OK;
}

static void insert_case(struct imp *im, const struct hh *h, int64_t id, const char *const v[C_COUNT])
{
	struct db_batch *b = im->b_mon;
	db_batch_int(b, id);
	db_batch_int(b, h->id);
	db_batch_text(b, h->division);
	db_batch_text(b, v[C_MCAT]);
	db_batch_text(b, v[C_MRISK]);
	db_batch_text(b, v[C_MSTART]);
	db_batch_text(b, v[C_MELIMDATE]);
	db_batch_text(b, v[C_MMETHOD]);
	db_batch_text(b, import_note);
	db_batch_int(b, clock_now());
	db_batch_int(b, clock_now());
	db_batch_row(b);
	json_t *after = case_json(v);
	audit_case(im, "create", id, h, NULL, after);
	json_decref(after);
}

int hio_store_monitoring(struct imp *im, struct hh *h, bool write, int64_t **ids, bool *changed)
{
	*changed = false;
	if (!h->monitored)
		return DB_OK;
	const char *v[C_COUNT] = { 0 };
	for (int c = C_MFIRST; c < C_COUNT; c++)
		v[c] = h->v[c];
	v[C_MELIM] = eliminated(h->v) ? "1" : "0";
	const struct mcase *same = NULL, *open = NULL;
	for (int i = 0; i < h->ncases; i++) {
		if (strcmp(h->cases[i].v[C_MSTART], v[C_MSTART]) == 0)
			same = &h->cases[i];
		else if (h->cases[i].v[C_MELIMDATE] == NULL)
			open = &h->cases[i];
	}
	if (same && !differs(v[C_MCAT], same->v[C_MCAT]) && !differs(v[C_MRISK], same->v[C_MRISK]) &&
	    !differs(v[C_MELIMDATE], same->v[C_MELIMDATE]) && !differs(v[C_MMETHOD], same->v[C_MMETHOD]))
		return DB_OK;
	struct row *first = &im->rows[h->rows[0]];
	const struct field_rule *fr = im->o->user ? field_rule_denies_import(im->o->user->role, "household", "monitoring", NULL)
						  : NULL;
	if (fr) {
		hio_cell_error(im, first, C_MCAT, fr->zh, fr->en);
		return DB_OK;
	}
	if (h->open_proc) {
		hio_cell_errorf(im, first, C_MCAT,
				hio_strf("该户有进行中的监测识别或风险消除程序（#%lld），监测信息在程序中办结，不能由文件导入",
					 (long long)h->open_proc),
				hio_strf("The household has a monitoring or elimination procedure under way (#%lld): its "
					 "monitoring is settled there, not by a file", (long long)h->open_proc));
		return DB_OK;
	}
	/* one open case per household: the file's case may not open a second one, nor come after an open one */
	if (open && (v[C_MELIMDATE] == NULL || strcmp(v[C_MSTART], open->v[C_MSTART]) > 0)) {
		hio_cell_errorf(im, first, C_MSTART,
				hio_strf("该户已有识别监测日期为 %s 的在监测记录，与文件中的 %s 不一致；一户只能有一条在监测记录，"
					 "请先核对该户的监测记录", open->v[C_MSTART], v[C_MSTART]),
				hio_strf("The household already has an open monitoring case since %s, not the file's %s; a "
					 "household has one open case: check its monitoring records first",
					 open->v[C_MSTART], v[C_MSTART]));
		return DB_OK;
	}
	*changed = true;
	if (!write)
		return DB_OK;
	if (same)
		return update_case(im, h, same, v);
	insert_case(im, h, *(*ids)++, v);
	return DB_OK;
}

/* Households whose monitoring the file sets, for reserving the new cases' ids. */
int hio_monitor_new_cases(const struct hh *h, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++) {
		bool same = false;
		for (int j = 0; j < h[i].ncases && h[i].monitored; j++)
			same |= strcmp(h[i].cases[j].v[C_MSTART], h[i].v[C_MSTART]) == 0;
		k += h[i].monitored && !same;
	}
	return k;
}

int hio_monitor_refresh(struct imp *im, const int64_t *ids, int n)
{
	if (n == 0)
		return DB_OK;
	struct sqlbuf b;
	sqlbuf_init(&b, im->arena);
	sqlbuf_add(&b, "UPDATE households SET monitor_category = (SELECT m.category FROM monitoring m"
		       " WHERE m.household_id = households.id AND m.eliminated_on IS NULL ORDER BY m.id DESC LIMIT 1)"
		       " WHERE id IN (");
	for (int i = 0; i < n; i++) {
		if (i)
			sqlbuf_add(&b, ", ");
		sqlbuf_int(&b, ids[i]);
	}
	sqlbuf_add(&b, ")");
	struct db_stmt *st = sqlbuf_query(im->db, &b);
	int rc = st ? db_step(st) : DB_ERROR;
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : DB_ERROR;
}
