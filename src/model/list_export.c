/* list_export.c - any paged list as a CSV or XLSX file, and the progress of a long one. */
#include "model/list_export.h"

#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "auth/principal.h"
#include "core/xlsx_write.h"
#include "http/reply.h"
#include "http/router.h"
#include "model/audit.h"
#include "model/dict.h"
#include "model/entity.h"
#include "model/listing.h"

#define EXPORT_PAGE 1000
#define XLSX_MAX_ROWS 1048575   /* a worksheet's rows after its header */
#define MAX_COLUMNS 64

/* ---- progress: a few exports at a time, each named by its caller --------------------------------- */

struct progress {
	char token[65];
	int64_t user_id;
	int64_t rows, total;
	bool done;
	uint64_t touched;   /* the slot least recently touched is reused */
};

static struct progress slots[64];
static uint64_t touches;
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

static bool token_ok(const char *t)
{
	size_t n = strlen(t);
	return n >= 8 && n <= 64 && strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n;
}

static void progress_set(const char *token, int64_t user_id, int64_t rows, int64_t total, bool done)
{
	if (token == NULL)
		return;
	pthread_mutex_lock(&slots_lock);
	struct progress *p = NULL, *oldest = &slots[0];
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]) && p == NULL; i++) {
		if (slots[i].user_id == user_id && !strcmp(slots[i].token, token))
			p = &slots[i];
		else if (slots[i].touched < oldest->touched)
			oldest = &slots[i];
	}
	if (p == NULL) {
		p = oldest;
		snprintf(p->token, sizeof(p->token), "%s", token);
		p->user_id = user_id;
	}
	p->rows = rows;
	p->total = total;
	p->done = done;
	p->touched = ++touches;
	pthread_mutex_unlock(&slots_lock);
}

int list_export_progress_get(struct req *r)
{
	const char *token = req_query(r, "token");
	if (token == NULL || !token_ok(token))
		return reply_error_msg(r, ERR_VALIDATION, "导出进度标识应为 8 到 64 个字母、数字、下划线或连字符",
				       "The token is 8 to 64 letters, digits, _ or -", "token");
	struct progress found = { 0 };
	bool hit = false;
	pthread_mutex_lock(&slots_lock);
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]) && !hit; i++)
		if (slots[i].user_id == r->user->id && !strcmp(slots[i].token, token))
			found = slots[i], hit = true;
	pthread_mutex_unlock(&slots_lock);
	if (!hit)
		return reply_error_msg(r, ERR_NOT_FOUND, "没有这个导出（或已过期）", "No such export (or it has expired)", "token");
	return reply_json(r, 200, json_pack("{s:s, s:I, s:I, s:b}", "token", found.token, "rows", (json_int_t)found.rows,
					    "total", (json_int_t)found.total, "done", found.done));
}

/* ---- the request ------------------------------------------------------------------------------ */

/* ?name= where the route takes it (a handler may not read a parameter its route does not declare). */
static const char *route_query(struct req *r, const char *name)
{
	return r->route && route_takes_query(r->route, name) ? req_query(r, name) : NULL;
}

bool list_export_asked(struct req *r)
{
	const char *format = route_query(r, "format");
	return format && (!strcmp(format, "csv") || !strcmp(format, "xlsx"));
}

int list_export_wanted(struct req *r, bool *wanted, bool *xlsx)
{
	*wanted = *xlsx = false;
	const char *format = route_query(r, "format");
	if (format == NULL || *format == '\0' || !strcmp(format, "json"))
		return 0;
	if (!list_export_asked(r))
		return reply_error_msg(r, ERR_VALIDATION, "格式应为 json（列表）、csv 或 xlsx（导出文件）",
				       "The format must be json, csv or xlsx", "format");
	const char *token = route_query(r, "progress");
	if (token && !token_ok(token))
		return reply_error_msg(r, ERR_VALIDATION, "导出进度标识应为 8 到 64 个字母、数字、下划线或连字符",
				       "The progress token is 8 to 64 letters, digits, _ or -", "progress");
	*wanted = true;
	*xlsx = !strcmp(format, "xlsx");
	return 0;
}

/* ---- columns and cells ------------------------------------------------------------------------ */

/* Labels of the keys every record has, where the list names no entity field for them. */
static const struct {
	const char *key, *zh;
} common_labels[] = {
	{ "id", "编号" },           { "created_at", "创建时间" }, { "updated_at", "更新时间" }, { "division", "行政区划" },
	{ "division_name", "所在地" }, { "name", "名称" },         { "title", "标题" },          { "kind", "类别" },
	{ "status", "状态" },         { "at", "时间" },           { "username", "用户名" },      { "action", "操作" },
	{ "entity", "对象" },         { "entity_id", "对象编号" }, { "detail", "说明" },          { "starts_at", "开始时间" },
	{ "ends_at", "结束时间" },    { "ticket", "受理编号" },     { "channel", "渠道" },         { "category", "类别" },
	{ "due_at", "办理期限" },     { "closed_at", "办结时间" },  { "content", "内容" },         { "org_id", "组织编号" },
	{ "org_name", "组织" },       { "household_id", "农户编号" }, { "household_no", "户编号" }, { "head_name", "户主" },
};

struct column {
	const char *key;
	const struct field *field;   /* the entity's field of that name, or NULL */
};

struct columns {
	struct column v[MAX_COLUMNS];
	int n;
};

static const char *column_label(const struct column *c)
{
	if (c->field)
		return c->field->zh;
	for (size_t i = 0; i < sizeof(common_labels) / sizeof(common_labels[0]); i++)
		if (!strcmp(common_labels[i].key, c->key))
			return common_labels[i].zh;
	return c->key;
}

/* The columns: every key of the first page's records, in the order they first appear. */
static void columns_learn(struct columns *cols, struct arena *a, const struct entity *e, json_t *items)
{
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		const char *key;
		json_t *v;
		json_object_foreach(item, key, v) {
			int k = 0;
			while (k < cols->n && strcmp(cols->v[k].key, key))
				k++;
			if (k == cols->n && cols->n < MAX_COLUMNS)
				cols->v[cols->n++] = (struct column){ arena_strdup(a, key), e ? entity_field(e, key) : NULL };
		}
	}
}

/* Codes of a dictionary field as their Chinese labels ("a,b" → "甲、乙"). */
static const char *dict_text(struct arena *a, const struct field *f, const char *codes)
{
	const struct dict *d = dict_find(f->dict);
	return d ? dict_labels_zh(d, codes, a) : codes;
}

static const char *cell_text(struct arena *a, const struct column *c, json_t *v, unsigned *flag)
{
	*flag = 0;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (c->field && (c->field->type == FT_DICT || c->field->type == FT_DICTS))
			return dict_text(a, c->field, json_string_value(v));
		return json_string_value(v);
	case JSON_INTEGER:   /* a number, but a record's id is text */
		if (!(c->field && c->field->type == FT_REF))
			*flag = SHEET_NUMBER;
		return arena_printf(a, "%lld", (long long)json_integer_value(v));
	case JSON_REAL:
		*flag = SHEET_NUMBER;
		return arena_printf(a, "%.15g", json_real_value(v));
	case JSON_TRUE:
		return "是";
	case JSON_FALSE:
		return "否";
	case JSON_NULL:
		return NULL;
	default: {
		/* an array of codes reads as their labels; anything else as compact JSON */
		if (json_is_array(v) && c->field && c->field->type == FT_DICTS) {
			const char *codes = "";
			size_t i;
			json_t *x;
			json_array_foreach(v, i, x)
				codes = arena_printf(a, "%s%s%s", codes, i ? "," : "", json_string_value(x) ? json_string_value(x) : "");
			return dict_text(a, c->field, codes);
		}
		char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		const char *out = arena_strdup(a, s ? s : "");
		free(s);
		return out;
	}
	}
}

static int write_items(struct sheet_writer *w, struct arena *a, const struct columns *cols, json_t *items, int64_t *row)
{
	const char *cells[MAX_COLUMNS];
	unsigned flags[MAX_COLUMNS];
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		for (int k = 0; k < cols->n; k++) {
			json_t *v = json_object_get(item, cols->v[k].key);
			cells[k] = v ? cell_text(a, &cols->v[k], v, &flags[k]) : NULL;
			if (v == NULL)
				flags[k] = 0;
		}
		if (sheet_writer_row(w, (int)++*row, cells, flags, cols->n))
			return -1;
	}
	return 0;
}

/* ---- pages by keyset ---------------------------------------------------------------------------- */

/* A page's first key: an integer, or text when the listing's key is text. */
struct bound {
	int64_t i;
	const char *s;
};

static void bound_add(struct sqlbuf *b, const struct listing *l, const struct bound *k)
{
	if (l->key_is_text)
		sqlbuf_text(b, k->s);
	else
		sqlbuf_int(b, k->i);
}

/* The key of every EXPORT_PAGE-th row (the first of each page), in key order, into *bounds. */
static int page_bounds(struct req *r, const struct listing *l, struct bound **bounds, int64_t *n)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "SELECT k FROM (SELECT %s AS k, ROW_NUMBER() OVER (ORDER BY %s) AS n", l->key,
				    l->key));
	int st = l->from(r, &b, l->ctx);
	if (st)
		return st;
	sqlbuf_add(&b, arena_printf(r->arena, ") x WHERE x.n %% %d = 1 ORDER BY k", EXPORT_PAGE));
	/* every key of the list is sorted (a list in scope is seldom in its key's index order): on
	 * disk, so that the server's memory stays flat however long the list (in memory SQLite's
	 * sort held about 45 bytes a row: docs/performance.md, "An export streams 1,000,000 rows") */
	if (db_sort_on_disk(r->db, true) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL) {
		db_sort_on_disk(r->db, false);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t cap = 16;
	*bounds = arena_alloc(r->arena, (size_t)cap * sizeof(**bounds));
	*n = 0;
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		if (*n == cap) {
			struct bound *more = arena_alloc(r->arena, (size_t)(2 * cap) * sizeof(*more));
			memcpy(more, *bounds, (size_t)cap * sizeof(*more));
			*bounds = more;
			cap *= 2;
		}
		struct bound *k = &(*bounds)[(*n)++];
		k->i = l->key_is_text ? 0 : db_column_int(q, 0);
		k->s = l->key_is_text ? arena_strdup(r->arena, db_column_text(q, 0) ? db_column_text(q, 0) : "") : NULL;
	}
	db_finalize(q);
	if (db_sort_on_disk(r->db, false) != DB_OK)
		rc = DB_ERROR;
	return rc == DB_DONE ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

/* One page, keys in [lo, hi) (hi NULL: to the end), as the list's records in *items. */
static int page_items(struct req *r, const struct listing *l, const struct bound *lo, const struct bound *hi,
		      json_t **items)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT ");
	sqlbuf_add(&b, l->columns);
	int st = l->from(r, &b, l->ctx);
	if (st)
		return st;
	sqlbuf_add(&b, arena_printf(r->arena, " AND %s >= ", l->key));
	bound_add(&b, l, lo);
	if (hi) {
		sqlbuf_add(&b, arena_printf(r->arena, " AND %s < ", l->key));
		bound_add(&b, l, hi);
	}
	sqlbuf_add(&b, arena_printf(r->arena, " ORDER BY %s", l->key));
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	*items = json_array();
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		json_t *item = l->row(r, q, l->ctx);
		if (item == NULL) {
			rc = DB_ERROR;
			break;
		}
		json_array_append_new(*items, item);
	}
	db_finalize(q);
	if (rc != DB_DONE) {
		json_decref(*items);
		*items = NULL;
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (l->before_reply)
		l->before_reply(r, *items, l->ctx);
	return 0;
}

/* Every page into w; the request's arena is a page's own while the page is read and written. */
static int write_pages(struct req *r, const struct listing *l, struct sheet_writer *w, const struct bound *bounds,
		       int64_t npages, int64_t total, const char *token, int64_t *rows)
{
	struct arena *request_arena = r->arena, *page = arena_new();
	struct columns cols = { .n = 0 };
	int64_t row = 0;
	/* each page's key range planned for its own bounds (docs/performance.md, "An export
	 * streams 1,000,000 rows": PostgreSQL's generic plan read the scope's whole index a page) */
	int st = db_plan_each(r->db, true) == DB_OK ? 0 : reply_error(r, ERR_INTERNAL, NULL);
	for (int64_t i = 0; i < npages && st == 0; i++) {
		json_t *items = NULL;
		r->arena = page;
		st = page_items(r, l, &bounds[i], i + 1 < npages ? &bounds[i + 1] : NULL, &items);
		r->arena = request_arena;
		if (st)
			break;
		if (i == 0) {
			columns_learn(&cols, request_arena, l->entity, items);
			const char *head[MAX_COLUMNS];
			unsigned hflags[MAX_COLUMNS];
			for (int k = 0; k < cols.n; k++) {
				head[k] = column_label(&cols.v[k]);
				hflags[k] = SHEET_BOLD;
				sheet_writer_width(w, k, 14);
			}
			if (sheet_writer_row(w, 0, head, hflags, cols.n))
				st = reply_error(r, ERR_INTERNAL, NULL);
		}
		if (st == 0 && write_items(w, page, &cols, items, &row))
			st = reply_error(r, ERR_INTERNAL, NULL);
		json_decref(items);
		arena_reset(page);
		progress_set(token, r->user->id, row, total, false);
	}
	if (db_plan_each(r->db, false) != DB_OK && st == 0)
		st = reply_error(r, ERR_INTERNAL, NULL);
	arena_free(page);
	*rows = row;
	return st;
}

/* The request's filters, "name=value&...", for the audit row (the progress token left out). */
static const char *filters_text(struct req *r)
{
	const char *out = "";
	for (int i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].name, "progress"))
			out = arena_printf(r->arena, "%s%s%s=%s", out, *out ? "&" : "", r->query[i].name, r->query[i].value);
	return out;
}

int list_export_reply(struct req *r, const struct listing *l, bool xlsx, int64_t total)
{
	if (l->key == NULL) {
		log_error("%s: the list of %s has no key to export by", r->request_id, r->path);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (xlsx && total > XLSX_MAX_ROWS)
		return reply_error_msg(r, ERR_VALIDATION,
				       arena_printf(r->arena, "共 %lld 行，超过 XLSX 工作表的 1,048,575 行：请改用 CSV 或缩小范围",
						    (long long)total),
				       arena_printf(r->arena, "%lld rows: more than an XLSX sheet holds (1,048,575); use csv or narrow the list",
						    (long long)total),
				       "format");
	const char *token = route_query(r, "progress");
	progress_set(token, r->user->id, 0, total, false);
	struct bound *bounds = NULL;
	int64_t npages = 0;
	int st = page_bounds(r, l, &bounds, &npages);
	if (st)
		return st;
	char err[128];
	struct sheet_writer *w = sheet_writer_open(xlsx ? SHEET_XLSX : SHEET_CSV, "导出", err, sizeof(err));
	if (w == NULL) {
		log_error("%s: export: %s", r->request_id, err);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (npages == 0) {   /* no row: the file is the header the list would have, here none */
		const char *none[] = { "（无记录）" };
		sheet_writer_row(w, 0, none, NULL, 1);
	}
	int64_t rows = 0;
	st = write_pages(r, l, w, bounds, npages, total, token, &rows);
	if (st) {
		sheet_writer_discard(w);
		return st;
	}
	int fd;
	int64_t size;
	if (sheet_writer_finish(w, &fd, &size))
		return reply_error(r, ERR_INTERNAL, NULL);
	/* the file is named as the list's path (people.csv, audit.xlsx), not its entity (person, audit_entry) */
	const char *slash = strrchr(r->path, '/');
	const char *name = slash && slash[1] ? slash + 1 : "list";
	const char *division = route_query(r, "division");
	struct audit_entry entry = {
		.action = "export", .entity = l->entity ? l->entity->name : NULL,
		.division = division && *division ? division : NULL,
		.detail = arena_printf(r->arena, "%s %s, %lld rows, masked as listed: %s", r->path, xlsx ? "xlsx" : "csv",
				       (long long)rows, filters_text(r)),
	};
	if ((st = audit_commit_reply(r, db_begin(r->db), &entry))) {
		close(fd);
		return st;
	}
	progress_set(token, r->user->id, rows, total, true);
	r->out_fd = fd;
	r->out_fd_size = size;
	r->out_type = sheet_content_type(xlsx ? SHEET_XLSX : SHEET_CSV);
	req_add_header(r, "Content-Disposition",
		       arena_printf(r->arena, "attachment; filename=\"%s.%s\"", name, xlsx ? "xlsx" : "csv"));
	req_add_header(r, "X-Total-Count", arena_printf(r->arena, "%lld", (long long)rows));
	return 200;
}
