/* disclosures.c - a village's published disclosures, for the public. */
#include "modules/org/disclosures.h"

#include <string.h>

#include "core/clock.h"
#include "core/division.h"
#include "http/reply.h"
#include "model/dict.h"
#include "model/listing.h"

struct village_filter {
	const char *code;
	const char *kind;
	char today[21];
};

static int village_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)r;
	const struct village_filter *f = ctx;
	sqlbuf_add(b, " FROM disclosures t WHERE t.division = ");
	sqlbuf_text(b, f->code);
	sqlbuf_add(b, " AND t.published_on <= ");
	sqlbuf_text(b, f->today);
	if (f->kind) {
		sqlbuf_add(b, " AND t.kind = ");
		sqlbuf_text(b, f->kind);
	}
	return 0;
}

static json_t *disclosure_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)r;
	(void)ctx;
	const struct dict_item *kind = dict_item(dict_find("disclosure_kind"), db_column_text(st, 1));
	const char *period = db_column_text(st, 4);
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)db_column_int(st, 0),
			 "kind", db_column_text(st, 1), "kind_name", kind ? kind->zh : "", "title", db_column_text(st, 2),
			 "content", db_column_text(st, 3), "period", period ? json_string(period) : json_null(),
			 "published_on", db_column_text(st, 5));
}

int disclosures_public(struct req *r)
{
	struct village_filter f = { .code = req_param(r, 0), .kind = req_query(r, "kind") };
	if (f.kind && *f.kind == '\0')
		f.kind = NULL;
	if (f.kind && dict_item(dict_find("disclosure_kind"), f.kind) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知公开类别", "Unknown kind of disclosure", "kind");
	if (division_level(f.code) != DIV_VILLAGE)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	struct db_stmt *v = db_query(r->db, "SELECT name FROM divisions WHERE code = $1", "t", f.code);
	int rc = v ? db_step(v) : DB_ERROR;
	json_t *village = rc == DB_ROW ? json_string(db_column_text(v, 0)) : NULL;
	db_finalize(v);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	/* today in China: what is dated later is not published yet */
	int64_t now = clock_now() + 8 * 3600;
	clock_format_iso(now, f.today);   /* writes 20 chars: keep the date */
	f.today[10] = '\0';
	struct listing l = { .columns = "t.id, t.kind, t.title, t.content, t.period, t.published_on",
			     .order = "t.published_on DESC, t.id DESC", .from = village_from, .row = disclosure_row,
			     .ctx = &f };
	int st = listing_reply(r, &l);
	if (st == 200)
		json_object_set_new(r->out, "village", village);
	else
		json_decref(village);
	return st;
}
