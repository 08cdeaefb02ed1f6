/*
 * test_xlsx_write.c - a CSV export cannot carry a formula: every text a
 * spreadsheet would run gets a leading quote, plain negative numbers stay.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_what_runs),
		cmocka_unit_test(test_csv_quotes_them),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
