/* hh_cli.c - `lianxin import households FILE`: the file mapped (or read), the errors and counts printed. */
#include "modules/registry/household_io_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "core/mem.h"
#include "core/xlsx_read.h"

/* The contents of a file that cannot be mapped (a pipe, an empty file). */
static char *slurp(FILE *fp, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	char *buf = xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A file to import: mapped when it is a regular file (no copy, and the
 * pages come from the page cache at once), else read into memory. */
struct input {
	const char *data;
	size_t len;
	void *map;    /* the mapping, NULL when data is a malloc'd copy */
};

static int input_open(struct input *in, const char *path, FILE *err)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fprintf(err, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	struct stat st;
	in->map = NULL;
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fileno(fp), 0);
		if (m != MAP_FAILED) {
			in->map = m;
			in->data = m;
			in->len = (size_t)st.st_size;
		}
	}
	if (in->map == NULL)
		in->data = slurp(fp, &in->len);
	fclose(fp);
	return 0;
}

static void input_close(struct input *in)
{
	if (in->map)
		munmap(in->map, in->len);
	else
		free((char *)in->data);
}

int household_import_cli(struct db *db, const char *path, const struct hio_options *o, FILE *out, FILE *err)
{
	struct input in;
	if (input_open(&in, path, err) < 0)
		return 1;
	const char *data = in.data;
	size_t len = in.len;
	enum hio_format fmt = xlsx_sniff(data, len) ? HIO_XLSX : HIO_CSV;
	struct hio_result res;
	int rc = household_import(db, data, len, fmt, o, &res);
	input_close(&in);
	size_t i;
	json_t *e;
	json_array_foreach(res.errors, i, e) {
		const char *col = json_string_value(json_object_get(e, "column"));
		const char *val = json_string_value(json_object_get(e, "value"));
		fprintf(err, "%s:%lld: %s%s%s%s%s%s (%s)\n", path, (long long)json_integer_value(json_object_get(e, "row")),
			col ? col : "", col ? " " : "", val && *val ? "\"" : "", val && *val ? val : "", val && *val ? "\": " : col ? ": " : "",
			json_string_value(json_object_get(e, "message_zh")), json_string_value(json_object_get(e, "message_en")));
	}
	if (res.errors_truncated)
		fprintf(err, "... more errors not shown\n");
	if (rc == 0)
		fprintf(out, "lianxin: %d rows, %d households, %d members: households %d inserted, %d updated, %d unchanged;"
			" members %d inserted, %d updated, %d unchanged%s\n", res.rows, res.households, res.members,
			res.hh.inserted, res.hh.updated, res.hh.unchanged, res.mem.inserted, res.mem.updated, res.mem.unchanged,
			o->dry_run ? " (dry run: nothing written)" : "");
	else if (rc < 0)
		fprintf(err, "lianxin: database error: %s; nothing was imported\n", db_errmsg(db));
	else
		fprintf(err, "lianxin: %zu errors; nothing was imported\n", json_array_size(res.errors));
	hio_result_free(&res);
	return rc == 0 ? 0 : 1;
}
