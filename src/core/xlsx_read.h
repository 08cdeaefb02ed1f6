/*
 * xlsx_read.h - read the first worksheet of an XLSX workbook held in memory.
 *
 * The zip container is opened with libzip (from the buffer, nothing touches
 * the disk) and the XML parts are parsed with expat as they are inflated.
 * The first sheet is the first <sheet> of xl/workbook.xml, found through
 * xl/_rels/workbook.xml.rels (xl/worksheets/sheet1.xml when that fails).
 * Cell values come back as text: shared strings (rich-text runs joined,
 * phonetic runs left out), inline strings, formula results, booleans as
 * "1"/"0" and numbers exactly as stored ("43529", "4.69030199E+17").
 * Cells are placed by their reference, so gaps read as "".
 *
 * Limits (zip bombs, hostile XML): at most XLSX_MAX_UNCOMPRESSED bytes
 * inflated over all parts read, XLSX_MAX_CELLS cells, XLSX_MAX_COLS columns
 * with a value, XLSX_MAX_CELL_BYTES bytes in one value; a DOCTYPE is refused.
 */
#ifndef LIANXIN_CORE_XLSX_READ_H
#define LIANXIN_CORE_XLSX_READ_H

#include <stddef.h>

#define XLSX_MAX_UNCOMPRESSED ((size_t)100 << 20)
#define XLSX_MAX_CELLS 1000000
#define XLSX_MAX_COLS 1024
#define XLSX_MAX_CELL_BYTES (64 * 1024)

struct xlsx_error {
	char zh[256];
	char en[256];
};

/*
 * Called once per row that has at least one non-empty cell, in sheet order:
 * line is the 1-based row number of the sheet, cells[0..ncells) the values
 * of columns A, B, ... (ncells >= 1, the last one non-empty).  The strings
 * are valid during the call only.  Return 0 to go on; any other value stops
 * the reading and is returned by xlsx_read_rows.
 */
typedef int (*xlsx_row_fn)(void *ctx, int line, const char *const *cells, int ncells);

/* Read data[0..len).  Returns 0 after the last row, -1 with *err filled
 * when the file is not a readable workbook or breaks a limit, or the
 * callback's non-zero value. */
int xlsx_read_rows(const void *data, size_t len, xlsx_row_fn fn, void *ctx, struct xlsx_error *err);

/* Does data look like a zip file (an XLSX) rather than text? */
int xlsx_sniff(const void *data, size_t len);

#endif
