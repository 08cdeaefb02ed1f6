/* hh_read.c - reading the rows of a CSV or XLSX file: the column layout, the header, the raw cells. */
#include "modules/registry/household_io_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/xlsx_read.h"

/* ---- the layout ------------------------------------------------------------------- */

const struct coldef hio_cols[C_COUNT] = {
	[C_HNO] = { "户编号", "household_no|household number|户码|户编码", K_TEXT, NULL, true, "household_no", 30, 0, 0, "Household number" },
	[C_DIVISION] = { "行政区划代码", "division|division code|区划代码|行政区划", K_DIVISION, NULL, true, "division", 0, 0, 0, "Division code" },
	[C_TOWNSHIP] = { "乡镇", "township|乡(镇)|乡镇(街道)|乡镇名称", K_PLACE, NULL, true, NULL, 60, 0, 0, "Township" },
	[C_VILLAGE] = { "行政村", "village|行政村(社区)|村|村名称", K_PLACE, NULL, true, NULL, 60, 0, 0, "Village" },
	[C_HEAD] = { "户主姓名", "head_name|head of household|户主", K_TEXT, NULL, true, "head_name", 50, 0, 0, "Head of household" },
	[C_NAME] = { "姓名", "name|成员姓名|家庭成员姓名", K_TEXT, NULL, false, "name", 50, 0, 0, "Name" },
	[C_RELATION] = { "与户主关系", "relation|relation to the head", K_DICT, "relation", false, "relation", 0, 0, 0, "Relation" },
	[C_IDNO] = { "证件号码", "id_number|id number|身份证号|身份证号码|公民身份号码", K_IDCARD, NULL, false, "id_number", 0, 0, 0, "ID number" },
	[C_SEX] = { "性别", "sex", K_DICT, "sex", false, "sex", 0, 0, 0, "Sex" },
	[C_ETHNIC] = { "民族", "ethnicity", K_DICT, "ethnicity", false, "ethnicity", 0, 0, 0, "Ethnicity" },
	[C_BIRTH] = { "出生日期", "birth_date|birth date", K_DATE, NULL, false, "birth_date", 0, 0, 0, "Birth date" },
	[C_EDU] = { "文化程度", "education", K_DICT, "member_education", false, "education", 0, 0, 0, "Education" },
	[C_SCHOOL] = { "在校生状况", "school_status|school status", K_DICT, "school_status", false, "school_status", 0, 0, 0, "School status" },
	[C_HEALTH] = { "健康状况", "health", K_DICT, "health", false, "health", 0, 0, 0, "Health" },
	[C_LABOUR] = { "劳动技能", "labour|working capacity", K_DICT, "labour", false, "labour", 0, 0, 0, "Working capacity" },
	[C_WORK] = { "务工状况", "work_status|work status", K_DICT, "work_status", false, "work_status", 0, 0, 0, "Work status" },
	[C_MONTHS] = { "务工时间", "months_worked|months worked|务工时间(月)|务工时间(个月)", K_INT, NULL, false, "months_worked", 0, 0, 12, "Months worked" },
	[C_MEDICAL] = { "是否参加城乡居民基本医疗保险", "insured_medical|参加城乡居民基本医疗保险|basic medical insurance", K_BOOL, NULL, false, "insured_medical", 0, 0, 0, "Basic medical insurance" },
	[C_SERIOUS] = { "是否参加大病保险", "insured_serious|参加大病保险|serious-illness insurance", K_BOOL, NULL, false, "insured_serious", 0, 0, 0, "Serious-illness insurance" },
	[C_PENSION] = { "是否参加城乡居民基本养老保险", "insured_pension|参加城乡居民基本养老保险|basic pension insurance", K_BOOL, NULL, false, "insured_pension", 0, 0, 0, "Basic pension insurance" },
	[C_DIBAO] = { "是否享受低保", "dibao|享受低保|minimum living allowance", K_BOOL, NULL, false, "dibao", 0, 0, 0, "Minimum living allowance" },
	[C_ATTR] = { "贫困户属性", "attribute", K_DICT, "hh_attribute", true, "attribute", 0, 0, 0, "Attribute" },
	[C_STATUS] = { "户状态", "status|household status", K_DICT, "hh_status", true, "status", 0, 0, 0, "Status" },
	[C_CAUSE] = { "主要致贫原因", "main_cause|main cause", K_DICT, "poverty_cause", true, "main_cause", 0, 0, 0, "Main cause" },
	[C_YEAR] = { "识别年度", "identified_year|year identified", K_INT, NULL, true, "identified_year", 0, 2013, 2100, "Year identified" },
	[C_PHONE] = { "联系电话", "phone|电话|联系方式|手机号码", K_PHONE, NULL, true, "phone", 0, 0, 0, "Phone" },
	[C_INCOME] = { "人均纯收入", "per_capita_income|per-capita net income|人均纯收入(元)", K_MONEY, NULL, true, NULL, 0, 0, 0, "Per-capita net income" },
	[C_MCAT] = { "监测对象类别", "monitor_category|monitoring category|监测类型|监测对象类型", K_DICT, "monitor_category", true, "category", 0, 0, 0, "Monitoring category" },
	[C_MSTART] = { "识别监测日期", "started_on|monitored since|纳入监测日期|识别监测时间|监测识别日期", K_DATE, NULL, true, "started_on", 0, 0, 0, "Monitored since" },
	[C_MRISK] = { "风险类型", "risk_types|risks|致险原因|返贫致贫风险|风险原因", K_DICTS, "risk_type", true, "risk_types", 0, 0, 0, "Risks" },
	[C_MELIM] = { "风险是否消除", "risk_eliminated|risk eliminated|是否风险消除|风险消除", K_BOOL, NULL, true, NULL, 0, 0, 0, "Risk eliminated" },
	[C_MELIMDATE] = { "风险消除日期", "eliminated_on|risk eliminated on|风险消除时间", K_DATE, NULL, true, "eliminated_on", 0, 0, 0, "Risk eliminated on" },
	[C_MMETHOD] = { "风险消除方式", "elimination_method|how the risk was eliminated", K_DICT, "elimination_method", true, "elimination_method", 0, 0, 0, "How the risk was eliminated" },
};

const enum col hio_hh_db[NHH_DB] = { C_HNO, C_HEAD, C_DIVISION, C_PHONE, C_STATUS, C_ATTR, C_YEAR, C_CAUSE };
const enum col hio_mem_db[NMEM_DB] = { C_NAME, C_RELATION, C_IDNO, C_SEX, C_ETHNIC, C_BIRTH, C_EDU, C_SCHOOL, C_HEALTH,
				   C_LABOUR, C_WORK, C_MONTHS, C_MEDICAL, C_SERIOUS, C_PENSION, C_DIBAO };

char *hio_column_list(const enum col *c, int n, const char *prefix)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	for (int k = 0; k < n; k++)
		fprintf(f, "%s%s", prefix, hio_cols[c[k]].db);
	fclose(f);
	return s;
}

/* ---- reading rows ----------------------------------------------------------------------- */

static bool find_header(struct imp *im, const char *const *cells, int n)
{
	int fcol[C_COUNT], found = 0;
	for (int c = 0; c < C_COUNT; c++)
		fcol[c] = -1;
	for (int i = 0; i < n; i++) {
		if (cells[i][0] == '\0')
			continue;
		char *k = hio_loose_key(cells[i]);
		for (int c = 0; c < C_COUNT; c++) {
			if (fcol[c] >= 0)
				continue;
			bool match = hio_loose_equal(k, hio_cols[c].zh) || hio_loose_equal(k, hio_cols[c].en);
			for (const char *a = hio_cols[c].aliases; !match && a && *a;) {
				size_t len = strcspn(a, "|");
				char *alias = xstrndup(a, len);
				match = hio_loose_equal(k, alias);
				free(alias);
				a += len + (a[len] == '|');
			}
			if (match) {
				fcol[c] = i;
				found++;
				break;
			}
		}
		free(k);
	}
	if (found < 3 || fcol[C_HNO] < 0 || fcol[C_NAME] < 0)
		return false;
	memcpy(im->fcol, fcol, sizeof(fcol));
	return true;
}

/* The cells one after another in one block of the row arena; at[c] the
 * cell of known column c ("" when the row is shorter). */
static char *raw_block(struct imp *im, const char *const *cells, int n, const char *at[C_COUNT])
{
	if (n > im->capcells) {
		im->capcells = n * 2;
		im->cells = xrealloc(im->cells, (size_t)im->capcells * sizeof(char *));
		im->cell_len = xrealloc(im->cell_len, (size_t)im->capcells * sizeof(size_t));
	}
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += im->cell_len[i] = strlen(cells[i]) + 1;
	char *block = arena_alloc(im->rows_arena, len + 1), *p = block;
	for (int i = 0; i < n; i++) {
		memcpy(p, cells[i], im->cell_len[i]);
		im->cells[i] = p;
		p += im->cell_len[i];
	}
	*p = '\0';
	for (int c = 0; c < C_COUNT; c++)
		at[c] = im->fcol[c] >= 0 && im->fcol[c] < n ? im->cells[im->fcol[c]] : "";
	return block;
}

static int on_row(void *ctx, int line, const char *const *cells, int n)
{
	struct imp *im = ctx;
	im->rows = grow(im->rows, im->nrows, &im->caprows, sizeof(*im->rows));
	struct row *row = &im->rows[im->nrows];
	memset(row, 0, sizeof(*row));
	row->line = line;
	row->nraw = n;
	const char *at[C_COUNT];   /* the known columns' cells in row->raw */
	row->raw = raw_block(im, cells, n, at);
	im->nrows++;
	if (!im->header_found) {
		if (find_header(im, cells, n)) {
			im->header_found = true;
			im->header_idx = im->nrows - 1;
			row->header = true;
			im->ncols_file = n;
		} else
			row->before_header = true;
		return 0;
	}
	bool any = false;
	for (int c = 0; c < C_COUNT; c++)
		if (im->fcol[c] >= 0 && im->fcol[c] < n && cells[im->fcol[c]][0])
			any = true;
	if (!any)
		return 0;   /* a row with nothing in the known columns */
	row->data = true;
	im->res->rows++;
	hio_parse_row(im, row, at);
	hio_hno_add_row(&im->hnos, im->nrows - 1, row->v[C_HNO]);
	return 0;
}

/* A CSV file has at most a record per line: room for them all at once,
 * the pages mapped up front (the rows are the largest part of an import). */
static void reserve_rows(struct imp *im, const char *data, size_t len)
{
	size_t lines = 1;
	for (const char *p = data, *end = data + len; p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		lines++;
	if (lines > INT_MAX / 2)
		return;   /* beyond what the row count holds: on_row grows the array as it goes */
	im->caprows = (int)lines;
	im->rows = xmalloc(lines * sizeof(*im->rows));
	mem_prefault(im->rows, lines * sizeof(*im->rows));
}

int hio_read_file(struct imp *im, const char *data, size_t len, enum hio_format fmt)
{
	if (fmt == HIO_XLSX) {
		struct xlsx_error xe;
		if (xlsx_read_rows(data, len, on_row, im, &xe) < 0) {
			hio_add_error(im, 0, -1, NULL, NULL, xe.zh, xe.en);
			return -1;
		}
	} else {
		reserve_rows(im, data, len);
		struct csv_reader *csv = csv_open(data, len);
		const char **f;
		int nf, line;
		enum csv_status s;
		while ((s = csv_next(csv, &f, &nf, &line)) == CSV_ROW)
			on_row(im, line, f, nf);
		if (s == CSV_ERROR) {
			char *zh = hio_strf("CSV 文件格式错误：%s（CSV 须为 UTF-8 编码，可在 Excel 中“另存为 CSV UTF-8”或直接上传 XLSX）",
				       csv_error(csv));
			hio_add_error(im, line, -1, NULL, NULL, zh, csv_error(csv));
			free(zh);
		}
		csv_close(csv);
		if (s == CSV_ERROR)
			return -1;
	}
	if (!im->header_found) {
		hio_add_error(im, 1, -1, NULL, NULL, "找不到表头：至少需要“户编号”“姓名”等列",
			      "No header found: the file needs at least the columns 户编号 and 姓名");
		return -1;
	}
	return 0;
}
