/*
 * xlsx_write.h - write a table as XLSX (libxlsxwriter) or CSV into an
 * unlinked temporary file whose descriptor a reply can stream.
 *
 * Rows are written in increasing order and not kept: libxlsxwriter runs in
 * constant-memory mode, so memory stays flat however many rows there are.
 * Every value is written as text unless flagged SHEET_NUMBER, so ID numbers
 * and leading zeros survive Excel.  CSV is UTF-8 with a BOM (so Excel
 * opens it as UTF-8), CRLF line ends, every field quoted; a value Excel
 * would run as a formula gets a leading ' (sheet_text_runs_as_formula).
 */
#ifndef LIANXIN_CORE_XLSX_WRITE_H
#define LIANXIN_CORE_XLSX_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sheet_format { SHEET_CSV, SHEET_XLSX };

enum sheet_cell_flag {
	SHEET_NUMBER = 1 << 0,   /* a decimal number (XLSX: a numeric cell) */
	SHEET_BAD = 1 << 1,      /* highlighted (XLSX: red fill) */
	SHEET_BOLD = 1 << 2,     /* a header cell (XLSX: bold, grey fill) */
};

struct sheet_writer;

/* Would a spreadsheet run text s as a formula?  A leading =, +, @, tab or
 * carriage return, or a leading - that does not start a plain number. */
bool sheet_text_runs_as_formula(const char *s);

/* A writer into a new temporary file (under $TMPDIR or /tmp); NULL on
 * failure with the reason in err. */
struct sheet_writer *sheet_writer_open(enum sheet_format fmt, const char *sheet_name, char *err, size_t errlen);
/* Column width in characters (XLSX only; before the first row). */
void sheet_writer_width(struct sheet_writer *w, int col, double width);
/* Write row (0-based, greater than the last one written; CSV ignores gaps)
 * of n cells; flags may be NULL, a NULL cell is empty.  0 or -1. */
int sheet_writer_row(struct sheet_writer *w, int row, const char *const *cells, const unsigned *flags, int n);
/* Close the workbook and return the file, opened read-only at offset 0 and
 * already unlinked, and its size.  Frees w.  0 or -1 (w freed either way). */
int sheet_writer_finish(struct sheet_writer *w, int *fd, int64_t *size);
/* Give up: remove the file and free w (NULL is ignored). */
void sheet_writer_discard(struct sheet_writer *w);

/* The Content-Type of a format. */
const char *sheet_content_type(enum sheet_format fmt);

#endif
