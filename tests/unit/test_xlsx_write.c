/*
 * test_xlsx_write.c - a CSV export cannot carry a formula: every text a
 * spreadsheet would run gets a leading quote, plain negative numbers stay;
 * CSV fields double their quotes; a workbook's sheet is deflated at level 1
 * while every other deflate stream keeps the level it asks for.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_runs),
		cmocka_unit_test(test_csv_quotes_them),
		cmocka_unit_test(test_csv_doubles_quotes),
		cmocka_unit_test(test_sheet_deflated_fast),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
