/*
 * test_xlsx_write.c - a CSV export cannot carry a formula: every text a
 * spreadsheet would run gets a leading quote, plain negative numbers stay;
 * CSV fields double their quotes; a workbook's sheet is deflated at level 1
 * while every other deflate stream keeps the level it asks for; a sheet
 * long enough for the writer thread (many batches, more than the queue
 * holds) reads back with every row in its place, none dropped or moved, and
 * a cell libxlsxwriter refuses in a late batch fails the whole file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>
#include <zlib.h>

#include <xlsxwriter.h>
#include <xlsxwriter/xmlwriter.h>

#include "core/xlsx_read.h"
#include "core/xlsx_write.h"

static void test_what_runs(void **state)
{
	(void)state;
	static const char *const runs[] = {
		"=1+1", "+1", "@SUM(A1)", "\tx", "\rx", "-2+3+cmd|' /C calc'!A0", "-x", "-", "-1-1", "-1.", "-.5", "-1e5",
	};
	static const char *const stays[] = { "-12", "-3.5", "0", "12", "王小明", "", "a=b", "13812345678", "469030100" };
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		if (!sheet_text_runs_as_formula(runs[i]))
			fail_msg("\"%s\" would run as a formula", runs[i]);
	for (size_t i = 0; i < sizeof(stays) / sizeof(stays[0]); i++)
		if (sheet_text_runs_as_formula(stays[i]))
			fail_msg("\"%s\" is plain text or a number", stays[i]);
}

static void test_csv_quotes_them(void **state)
{
	(void)state;
	char err[128];
	struct sheet_writer *w = sheet_writer_open(SHEET_CSV, "t", err, sizeof(err));
	assert_non_null(w);
	const char *cells[] = { "-2+3+cmd|' /C calc'!A0", "-12", "=HYPERLINK(\"x\")" };
	assert_int_equal(sheet_writer_row(w, 0, cells, NULL, 3), 0);
	int fd;
	int64_t size;
	assert_int_equal(sheet_writer_finish(w, &fd, &size), 0);
	char buf[256] = { 0 };
	assert_true(pread(fd, buf, sizeof(buf) - 1, 0) > 0);
	close(fd);
	assert_non_null(strstr(buf, "\"'-2+3+cmd|' /C calc'!A0\",\"-12\",\"'=HYPERLINK(\"\"x\"\")\""));
}

static void test_csv_doubles_quotes(void **state)
{
	(void)state;
	char err[128];
	struct sheet_writer *w = sheet_writer_open(SHEET_CSV, "t", err, sizeof(err));
	assert_non_null(w);
	const char *cells[] = { "\"", "a\"b\"\"c", "", NULL, "x\"", "王\"明" };
	assert_int_equal(sheet_writer_row(w, 0, cells, NULL, 6), 0);
	int fd;
	int64_t size;
	assert_int_equal(sheet_writer_finish(w, &fd, &size), 0);
	char buf[256] = { 0 };
	assert_true(pread(fd, buf, sizeof(buf) - 1, 0) > 0);
	close(fd);
	assert_string_equal(buf, "\xEF\xBB\xBF\"\"\"\",\"a\"\"b\"\"\"\"c\",\"\",\"\",\"x\"\"\",\"王\"\"明\"\r\n");
}

/* The size of data deflated raw (as a zip entry) at level. */
static size_t raw_deflated(const char *data, size_t len, int level)
{
	z_stream zs = { 0 };
	assert_int_equal(deflateInit2(&zs, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&zs, (uLong)len);
	unsigned char *out = malloc(cap);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	size_t n = zs.total_out;
	deflateEnd(&zs);
	free(out);
	return n;
}

static void test_sheet_deflated_fast(void **state)
{
	(void)state;
	char err[128];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "t", err, sizeof(err));
	assert_non_null(w);
	for (int i = 0; i < 3000; i++) {
		char a[32], b[32], c[32];
		snprintf(a, sizeof(a), "户%d", i * 7919 % 10007);
		snprintf(b, sizeof(b), "4690301%08d", i * 104729 % 99991);
		snprintf(c, sizeof(c), "%d", i % 13);
		const char *cells[] = { a, b, c, "因病" };
		assert_int_equal(sheet_writer_row(w, i, cells, NULL, 4), 0);
	}
	int fd;
	int64_t size;
	assert_int_equal(sheet_writer_finish(w, &fd, &size), 0);
	char *file = malloc((size_t)size);
	assert_int_equal(pread(fd, file, (size_t)size, 0), size);
	close(fd);
	zip_error_t ze;
	zip_source_t *src = zip_source_buffer_create(file, (zip_uint64_t)size, 0, &ze);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, "xl/worksheets/sheet1.xml", 0, &st), 0);
	char *xml = malloc(st.size);
	zip_file_t *f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, xml, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(z);
	free(file);
	size_t fast = raw_deflated(xml, st.size, 1), dflt = raw_deflated(xml, st.size, Z_DEFAULT_COMPRESSION);
	free(xml);
	/* outside a workbook's close the level asked for holds (HTTP gzip, other threads) */
	assert_true(fast != dflt);
	/* the sheet in the file is the level-1 stream, not zlib's default */
	assert_int_equal(st.comp_size, fast);
}


/* The cells of row i of the ordered sheet: its number, a text that names
 * the row, a NULL every 7th row, a number, a text with XML's specials and
 * a control character; every 5th row has two cells fewer. */
#define ORDERED_ROWS 7001
static int ordered_cells(int i, char buf[4][64], const char *cells[6], unsigned flags[6])
{
	snprintf(buf[0], sizeof(buf[0]), "%d", i);
	snprintf(buf[1], sizeof(buf[1]), "第%d行 <&> \"x\"", i);
	snprintf(buf[2], sizeof(buf[2]), "%d.5", i * 3);
	snprintf(buf[3], sizeof(buf[3]), "a\tb\x01" "c%d", i % 97);
	cells[0] = buf[0];
	cells[1] = buf[1];
	cells[2] = i % 7 == 3 ? NULL : "村";
	cells[3] = buf[2];
	cells[4] = buf[3];
	cells[5] = "末";
	for (int k = 0; k < 6; k++)
		flags[k] = k == 3 ? SHEET_NUMBER : 0;
	return i % 5 == 2 ? 4 : 6;
}

static char *read_fd(int fd, int64_t size)
{
	char *file = malloc((size_t)size);
	assert_int_equal(pread(fd, file, (size_t)size, 0), size);
	close(fd);
	return file;
}

struct ordered_check {
	int rows, next_line;
};

static int ordered_row(void *ctx, int line, const char *const *cells, int ncells)
{
	struct ordered_check *c = ctx;
	if (line == 1) {   /* the header */
		assert_int_equal(ncells, 1);
		assert_string_equal(cells[0], "头");
		c->next_line = 3;   /* row 1 (line 2) is left out */
		return 0;
	}
	/* rows come in order, none missing: line 3, 4, ... hold i = 0, 1, ... */
	assert_int_equal(line, c->next_line);
	int i = line - 3;
	char buf[4][64];
	const char *want[6];
	unsigned flags[6];
	int n = ordered_cells(i, buf, want, flags);
	assert_int_equal(ncells, n);
	for (int k = 0; k < n; k++) {
		if (k == 3) {   /* a numeric cell: the number as stored */
			assert_true(strtod(cells[k], NULL) == strtod(want[k], NULL));
			continue;
		}
		if (k == 4) {   /* the control character as libxlsxwriter escapes it */
			char esc[64];
			snprintf(esc, sizeof(esc), "a\tb_x0001_c%d", i % 97);
			assert_string_equal(cells[k], esc);
			continue;
		}
		assert_string_equal(cells[k], want[k] ? want[k] : "");
	}
	c->rows++;
	c->next_line++;
	return 0;
}

/* The string helpers defined for libxlsxwriter answer as its own should. */
static void test_string_helpers(void **state)
{
	(void)state;
	assert_int_equal(lxw_has_control_characters("户主 a\tb\nc"), 0);   /* 1.1.4's own said 1 */
	assert_int_equal(lxw_has_control_characters("a\x1f"), 1);
	assert_int_equal(lxw_has_control_characters("\r"), 1);
	char *e = lxw_escape_data("a<b&c>d\"");
	assert_string_equal(e, "a&lt;b&amp;c&gt;d\"");
	free(e);
	e = lxw_escape_data("王芳");
	assert_string_equal(e, "王芳");
	free(e);
}

static void test_threaded_rows_in_order(void **state)
{
	(void)state;
	char err[128];
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "t", err, sizeof(err));
	assert_non_null(w);
	const char *head[] = { "头" };
	unsigned bold[] = { SHEET_BOLD };
	assert_int_equal(sheet_writer_row(w, 0, head, bold, 1), 0);
	for (int i = 0; i < ORDERED_ROWS; i++) {
		char buf[4][64];
		const char *cells[6];
		unsigned flags[6];
		int n = ordered_cells(i, buf, cells, flags);
		assert_int_equal(sheet_writer_row(w, i + 2, cells, flags, n), 0);
		memset(buf, 'z', sizeof(buf));   /* the writer has its own copy */
	}
	int fd;
	int64_t size;
	assert_int_equal(sheet_writer_finish(w, &fd, &size), 0);
	char *file = read_fd(fd, size);
	struct ordered_check c = { 0 };
	struct xlsx_error xe;
	assert_int_equal(xlsx_read_rows(file, (size_t)size, ordered_row, &c, &xe), 0);
	free(file);
	assert_int_equal(c.rows, ORDERED_ROWS);
}

/* A cell libxlsxwriter refuses (a text over 32,767 characters) long after the
 * writer thread started: no file comes back, not a truncated one. */
static void test_threaded_failure_fails_file(void **state)
{
	(void)state;
	char err[128];
	static char huge[40000];
	memset(huge, 'x', sizeof(huge) - 1);
	struct sheet_writer *w = sheet_writer_open(SHEET_XLSX, "t", err, sizeof(err));
	assert_non_null(w);
	int rc = 0;
	for (int i = 0; i < 3000; i++) {
		const char *cells[] = { "a", i == 2000 ? huge : "b" };
		rc |= sheet_writer_row(w, i, cells, NULL, 2);
	}
	int fd = 7;
	int64_t size = 9;
	assert_int_equal(sheet_writer_finish(w, &fd, &size), -1);
	assert_int_equal(fd, -1);
	assert_int_equal(size, 0);
	(void)rc;   /* the refusal shows on a later row or at the finish */
	/* a discarded writer with its thread running frees everything (ASan checks) */
	w = sheet_writer_open(SHEET_XLSX, "t", err, sizeof(err));
	assert_non_null(w);
	for (int i = 0; i < 2000; i++) {
		const char *cells[] = { "a", "b" };
		assert_int_equal(sheet_writer_row(w, i, cells, NULL, 2), 0);
	}
	sheet_writer_discard(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_runs),
		cmocka_unit_test(test_csv_quotes_them),
		cmocka_unit_test(test_csv_doubles_quotes),
		cmocka_unit_test(test_sheet_deflated_fast),
		cmocka_unit_test(test_string_helpers),
		cmocka_unit_test(test_threaded_rows_in_order),
		cmocka_unit_test(test_threaded_failure_fails_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
