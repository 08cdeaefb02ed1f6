/* hh_compare.c - the file's households and members against the stored ones, and the writes that follow. */
#include "modules/registry/household_io_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/field_rules.h"
#include "auth/principal.h"
#include "core/clock.h"
#include "core/fieldcrypt.h"
#include "core/idcard.h"
#include "db/at_rest.h"
#include "db/sqlbuf.h"
#include "model/crud.h"
#include "modules/registry/registry_entities.h"

static json_t *value_json(enum col c, const char *v)
{
	if (v == NULL)
		return json_null();
	if (hio_cols[c].kind == K_BOOL)
		return json_boolean(strcmp(v, "0") != 0);
	if (hio_cols[c].kind == K_INT)
		return json_integer(strtoll(v, NULL, 10));
	return json_string(v);
}

/* The sealed column of c (db/at_rest.h), or NULL. */
static const struct sealed_column *sealed_of(enum col c)
{
	if (hio_cols[c].db == NULL)
		return NULL;
	return at_rest_find(hio_cols[c].household ? "households" : "members", hio_cols[c].db);
}

/* v as stored: sealed for a sealed column. */
static const char *stored(struct imp *im, enum col c, const char *v)
{
	const struct sealed_column *sc = v ? sealed_of(c) : NULL;
	return sc ? fieldcrypt_seal_a(im->arena, sc->ad, v) : v;
}

/* A stored value as read: opened for a sealed column. */
static char *opened(struct imp *im, enum col c, const char *v)
{
	const struct sealed_column *sc = v ? sealed_of(c) : NULL;
	if (sc)
		return (char *)fieldcrypt_open_a(im->arena, sc->ad, v);
	return v ? arena_strdup(im->arena, v) : NULL;
}

static void bind(struct imp *im, struct sqlbuf *b, enum col c, const char *v)
{
	if (v && is_int_kind(c))
		sqlbuf_int(b, strtoll(v, NULL, 10));
	else
		sqlbuf_text(b, stored(im, c, v));
}

static void batch_value(struct imp *im, struct db_batch *b, enum col c, const char *v)
{
	if (v && is_int_kind(c))
		db_batch_int(b, strtoll(v, NULL, 10));
	else
		db_batch_text(b, stored(im, c, v));
}

/* The keyed hash an ID number is looked up by. */
static const char *id_hash(struct imp *im, const char *id)
{
	return fieldcrypt_hash_a(im->arena, "id_number", id);
}

static bool differs(const char *now, const char *old)
{
	return now ? !old || strcmp(now, old) : old != NULL;
}

static char *astrdup(struct imp *im, const char *s)
{
	return s ? arena_strdup(im->arena, s) : NULL;
}

/* An audit row of the import, written with the group's other rows. */
static void audit(struct imp *im, const struct entity *e, const char *action, const char *id, const char *division,
		  json_t *before, json_t *after, const char *after_text)
{
	if (before)
		crud_mask(e, before);
	if (after)
		crud_mask(e, after);
	struct audit_entry entry = {
		.action = action, .entity = e->name, .entity_id = id, .division = division, .before = before,
		.after = after, .after_text = after_text, .detail = "import", .username = "cli",
	};
	audit_batch_add(im->b_audit, im->o->r, &entry);
}

static const char *id_text(struct imp *im, int64_t id)
{
	return arena_printf(im->arena, "%lld", (long long)id);
}

static void history(struct imp *im, int64_t id, const char *field, const char *old, const char *now, bool created)
{
	struct req *r = im->o->r;
	struct db_batch *b = im->b_hist;
	db_batch_int(b, id);
	db_batch_int(b, clock_now());
	if (r && r->user)
		db_batch_int(b, r->user->id);
	else
		db_batch_text(b, NULL);
	db_batch_text(b, r && r->user ? r->user->username : "cli");
	db_batch_text(b, field);
	db_batch_text(b, old);
	db_batch_text(b, now);
	db_batch_text(b, created ? "登记（导入）" : "导入");
	db_batch_row(b);
}

/* Which columns the file sets (the others keep their stored values). */
static void file_present(const struct imp *im, bool present[C_COUNT])
{
	for (int c = 0; c < C_COUNT; c++)
		present[c] = im->fcol[c] >= 0;
	present[C_DIVISION] = true;
	present[C_HEAD] = true;
	present[C_HNO] = true;
}

/* ---- the groups of households -------------------------------------------------------------------- */

/* A member as stored, found by its ID number (or, without one, by name). */
struct found {
	int64_t id, hh;
	char *division, *household_no;
	char *v[C_COUNT];
};

/* A member of the group with an ID number. */
struct by_id {
	const char *id;
	int at;   /* index into the group's rows */
};

/* The households compared and written together, and their members' rows. */
struct group {
	struct hh *h;
	int n;
	int *rows;             /* the members' rows, household after household */
	struct found *found;   /* parallel to rows */
	int nrows;
	struct by_id *ids;     /* the members with an ID number, in its order */
	int nids;
	int64_t *hh_ids, *mem_ids, *mon_ids;   /* reserved for the new ones (real runs) */
	int next_hh, next_mem;
	int64_t *mon_hh;       /* the households whose monitoring was written */
	int nmon_hh;
};

/* SELECT select FROM (VALUES ($1), ..., ($LOOKUP_KEYS)) k JOIN table ON
 * table.key = k.column1: an index probe per key on both backends (with
 * key IN (...), PostgreSQL would rather scan the trigram index of the column). */
static char *keys_sql(const char *select, const char *columns, const char *table, const char *key)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	fprintf(f, "SELECT %s%s FROM (VALUES ", select, columns);
	for (int i = 1; i <= LOOKUP_KEYS; i++)
		fprintf(f, i > 1 ? ", ($%d)" : "($%d)", i);
	fprintf(f, ") k JOIN %s ON %s.%s = k.column1", table, table, key);
	fclose(f);
	return s;
}

#define MEMBER_SELECT "id_number, id, household_id, division"
#define MEMBER_NO ", (SELECT household_no FROM households x WHERE x.id = members.household_id)"

/* The SQL of the look-ups. */
void hio_lookups_open(struct imp *im)
{
	char *hcols = hio_column_list(hio_hh_db, NHH_DB, ", "), *mcols = hio_column_list(hio_mem_db, NMEM_DB, ", ");
	char *mno = hio_strf("%s" MEMBER_NO, mcols);
	im->sql_hh = keys_sql("household_no, id", hcols, "households", "household_no");
	im->sql_mem = keys_sql(MEMBER_SELECT, mno, "members", "id_number_hash");
	im->sql_mem_name = hio_strf("SELECT " MEMBER_SELECT "%s FROM members WHERE id_number IS NULL AND household_id = $1"
				    " AND name = $2 ORDER BY id LIMIT 1", mno);
	free(mno);
	free(hcols);
	free(mcols);
}

void hio_lookups_close(struct imp *im)
{
	free(im->sql_hh);
	free(im->sql_mem);
	free(im->sql_mem_name);
}

/* Run a look-up of up to LOOKUP_KEYS keys (the rest bound NULL); each row to each(). */
static int lookup(struct imp *im, const char *sql, const char *const *keys, int n,
		  void (*each)(struct imp *, struct group *, struct db_stmt *), struct group *g)
{
	struct db_stmt *st = db_prepare(im->db, sql);
	if (st == NULL)
		return DB_ERROR;
	int rc = DB_OK;
	for (int i = 0; i < LOOKUP_KEYS && rc == DB_OK; i++)
		rc = db_bind_text(st, i + 1, i < n ? keys[i] : NULL);
	while (rc == DB_OK && (rc = db_step(st)) == DB_ROW) {
		each(im, g, st);
		rc = DB_OK;
	}
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int by_no(const void *key, const void *elem)
{
	return strcmp(key, ((const struct hh *)elem)->no);
}

/* A stored household (the group is in 户编号 order). */
static void found_household(struct imp *im, struct group *g, struct db_stmt *st)
{
	struct hh *h = bsearch(db_column_text(st, 0), g->h, (size_t)g->n, sizeof(*g->h), by_no);
	if (h == NULL)
		return;
	h->id = db_column_int(st, 1);
	h->old = arena_zalloc(im->arena, C_COUNT * sizeof(char *));
	for (int k = 0; k < NHH_DB; k++)
		h->old[hio_hh_db[k]] = opened(im, hio_hh_db[k], db_column_text(st, 2 + k));
}

static int lookup_households(struct imp *im, struct group *g)
{
	const char *keys[LOOKUP_KEYS];
	int rc = DB_OK;
	if (!im->stored_hh)
		return DB_OK;
	for (int i = 0; i < g->n && rc == DB_OK; i += LOOKUP_KEYS) {
		int n = g->n - i < LOOKUP_KEYS ? g->n - i : LOOKUP_KEYS;
		for (int k = 0; k < n; k++)
			keys[k] = g->h[i + k].no;
		rc = lookup(im, im->sql_hh, keys, n, found_household, g);
	}
	return rc;
}

static void read_member(struct imp *im, struct db_stmt *st, struct found *f)
{
	f->id = db_column_int(st, 1);
	f->hh = db_column_int(st, 2);
	f->division = astrdup(im, db_column_text(st, 3));
	for (int k = 0; k < NMEM_DB; k++)
		f->v[hio_mem_db[k]] = opened(im, hio_mem_db[k], db_column_text(st, 4 + k));
	f->household_no = astrdup(im, db_column_text(st, 4 + NMEM_DB));
}

static int cmp_id(const void *a, const void *b)
{
	return strcmp(((const struct by_id *)a)->id, ((const struct by_id *)b)->id);
}

static int by_id_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct by_id *)elem)->id);
}

static void found_member(struct imp *im, struct group *g, struct db_stmt *st)
{
	const char *id = opened(im, C_IDNO, db_column_text(st, 0));
	struct by_id *m = id == NULL ? NULL : bsearch(id, g->ids, (size_t)g->nids, sizeof(*g->ids), by_id_key);
	if (m)
		read_member(im, st, &g->found[m->at]);
}

/* A member without an ID number of a stored household: by name. */
static int lookup_by_name(struct imp *im, const struct hh *h, const struct row *row, struct found *f)
{
	struct db_stmt *st = db_query(im->db, im->sql_mem_name, "it", h->id, row->v[C_NAME]);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		read_member(im, st, f);
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static int lookup_members(struct imp *im, struct group *g)
{
	if (!im->stored_mem)
		return DB_OK;
	struct by_id *ids = arena_alloc(im->arena, (size_t)(g->nrows + 1) * sizeof(*ids));
	int n = 0, rc = DB_OK;
	for (int i = 0, at = 0; i < g->n && rc == DB_OK; i++)
		for (int k = 0; k < g->h[i].n && rc == DB_OK; k++, at++) {
			const struct row *row = &im->rows[g->rows[at]];
			if (row->v[C_IDNO])
				ids[n++] = (struct by_id){ row->v[C_IDNO], at };
			else if (g->h[i].old)
				rc = lookup_by_name(im, &g->h[i], row, &g->found[at]);
		}
	qsort(ids, (size_t)n, sizeof(*ids), cmp_id);
	g->ids = ids;
	g->nids = n;
	const char *keys[LOOKUP_KEYS];
	for (int i = 0; i < n && rc == DB_OK; i += LOOKUP_KEYS) {
		int m = n - i < LOOKUP_KEYS ? n - i : LOOKUP_KEYS;
		for (int k = 0; k < m; k++)
			keys[k] = id_hash(im, ids[i + k].id);
		rc = lookup(im, im->sql_mem, keys, m, found_member, g);
	}
	return rc;
}

/* Ids for the group's new households and members. */
static int reserve_ids(struct imp *im, struct group *g)
{
	int nh = 0, nm = 0;
	for (int i = 0; i < g->n; i++)
		nh += g->h[i].old == NULL;
	for (int i = 0; i < g->nrows; i++)
		nm += g->found[i].id == 0;
	g->hh_ids = arena_alloc(im->arena, (size_t)(nh + 1) * sizeof(int64_t));
	g->mem_ids = arena_alloc(im->arena, (size_t)(nm + 1) * sizeof(int64_t));
	int nc = hio_monitor_new_cases(g->h, g->n);
	g->mon_ids = arena_alloc(im->arena, (size_t)(nc + 1) * sizeof(int64_t));
	g->mon_hh = arena_alloc(im->arena, (size_t)(g->n + 1) * sizeof(int64_t));
	int rc = db_reserve_ids(im->db, "households", nh, g->hh_ids);
	if (rc == DB_OK)
		rc = db_reserve_ids(im->db, "monitoring", nc, g->mon_ids);
	return rc == DB_OK ? db_reserve_ids(im->db, "members", nm, g->mem_ids) : rc;
}

/* ---- one household --------------------------------------------------------------------------- */

/* A stored household's values before and after, as JSON; whether they differ. */
static bool household_json(const struct hh *h, const bool present[C_COUNT], json_t *before, json_t *after)
{
	bool changed = false;
	char **old = h->old;
	for (int k = 0; k < NHH_DB; k++) {
		enum col c = hio_hh_db[k];
		const char *now = present[c] ? h->v[c] : old[c];
		changed |= differs(now, old[c]);
		json_object_set_new(before, hio_cols[c].db, value_json(c, old[c]));
		json_object_set_new(after, hio_cols[c].db, value_json(c, now));
	}
	return changed;
}

static const enum col tracked[] = { C_STATUS, C_ATTR, C_CAUSE };

/* id created in division: the last run goes on or a new one starts. */
static void run_add(struct runs *rs, const char *division, int64_t id)
{
	struct audit_run *last = rs->n ? &rs->v[rs->n - 1] : NULL;
	if (last && last->last_id + 1 == id && !strcmp(last->division, division)) {
		last->last_id = id;
		return;
	}
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->v = xrealloc(rs->v, (size_t)rs->cap * sizeof(*rs->v));
	}
	rs->v[rs->n++] = (struct audit_run){ division, id, id };
}

static void insert_household(struct imp *im, struct group *g, struct hh *h)
{
	h->id = g->hh_ids[g->next_hh++];
	struct db_batch *b = im->b_hh;
	db_batch_int(b, h->id);
	for (int k = 0; k < NHH_DB; k++)
		batch_value(im, b, hio_hh_db[k], h->v[hio_hh_db[k]]);
	db_batch_int(b, clock_now());
	db_batch_int(b, clock_now());
	db_batch_row(b);
	run_add(&im->hh_runs, h->division, h->id);
	for (size_t k = 0; k < 3; k++)
		if (h->v[tracked[k]])
			history(im, h->id, hio_cols[tracked[k]].db, NULL, h->v[tracked[k]], true);
}

/* UPDATE table SET the columns the file has (of dbcols) WHERE id = id. */
static int update_row(struct imp *im, const char *table, const enum col *dbcols, int n, const bool present[C_COUNT],
		      const char *const v[C_COUNT], int64_t id)
{
	struct sqlbuf b;
	sqlbuf_init(&b, im->arena);
	sqlbuf_add(&b, arena_printf(im->arena, "UPDATE %s SET ", table));
	for (int k = 0; k < n; k++)
		if (present[dbcols[k]]) {
			sqlbuf_add(&b, arena_printf(im->arena, "%s = ", hio_cols[dbcols[k]].db));
			bind(im, &b, dbcols[k], v[dbcols[k]]);
			sqlbuf_add(&b, ", ");
			const struct sealed_column *sc = sealed_of(dbcols[k]);
			if (sc && sc->hash_column) {   /* an ID number's, a health code's keyed hash */
				sqlbuf_add(&b, arena_printf(im->arena, "%s = ", sc->hash_column));
				sqlbuf_text(&b, fieldcrypt_hash_a(im->arena, sc->hash_domain, v[dbcols[k]]));
				sqlbuf_add(&b, ", ");
			}
		}
	sqlbuf_add(&b, "updated_at = ");
	sqlbuf_int(&b, clock_now());
	sqlbuf_add(&b, " WHERE id = ");
	sqlbuf_int(&b, id);
	struct db_stmt *st = sqlbuf_query(im->db, &b);
	int rc = st ? db_step(st) : DB_ERROR;
	db_finalize(st);
	return rc == DB_DONE ? DB_OK : rc;
}

static int update_household(struct imp *im, struct hh *h, const bool present[C_COUNT], json_t *before, json_t *after)
{
	int rc = update_row(im, "households", hio_hh_db, NHH_DB, present, h->v, h->id);
	if (rc == DB_OK && strcmp(h->old[C_DIVISION], h->division))
		rc = db_exec(im->db, "UPDATE members SET division = $1 WHERE household_id = $2", "ti", h->division, h->id);
	if (rc != DB_OK)
		return rc;
	audit(im, &entity_household, "update", id_text(im, h->id), h->division, before, after, NULL);
	for (size_t k = 0; k < 3; k++) {
		enum col c = tracked[k];
		if (present[c] && differs(h->v[c], h->old[c]))
			history(im, h->id, hio_cols[c].db, h->old[c], h->v[c], false);
	}
	return DB_OK;
}

/* A member's values: the row's, with sex and birth date from the ID number. */
static void member_values(struct imp *im, const struct row *row, const char *v[C_COUNT], bool present[C_COUNT])
{
	memcpy(v, row->v, C_COUNT * sizeof(char *));
	present[C_SEX] = im->fcol[C_SEX] >= 0 || v[C_IDNO];
	present[C_BIRTH] = im->fcol[C_BIRTH] >= 0 || v[C_IDNO];
	if (v[C_IDNO]) {
		char birth[11], sex[2] = { idcard_sex(v[C_IDNO]), '\0' };
		idcard_birth_date(v[C_IDNO], birth);
		v[C_SEX] = arena_strdup(im->arena, sex);
		v[C_BIRTH] = arena_strdup(im->arena, birth);
	}
}

static void insert_member(struct imp *im, struct group *g, const struct hh *h, const char *v[C_COUNT])
{
	int64_t id = g->mem_ids[g->next_mem++];
	struct db_batch *b = im->b_mem;
	db_batch_int(b, id);
	db_batch_int(b, h->id);
	db_batch_text(b, h->division);
	db_batch_int(b, 0);
	db_batch_text(b, v[C_IDNO] ? id_hash(im, v[C_IDNO]) : NULL);
	db_batch_text(b, fieldcrypt_hash_a(im->arena, "health", v[C_HEALTH]));
	for (int k = 0; k < NMEM_DB; k++) {
		enum col c = hio_mem_db[k];
		batch_value(im, b, c, v[c] ? v[c] : hio_cols[c].kind == K_BOOL ? "0" : NULL);
	}
	db_batch_int(b, clock_now());
	db_batch_int(b, clock_now());
	db_batch_row(b);
	run_add(&im->mem_runs, h->division, id);
}

static int update_member(struct imp *im, const struct hh *h, const struct found *f, const char *v[C_COUNT],
			 const bool present[C_COUNT], bool write)
{
	bool changed = false;
	json_t *mb = json_object(), *ma = json_object();
	for (int k = 0; k < NMEM_DB; k++) {
		enum col c = hio_mem_db[k];
		const char *now = present[c] ? v[c] : f->v[c];
		changed |= differs(now, f->v[c]);
		json_object_set_new(mb, hio_cols[c].db, value_json(c, f->v[c]));
		json_object_set_new(ma, hio_cols[c].db, value_json(c, now));
	}
	int rc = DB_OK;
	if (!changed)
		im->res->mem.unchanged++;
	else {
		im->res->mem.updated++;
		if (write) {
			rc = update_row(im, "members", hio_mem_db, NMEM_DB, present, v, f->id);
			if (rc == DB_OK)
				audit(im, &entity_member, "update", id_text(im, f->id), h->division, mb, ma, NULL);
		}
	}
	json_decref(mb);
	json_decref(ma);
	return rc;
}

/* One member: new, changed, unchanged, or registered in another household. */
static int store_member(struct imp *im, struct group *g, const struct hh *h, const struct row *row,
			const struct found *f, bool write, int *added)
{
	const char *v[C_COUNT];
	bool present[C_COUNT];
	file_present(im, present);
	member_values(im, row, v, present);
	if (f->id && f->hh != h->id) {
		const char *no = f->household_no ? f->household_no : "?";
		if (hio_in_scope(im, f->division))
			hio_cell_errorf(im, row, C_IDNO, hio_strf("证件号码已登记在户编号为 %s 的户中", no),
					hio_strf("The ID number is already registered in household %s", no));
		else
			hio_cell_error(im, row, C_IDNO, "证件号码已被登记", "The ID number is already registered");
		return DB_OK;
	}
	if (f->id)
		return update_member(im, h, f, v, present, write);
	im->res->mem.inserted++;
	if (write) {
		insert_member(im, g, h, v);
		(*added)++;
	}
	return DB_OK;
}

/* 人均纯收入 of the year; *changed when it is new or differs. */
static int store_income(struct imp *im, const struct hh *h, int added, bool write, bool *changed)
{
	*changed = false;
	if (h->v[C_INCOME] == NULL)
		return DB_OK;
	int64_t per_capita = strtoll(h->v[C_INCOME], NULL, 10), people = h->n, old_pc = 0;
	int irc = DB_DONE;
	if (h->old) {
		if (write && db_query_int(im->db, &people, "SELECT COUNT(*) FROM members WHERE household_id = $1", "i",
					  h->id) == DB_ROW)
			people += added;   /* the new members are written with the group */
		irc = db_query_int(im->db, &old_pc, "SELECT per_capita FROM household_incomes WHERE household_id = $1"
				   " AND year = $2", "ii", h->id, im->year);
		if (irc != DB_ROW && irc != DB_DONE)
			return irc;
	}
	if (irc == DB_ROW && old_pc == per_capita)
		return DB_OK;
	*changed = true;
	if (!write)
		return DB_OK;
	if (people < 1)
		people = 1;
	static const char note[] = "导入的人均纯收入";
	int rc = DB_OK;
	if (h->old)
		rc = db_exec(im->db,
			"INSERT INTO household_incomes (household_id, year, people, net, per_capita, note, updated_at)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (household_id, year) DO UPDATE SET"
			" people = $3, net = $4, per_capita = $5, updated_at = $7", "iiiiiti",
			h->id, im->year, people, per_capita * people, per_capita, note, clock_now());
	else {
		struct db_batch *b = im->b_inc;
		int64_t v[] = { h->id, im->year, people, per_capita * people, per_capita };
		for (size_t i = 0; i < 5; i++)
			db_batch_int(b, v[i]);
		db_batch_text(b, note);
		db_batch_int(b, clock_now());
		db_batch_row(b);
	}
	if (rc != DB_OK || h->old == NULL)   /* a new household's income is in its bulk audit row */
		return rc;
	json_t *ib = irc == DB_ROW ? json_pack("{s:I}", "per_capita", (json_int_t)old_pc) : NULL;
	json_t *ia = json_pack("{s:I, s:I}", "per_capita", (json_int_t)per_capita, "year", (json_int_t)im->year);
	struct audit_entry entry = {
		.action = ib ? "update" : "create", .entity = "household_income",
		.entity_id = arena_printf(im->arena, "%lld/%lld", (long long)h->id, (long long)im->year),
		.division = h->division, .before = ib, .after = ia, .detail = "import", .username = "cli",
	};
	audit_batch_add(im->b_audit, im->o->r, &entry);
	json_decref(ib);
	json_decref(ia);
	return DB_OK;
}

/* Compare one household and its members with the database and write them
 * (to the group's batches, updates at once); write=false only counts and checks. */
static int store_household(struct imp *im, struct group *g, struct hh *h, const struct found *found, bool write)
{
	h->v[C_DIVISION] = h->division;
	h->v[C_HNO] = h->no;
	if (h->old && !hio_in_scope(im, h->old[C_DIVISION])) {
		hio_cell_error(im, &im->rows[h->rows[0]], C_HNO, "该户编号已被管辖范围外的户使用",
			       "The household number is used by a household outside your scope");
		return DB_OK;
	}
	/* who may change the status (auth/field_rules.h): exiting is the county's, by file as by form */
	const char *status = h->v[C_STATUS], *old_status = h->old ? h->old[C_STATUS] : NULL;
	if (im->o->user && status && (old_status == NULL || strcmp(old_status, status) != 0)) {
		const struct field_rule *fr = field_rule_denies_import(im->o->user->role, "household", "status", status);
		if (fr) {
			hio_cell_error(im, &im->rows[h->rows[0]], C_STATUS, fr->zh, fr->en);
			return DB_OK;
		}
	}
	bool present[C_COUNT], changed = false;
	file_present(im, present);
	int rc = DB_OK;
	if (h->old == NULL) {
		im->res->hh.inserted++;
		if (write)
			insert_household(im, g, h);
	} else {
		json_t *before = json_object(), *after = json_object();
		changed = household_json(h, present, before, after);
		if (changed && write)
			rc = update_household(im, h, present, before, after);
		json_decref(before);
		json_decref(after);
	}
	int added = 0;
	for (int i = 0; i < h->n && rc == DB_OK; i++)
		rc = store_member(im, g, h, &im->rows[h->rows[i]], &found[i], write, &added);
	bool income_changed = false, monitoring_changed = false;
	if (rc == DB_OK)
		rc = store_income(im, h, added, write, &income_changed);
	if (rc == DB_OK)
		rc = hio_store_monitoring(im, h, write, &g->mon_ids, &monitoring_changed);
	if (rc == DB_OK && monitoring_changed && write)
		g->mon_hh[g->nmon_hh++] = h->id;
	if (rc == DB_OK && h->old) {
		if (changed || income_changed || monitoring_changed)
			im->res->hh.updated++;
		else
			im->res->hh.unchanged++;
	}
	return rc;
}

/* Households [first, first + n): look up, compare, write (a real run while
 * there are no errors). */
int hio_store_group(struct imp *im, int first, int n, bool write)
{
	struct group g = { .h = &im->hhs[first], .n = n };
	for (int i = 0; i < n; i++)
		g.nrows += g.h[i].n;
	g.rows = arena_alloc(im->arena, (size_t)(g.nrows + 1) * sizeof(int));
	g.found = arena_zalloc(im->arena, (size_t)(g.nrows + 1) * sizeof(*g.found));
	for (int i = 0, at = 0; i < n; i++)
		for (int k = 0; k < g.h[i].n; k++)
			g.rows[at++] = g.h[i].rows[k];
	int rc = lookup_households(im, &g);
	if (rc == DB_OK)
		rc = lookup_members(im, &g);
	if (rc == DB_OK)
		rc = hio_monitor_lookup(im, g.h, n);
	if (rc == DB_OK && write)
		rc = reserve_ids(im, &g);
	for (int i = 0, at = 0; i < n && rc == DB_OK; at += g.h[i].n, i++)
		if (g.h[i].division)   /* without one it was reported */
			rc = store_household(im, &g, &g.h[i], &g.found[at], write && im->nerrs == 0);
	if (rc == DB_OK && write && im->nerrs == 0)
		rc = hio_batches_flush(im);
	if (rc == DB_OK && write && im->nerrs == 0)
		rc = hio_monitor_refresh(im, g.mon_hh, g.nmon_hh);
	return rc;
}
