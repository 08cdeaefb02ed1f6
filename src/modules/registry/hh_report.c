/* hh_report.c - the problems found in a file: each with its line and column, and the marked copy of the file. */
#include "modules/registry/household_io_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xlsx_write.h"

void hio_add_error(struct imp *im, int line, int fcol, const char *column, const char *value, const char *zh,
		   const char *en)
{
	if (im->nerrs >= HIO_MAX_ERRORS) {
		im->res->errors_truncated = true;
		return;
	}
	im->errs = grow(im->errs, im->nerrs, &im->caperrs, sizeof(*im->errs));
	im->errs[im->nerrs] = (struct ierr){ im->nerrs, line, fcol, column ? xstrdup(column) : NULL, value ? xstrdup(value) : NULL,
					       xstrdup(zh), xstrdup(en) };
	im->nerrs++;
}

static int by_line(const void *a, const void *b)
{
	const struct ierr *x = a, *y = b;
	return x->line != y->line ? x->line - y->line : x->seq - y->seq;
}

/* Cell f of the row as read; "" past its end. */
static const char *row_cell(const struct row *row, int f)
{
	if (f < 0 || f >= row->nraw)
		return "";
	const char *p = row->raw;
	for (int i = 0; i < f; i++)
		p += strlen(p) + 1;
	return p;
}

/* An error on column c of row (its header as written in the file, and its raw value). */
void hio_cell_error(struct imp *im, const struct row *row, enum col c, const char *zh, const char *en)
{
	int f = im->fcol[c];
	const struct row *hdr = im->header_idx >= 0 ? &im->rows[im->header_idx] : NULL;
	const char *header = hdr ? row_cell(hdr, f) : NULL;
	const char *value = row_cell(row, f);
	hio_add_error(im, row->line, f, header && *header ? header : hio_cols[c].zh, value, zh, en);
}

char *hio_strf(const char *format, ...) __attribute__((format(printf, 1, 2)));
char *hio_strf(const char *format, ...)
{
	va_list ap;
	va_start(ap, format);
	char *s = NULL;
	if (vasprintf(&s, format, ap) < 0)
		abort();
	va_end(ap);
	return s;
}

void hio_cell_errorf(struct imp *im, const struct row *row, enum col c, char *zh, char *en)
{
	hio_cell_error(im, row, c, zh, en);
	free(zh);
	free(en);
}

void hio_errors_to_result(struct imp *im)
{
	if (im->nerrs)
		qsort(im->errs, (size_t)im->nerrs, sizeof(*im->errs), by_line);
	for (int e = 0; e < im->nerrs; e++) {
		struct ierr *x = &im->errs[e];
		json_array_append_new(im->res->errors,
			json_pack("{s:i, s:s?, s:s?, s:s, s:s}", "row", x->line, "column", x->column, "value", x->value,
				  "message_zh", x->zh, "message_en", x->en));
	}
}

void hio_errors_free(struct imp *im)
{
	for (int i = 0; i < im->nerrs; i++) {
		free(im->errs[i].column);
		free(im->errs[i].value);
		free(im->errs[i].zh);
		free(im->errs[i].en);
	}
	free(im->errs);
}

/* The marked copy: the file's rows where they were, bad cells red, the messages in a last column. */
int hio_write_report(struct imp *im)
{
	char err[128];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "导入检查", err, sizeof(err));
	if (w == NULL)
		return -1;
	int ncols = im->ncols_file;
	for (int i = 0; i < im->nrows; i++)
		if (im->rows[i].nraw > ncols)
			ncols = im->rows[i].nraw;
	for (int i = 0; i < ncols; i++)
		sheet_writer_width(w, i, 14);
	sheet_writer_width(w, ncols, 60);
	const char **cells = xcalloc((size_t)ncols + 1, sizeof(char *));
	unsigned *flags = xcalloc((size_t)ncols + 1, sizeof(unsigned));
	int rc = 0;
	int last = 0;
	for (int i = 0; i < im->nrows && rc == 0; i++) {
		struct row *row = &im->rows[i];
		memset(flags, 0, ((size_t)ncols + 1) * sizeof(unsigned));
		const char *cell = row->raw;
		for (int k = 0; k <= ncols; k++) {
			cells[k] = k < row->nraw ? cell : NULL;
			if (k < row->nraw)
				cell += strlen(cell) + 1;
		}
		char *msg = NULL;
		size_t msglen = 0;
		FILE *mf = open_memstream(&msg, &msglen);
		if (row->header) {
			cells[ncols] = "错误说明 / Errors";
			for (int k = 0; k <= ncols; k++)
				flags[k] = SHEET_BOLD;
		}
		for (int e = 0; e < im->nerrs; e++)
			if (im->errs[e].line == row->line) {
				if (im->errs[e].fcol >= 0 && im->errs[e].fcol < ncols)
					flags[im->errs[e].fcol] |= SHEET_BAD;
				fprintf(mf, "%s%s%s%s", ftell(mf) ? "；" : "", im->errs[e].column ? im->errs[e].column : "",
					im->errs[e].column ? "：" : "", im->errs[e].zh);
			}
		fclose(mf);
		if (!row->header && msglen) {
			cells[ncols] = msg;
			flags[ncols] = SHEET_BAD;
		}
		int at = row->line - 1 > last ? row->line - 1 : last;
		rc = sheet_writer_row(w, at, cells, flags, ncols + 1);
		last = at + 1;
		free(msg);
	}
	/* file-level errors without a row (line 0) */
	for (int e = 0; e < im->nerrs && rc == 0; e++)
		if (im->errs[e].line == 0) {
			const char *one[1] = { im->errs[e].zh };
			unsigned fl[1] = { SHEET_BAD };
			rc = sheet_writer_row(w, last++, one, fl, 1);
		}
	free(cells);
	free(flags);
	if (rc) {
		sheet_writer_discard(w);
		return -1;
	}
	return sheet_writer_finish(w, &im->res->report_fd, &im->res->report_size);
}
