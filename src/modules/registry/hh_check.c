/* hh_check.c - a household's rows agree with each other, it has one head, and its division exists and is in scope. */
#include "modules/registry/household_io_internal.h"

#include <stdlib.h>
#include <string.h>

#include "auth/scope.h"
#include "core/idcard.h"
#include "db/sqlbuf.h"

bool hio_in_scope(const struct imp *im, const char *division)
{
	return im->o->user == NULL || scope_allows(im->o->user, division);
}

/* FROM the villages of the household's township (by name) under root. */
static void village_where(struct sqlbuf *b, const struct hh *h, const char *root)
{
	sqlbuf_add(b, " FROM divisions v JOIN divisions t ON t.code = v.parent_code WHERE t.name = ");
	sqlbuf_text(b, h->v[C_TOWNSHIP]);
	sqlbuf_add(b, " AND ");
	sqlbuf_subtree(b, "v.code", root);
}

/* Resolve the household's division: the code, or 乡镇 + 行政村 names. */
static void resolve_division(struct imp *im, struct hh *h)
{
	struct row *first = &im->rows[h->rows[0]];
	const char *code = h->v[C_DIVISION];
	if (code) {
		const char *known;
		if (!hio_memo_get(&im->divisions, code, &known)) {
			int64_t n = 0;
			if (db_query_int(im->db, &n, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", code) != DB_ROW) {
				im->db_failed = true;
				return;
			}
			known = n ? "" : NULL;
			hio_memo_put(&im->divisions, code, known);
		}
		if (known == NULL) {
			hio_cell_error(im, first, C_DIVISION, "行政区划代码不存在", "No such division");
			return;
		}
		h->division = arena_strdup(im->rows_arena, code);
	} else if (h->v[C_TOWNSHIP] && h->v[C_VILLAGE]) {
		const char *root = im->o->county ? im->o->county : "";
		/* the village by its name, or by its name without 村委会 / 居委会 ... */
		struct sqlbuf b;
		sqlbuf_init(&b, im->arena);
		sqlbuf_add(&b, "SELECT v.code");
		village_where(&b, h, root);
		sqlbuf_add(&b, " AND (v.name = ");
		sqlbuf_text(&b, h->v[C_VILLAGE]);
		sqlbuf_add(&b, " OR v.name LIKE ");
		sqlbuf_text(&b, arena_printf(im->arena, "%s%%", h->v[C_VILLAGE]));
		sqlbuf_add(&b, ") AND v.level = 'village' ORDER BY (v.name = ");
		sqlbuf_text(&b, h->v[C_VILLAGE]);
		sqlbuf_add(&b, ") DESC, v.code LIMIT 3");
		struct db_stmt *st = sqlbuf_query(im->db, &b);
		if (st == NULL) {
			im->db_failed = true;
			return;
		}
		char *found[3] = { NULL, NULL, NULL };
		int n = 0;
		while (n < 3 && db_step(st) == DB_ROW)
			found[n++] = xstrdup(db_column_text(st, 0));
		db_finalize(st);
		/* an exact name wins over prefixes; in scope only */
		int in = 0;
		char *pick = NULL;
		for (int i = 0; i < n; i++)
			if (hio_in_scope(im, found[i])) {
				if (!pick)
					pick = found[i];
				in++;
			}
		if (pick == NULL)
			hio_cell_error(im, first, C_VILLAGE, "找不到该乡镇下的行政村（或不在管辖范围内）",
				       "No such village in that township (or outside your scope)");
		else if (in > 1) {
			/* several: only acceptable when the first is an exact match and the second is not */
			int64_t exact_n = 0;
			sqlbuf_init(&b, im->arena);
			sqlbuf_add(&b, "SELECT COUNT(*)");
			village_where(&b, h, root);
			sqlbuf_add(&b, " AND v.name = ");
			sqlbuf_text(&b, h->v[C_VILLAGE]);
			struct db_stmt *q = sqlbuf_query(im->db, &b);
			if (q && db_step(q) == DB_ROW)
				exact_n = db_column_int(q, 0);
			db_finalize(q);
			if (exact_n == 1)
				h->division = arena_strdup(im->rows_arena, pick);
			else
				hio_cell_error(im, first, C_VILLAGE, "乡镇和行政村名称对应多个区划，请填写行政区划代码",
					       "The township and village names match several divisions; give the division code");
		} else
			h->division = arena_strdup(im->rows_arena, pick);
		for (int i = 0; i < n; i++)
			free(found[i]);
	} else {
		enum col c = im->fcol[C_DIVISION] >= 0 || im->fcol[C_TOWNSHIP] < 0 ? C_DIVISION : C_VILLAGE;
		if (im->fcol[c] >= 0)
			hio_cell_error(im, first, c, "缺少行政区划代码（或乡镇 + 行政村名称）",
				       "The division code (or township and village names) is missing");
		else
			hio_add_error(im, first->line, -1, NULL, NULL, "缺少“行政区划代码”列（或“乡镇”+“行政村”列）",
				      "The file has no 行政区划代码 column (nor 乡镇 and 行政村)");
		return;
	}
	if (h->division && !hio_in_scope(im, h->division)) {
		hio_cell_error(im, first, h->v[C_DIVISION] ? C_DIVISION : C_VILLAGE, "该区划不在您的管辖范围内",
			       "The division is outside your scope");
		h->division = NULL;
	}
}

static bool registered_status(const char *s)
{
	return s && (!strcmp(s, "poor") || !strcmp(s, "exited_enjoying") || !strcmp(s, "exited") || !strcmp(s, "relapsed"));
}

void hio_check_household(struct imp *im, struct hh *h)
{
	static const enum col hcols[] = { C_DIVISION, C_TOWNSHIP, C_VILLAGE, C_HEAD, C_ATTR, C_STATUS, C_CAUSE, C_YEAR,
					  C_PHONE, C_INCOME, C_MCAT, C_MSTART, C_MRISK, C_MELIM, C_MELIMDATE, C_MMETHOD };
	/* the household's fields agree across its rows (empty cells aside) */
	int from[C_COUNT];
	for (size_t k = 0; k < sizeof(hcols) / sizeof(hcols[0]); k++) {
		enum col c = hcols[k];
		from[c] = -1;
		for (int i = 0; i < h->n; i++) {
			struct row *row = &im->rows[h->rows[i]];
			if (row->v[c] == NULL)
				continue;
			if (h->v[c] == NULL) {
				h->v[c] = row->v[c];
				from[c] = row->line;
			} else if (h->v[c] != row->v[c] && strcmp(h->v[c], row->v[c]))   /* codes are shared strings */
				hio_cell_errorf(im, row, c, hio_strf("同一户各行的%s不一致（第 %d 行为“%s”）", hio_cols[c].zh, from[c], h->v[c]),
						hio_strf("The %s differs between rows of the household (line %d has \"%s\")", hio_cols[c].en,
						from[c], h->v[c]));
		}
	}
	struct row *first = &im->rows[h->rows[0]];
	/* members: a name and relation each, exactly one head */
	h->head = -1;
	int heads = 0;
	for (int i = 0; i < h->n; i++) {
		struct row *row = &im->rows[h->rows[i]];
		if (!row->given[C_NAME])
			hio_cell_error(im, row, C_NAME, "姓名不能为空", "The name is missing");
		if (im->fcol[C_RELATION] < 0 && i == 0)
			hio_add_error(im, row->line, -1, NULL, NULL, "缺少“与户主关系”列", "The file has no 与户主关系 column");
		else if (!row->given[C_RELATION] && im->fcol[C_RELATION] >= 0)
			hio_cell_error(im, row, C_RELATION, "与户主关系不能为空", "The relation to the head is missing");
		if (row->v[C_RELATION] && strcmp(row->v[C_RELATION], "head") == 0) {
			if (++heads == 2)
				hio_cell_error(im, row, C_RELATION, "一户只能有一个户主", "A household has exactly one head");
			if (h->head < 0)
				h->head = h->rows[i];
		}
		/* sex and birth date follow the ID number */
		const char *id = row->v[C_IDNO];
		if (id) {
			char birth[11], sex[2] = { idcard_sex(id), '\0' };
			idcard_birth_date(id, birth);
			if (row->v[C_SEX] && strcmp(row->v[C_SEX], sex))
				hio_cell_error(im, row, C_SEX, "性别与证件号码不符", "The sex does not match the ID number");
			if (row->v[C_BIRTH] && strcmp(row->v[C_BIRTH], birth))
				hio_cell_error(im, row, C_BIRTH, "出生日期与证件号码不符", "The birth date does not match the ID number");
		}
	}
	if (heads == 0 && im->fcol[C_RELATION] >= 0)
		hio_cell_error(im, first, C_RELATION, "该户没有户主（与户主关系为“户主”的成员）", "The household has no head");
	if (h->head >= 0) {
		struct row *head = &im->rows[h->head];
		if (h->v[C_HEAD] == NULL)
			h->v[C_HEAD] = head->v[C_NAME];
		else if (head->v[C_NAME] && strcmp(h->v[C_HEAD], head->v[C_NAME]))
			hio_cell_error(im, head, C_HEAD, "户主姓名与户主成员的姓名不一致", "The head's name differs from the head member's name");
	}
	if (h->v[C_HEAD] == NULL)
		hio_cell_error(im, first, C_HEAD, "户主姓名不能为空", "The head of household is missing");
	if (h->v[C_STATUS] == NULL) {
		if (im->fcol[C_STATUS] >= 0)
			hio_cell_error(im, first, C_STATUS, "户状态不能为空", "The status is missing");
		else
			hio_add_error(im, first->line, -1, NULL, NULL, "缺少“户状态”列", "The file has no 户状态 column");
	} else if (registered_status(h->v[C_STATUS])) {
		static const enum col needed[] = { C_ATTR, C_CAUSE, C_YEAR };
		for (size_t k = 0; k < 3; k++)
			if (h->v[needed[k]] == NULL)
				hio_cell_errorf(im, first, needed[k], hio_strf("建档立卡户须填写%s", hio_cols[needed[k]].zh),
						hio_strf("A registered household needs its %s", hio_cols[needed[k]].en));
	}
	resolve_division(im, h);
	hio_check_monitoring(im, h);
}
