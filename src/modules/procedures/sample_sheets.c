/*
 * sample_sheets.c - the printable sheets of a sampling audit (抽查入户调查表):
 * GET /samplings/{id}/sheets?group=&township=&format=json|xlsx.  Per sampled
 * household: where it is, its status and group, its members (no ID numbers,
 * phones or health), the questions of the 两率一度 check (the 两不愁三保障
 * check points on paper, the group's finding and recognition, with the
 * findings recorded so far) and the blanks the field worker fills in.  JSON
 * pages for the printable web page (one query for the page's households and
 * one for their members), or one XLSX workbook of the whole selection.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xlsx_write.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/dict.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"

#define SHEETS_XLSX_MAX 15000   /* a sample's three groups at their largest */

/* The questions of the check: one table.  A recorded question's answer is the finding of that column. */
static const struct question {
	const char *code, *zh;
	const char *group;    /* asked of this group only, or NULL: of every household */
	const char *column;   /* its finding (sampling_households), or NULL: a check point answered on paper */
} questions[] = {
	{ "income", "家庭人均纯收入是否稳定超过当年扶贫标准", NULL, NULL },
	{ "food_clothing", "是否不愁吃、不愁穿", NULL, NULL },
	{ "education", "义务教育是否有保障（无因贫失学辍学）", NULL, NULL },
	{ "medical", "基本医疗是否有保障（参加基本医疗保险）", NULL, NULL },
	{ "housing", "住房安全是否有保障", NULL, NULL },
	{ "water", "饮水安全是否有保障", NULL, NULL },
	{ "rightly_identified", "是否识别准确（符合建档立卡标准，无错评）", "registered", "rightly_identified" },
	{ "rightly_exited", "是否退出准确（达到退出标准，无错退）", "exited", "rightly_exited" },
	{ "should_be_in", "是否符合标准而未纳入（漏评）", "unregistered", "should_be_in" },
	{ "recognises", "是否认可帮扶工作和帮扶干部（群众认可度）", NULL, "recognises" },
};
#define NQUESTIONS (int)(sizeof(questions) / sizeof(questions[0]))
/* The columns of SHEET_COLUMNS the recorded answers are in, by question column name. */
static const char *const answer_columns[] = { "rightly_identified", "rightly_exited", "should_be_in", "recognises" };
#define ANSWER_FIRST 11

/* The blanks of every sheet, filled in on paper. */
static const char *const blanks[] = { "调查人员", "调查日期", "农户（受访人）签字", "情况说明" };
#define NBLANKS (int)(sizeof(blanks) / sizeof(blanks[0]))

#define SHEET_COLUMNS                                                                                            \
	"s.household_id, h.household_no, h.head_name, h.division, v.name, s.township, t.name, h.address, h.status," \
	" s.grp, s.people, s.rightly_identified, s.rightly_exited, s.should_be_in, s.recognises, s.note"

static const char *dict_zh(const char *dict, const char *code)
{
	const struct dict_item *it = code ? dict_item(dict_find(dict), code) : NULL;
	return it ? it->zh : code;
}

static const char *text_at(struct db_stmt *q, int col)
{
	return db_column_is_null(q, col) ? NULL : db_column_text(q, col);
}

/* " FROM ... WHERE ..." of the selected households of sampling id (group and township given or NULL). */
static void sheet_from(struct sqlbuf *b, int64_t id, const char *group, const char *township)
{
	sqlbuf_add(b, " FROM sampling_households s JOIN households h ON h.id = s.household_id"
		   " LEFT JOIN divisions v ON v.code = h.division LEFT JOIN divisions t ON t.code = s.township"
		   " WHERE s.sampling_id = ");
	sqlbuf_int(b, id);
	if (group) {
		sqlbuf_add(b, " AND s.grp = ");
		sqlbuf_text(b, group);
	}
	if (township) {
		sqlbuf_add(b, " AND s.township = ");
		sqlbuf_text(b, township);
	}
}

/* A household's sheet from a row of SHEET_COLUMNS, with an empty member list. */
static json_t *sheet_json(struct db_stmt *q)
{
	const char *grp = db_column_text(q, 9);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:s, s:s?, s:s, s:s?, s:I, s:o, s:s?}",
			      "household_id", (json_int_t)db_column_int(q, 0), "household_no", db_column_text(q, 1),
			      "head_name", db_column_text(q, 2), "division", db_column_text(q, 3), "village", text_at(q, 4),
			      "township", db_column_text(q, 5), "township_name", text_at(q, 6), "address", text_at(q, 7),
			      "status", db_column_text(q, 8), "status_zh", dict_zh("hh_status", db_column_text(q, 8)),
			      "group", grp, "group_zh", sampling_group_zh(grp), "people", (json_int_t)db_column_int(q, 10),
			      "members", json_array(), "note", text_at(q, 15));
	json_t *qs = json_array();
	for (int k = 0; k < NQUESTIONS; k++) {
		const struct question *x = &questions[k];
		if (x->group && strcmp(x->group, grp))
			continue;
		json_t *answer = json_null();
		for (int c = 0; x->column && c < 4; c++)
			if (!strcmp(answer_columns[c], x->column) && !db_column_is_null(q, ANSWER_FIRST + c))
				answer = json_boolean(db_column_int(q, ANSWER_FIRST + c) != 0);
		json_array_append_new(qs, json_pack("{s:s, s:s, s:b, s:o}", "code", x->code, "zh", x->zh, "recorded",
						    x->column != NULL, "answer", answer));
	}
	json_object_set_new(o, "questions", qs);
	json_t *bl = json_array();
	for (int k = 0; k < NBLANKS; k++)
		json_array_append_new(bl, json_string(blanks[k]));
	json_object_set_new(o, "blanks", bl);
	return o;
}

/* A sheet's place in the page, by its household (sorted to find a member's sheet). */
struct at {
	int64_t household;
	size_t index;
};

static int by_household(const void *a, const void *b)
{
	int64_t x = ((const struct at *)a)->household, y = ((const struct at *)b)->household;
	return x < y ? -1 : x > y;
}

/* What a reply shows: the sampling's households of group and township (or all), in the sheets' order, one page. */
struct selection {
	int64_t id, limit, offset;
	const char *group, *township;
};

/* " FROM .. WHERE .. ORDER BY .. LIMIT .. OFFSET ..": the households of the selection. */
static void selection_sql(struct sqlbuf *b, const struct selection *sel)
{
	sheet_from(b, sel->id, sel->group, sel->township);
	sqlbuf_add(b, " ORDER BY s.township, s.grp, h.household_no");
	sqlbuf_page(b, sel->limit, sel->offset);
}

/* The members of the selection's sheets, in one query. */
static int add_members(struct req *r, json_t *sheets, const struct selection *sel)
{
	size_t n = json_array_size(sheets);
	if (n == 0)
		return DB_OK;
	struct at *index = arena_alloc(r->arena, n * sizeof(*index));
	for (size_t i = 0; i < n; i++)
		index[i] = (struct at){ json_integer_value(json_object_get(json_array_get(sheets, i), "household_id")), i };
	qsort(index, n, sizeof(*index), by_household);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT household_id, name, relation, sex, birth_date, education, school_status, labour,"
		   " insured_medical FROM members WHERE household_id IN (SELECT s.household_id");
	selection_sql(&b, sel);
	sqlbuf_add(&b, ") ORDER BY household_id, CASE WHEN relation = 'head' THEN 0 ELSE 1 END, id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return DB_ERROR;
	int rc;
	while ((rc = db_step(q)) == DB_ROW) {
		struct at key = { db_column_int(q, 0), 0 };
		const struct at *found = bsearch(&key, index, n, sizeof(*index), by_household);
		if (found == NULL)
			continue;
		const char *birth = text_at(q, 4);
		json_t *m = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:o}", "name", db_column_text(q, 1), "relation_zh",
				      dict_zh("relation", text_at(q, 2)), "sex_zh", dict_zh("sex", text_at(q, 3)), "education_zh",
				      dict_zh("member_education", text_at(q, 5)), "school_status_zh",
				      dict_zh("school_status", text_at(q, 6)), "labour_zh", dict_zh("labour", text_at(q, 7)),
				      "insured_medical", db_column_is_null(q, 8) ? json_null() : json_boolean(db_column_int(q, 8)));
		json_object_set_new(m, "birth_year", birth && strlen(birth) >= 4 ? json_stringn(birth, 4) : json_null());
		json_array_append_new(json_object_get(json_array_get(sheets, found->index), "members"), m);
	}
	db_finalize(q);
	return rc == DB_DONE ? DB_OK : rc;
}

/* The sheets of the selection, the households' members with them. */
static int read_sheets(struct req *r, const struct selection *sel, json_t **out)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " SHEET_COLUMNS);
	selection_sql(&b, sel);
	json_t *sheets = json_array();
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? DB_ROW : DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW)
		json_array_append_new(sheets, sheet_json(q));
	db_finalize(q);
	rc = rc == DB_DONE ? add_members(r, sheets, sel) : DB_ERROR;
	if (rc != DB_OK) {
		json_decref(sheets);
		return rc;
	}
	*out = sheets;
	return DB_OK;
}

static const char *yes_no(json_t *v)
{
	return json_is_true(v) ? "是" : json_is_false(v) ? "否" : "□是　□否";
}

/* One worksheet: each household's block (where, members, questions, blanks), a blank row between. */
static int write_xlsx(struct req *r, const char *title, json_t *sheets)
{
	char err[256];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "入户调查表", err, sizeof(err));
	if (w == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	static const double widths[] = { 34, 14, 10, 10, 14, 14, 14, 12 };
	for (int c = 0; c < 8; c++)
		sheet_writer_width(w, c, widths[c]);
	const unsigned bold[8] = { SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD, SHEET_BOLD };
	int row = 0, rc = 0;
	const char *head[1] = { title };
	rc |= sheet_writer_row(w, row++, head, bold, 1);
	size_t i, k;
	json_t *s, *x;
	json_array_foreach(sheets, i, s) {
		row++;
#define S(key) json_string_value(json_object_get(s, key))
		const char *who[6] = { arena_printf(r->arena, "%s（%s）", S("head_name"), S("household_no")), S("group_zh"),
				       S("status_zh"), S("township_name"), S("village"), S("address") };
		rc |= sheet_writer_row(w, row++, who, bold, 6);
#undef S
		const char *mh[8] = { "家庭成员", "与户主关系", "性别", "出生年份", "文化程度", "在校生状况", "劳动技能", "医保" };
		rc |= sheet_writer_row(w, row++, mh, bold, 8);
		json_array_foreach(json_object_get(s, "members"), k, x) {
#define M(key) json_string_value(json_object_get(x, key))
			json_t *ins = json_object_get(x, "insured_medical");
			const char *cells[8] = { M("name"), M("relation_zh"), M("sex_zh"), M("birth_year"), M("education_zh"),
						 M("school_status_zh"), M("labour_zh"),
						 json_is_true(ins) ? "已参保" : json_is_false(ins) ? "未参保" : NULL };
#undef M
			rc |= sheet_writer_row(w, row++, cells, NULL, 8);
		}
		const char *qh[2] = { "核查问题", "结论" };
		rc |= sheet_writer_row(w, row++, qh, bold, 2);
		json_array_foreach(json_object_get(s, "questions"), k, x) {
			const char *cells[2] = { json_string_value(json_object_get(x, "zh")), yes_no(json_object_get(x, "answer")) };
			rc |= sheet_writer_row(w, row++, cells, NULL, 2);
		}
		for (int b = 0; b < NBLANKS; b++) {
			const char *cells[2] = { blanks[b], "" };
			rc |= sheet_writer_row(w, row++, cells, NULL, 2);
		}
	}
	return reply_sheet(r, w, rc, SHEET_XLSX, "sample-sheets.xlsx");
}

int samplings_sheets(struct req *r)
{
	int64_t id;
	const char *division, *group = req_query(r, "group"), *township = req_query(r, "township"),
			      *format = req_query(r, "format");
	struct paging pg;
	int st = req_path_id(r, 0, &id);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	if (group && !*group)
		group = NULL;
	if (township && !*township)
		township = NULL;
	if (group && sampling_group_zh(group) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "组别应为：未脱贫户、已脱贫户或非建档立卡户",
				       "group is registered, exited or unregistered", "group");
	if (format && *format && strcmp(format, "json") && strcmp(format, "xlsx"))
		return reply_error_msg(r, ERR_VALIDATION, "格式应为 JSON 或 XLSX", "format is json or xlsx", "format");
	if ((st = place_row_in_scope(r, "samplings", "sampling", id, false, &division)))
		return st;
	bool xlsx = format && !strcmp(format, "xlsx");
	int64_t total = 0;
	const char *title = NULL;
	struct db_stmt *q = db_query(r->db, "SELECT name, year FROM samplings WHERE id = $1", "i", id);
	if (q && db_step(q) == DB_ROW)
		title = arena_printf(r->arena, "%s（%lld 年）入户调查表", db_column_text(q, 0), (long long)db_column_int(q, 1));
	db_finalize(q);
	struct sqlbuf c;
	sqlbuf_init(&c, r->arena);
	sqlbuf_add(&c, "SELECT COUNT(*)");
	sheet_from(&c, id, group, township);
	q = sqlbuf_query(r->db, &c);
	if (q && db_step(q) == DB_ROW)
		total = db_column_int(q, 0);
	db_finalize(q);
	if (title == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *sheets;
	const struct selection sel = { id, xlsx ? SHEETS_XLSX_MAX : pg.page_size, xlsx ? 0 : pg.offset, group, township };
	if (read_sheets(r, &sel, &sheets) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (xlsx) {
		st = write_xlsx(r, title, sheets);
		json_decref(sheets);
		return st;
	}
	return reply_list(r, sheets, total, pg.page, pg.page_size);
}
