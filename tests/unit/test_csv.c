/* test_csv.c - the RFC 4180 reader: quoting, line ends, limits, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

/* Read all of data and render it as "line:[f1|f2]\n..." plus "ERR line: msg"
 * or "DONE"; the result is static. */
static const char *render_n(const char *data, size_t len)
{
	static char out[8192];
	size_t used = 0;
	struct csv_reader *r = csv_open(data, len);
	const char **f;
	int nf, line;
	enum csv_status st;
	out[0] = '\0';
	while ((st = csv_next(r, &f, &nf, &line)) == CSV_ROW) {
		used += (size_t)snprintf(out + used, sizeof out - used, "%d:[", line);
		for (int i = 0; i < nf; i++)
			used += (size_t)snprintf(out + used, sizeof out - used, "%s%s", i ? "|" : "", f[i]);
		used += (size_t)snprintf(out + used, sizeof out - used, "]\n");
	}
	if (st == CSV_ERROR)
		snprintf(out + used, sizeof out - used, "ERR %d: %s", line, csv_error(r));
	else
		snprintf(out + used, sizeof out - used, "DONE");
	/* the final status repeats */
	assert_int_equal(csv_next(r, &f, &nf, &line), st);
	assert_null(f);
	assert_int_equal(nf, 0);
	csv_close(r);
	return out;
}

static const char *render(const char *data)
{
	return render_n(data, strlen(data));
}

static void test_simple(void **state)
{
	(void)state;
	assert_string_equal(render("a,b,c\n1,2,3\n"), "1:[a|b|c]\n2:[1|2|3]\nDONE");
	assert_string_equal(render("a,b,c\r\n1,2,3\r\n"), "1:[a|b|c]\n2:[1|2|3]\nDONE");
	assert_string_equal(render("a,b\n1,2"), "1:[a|b]\n2:[1|2]\nDONE");   /* no final newline */
	assert_string_equal(render(""), "DONE");
	assert_string_equal(render_n(NULL, 0), "DONE");
	assert_string_equal(render("x"), "1:[x]\nDONE");
	/* empty fields */
	assert_string_equal(render(",\n,,x\na,\n"), "1:[|]\n2:[||x]\n3:[a|]\nDONE");
	/* spaces are data */
	assert_string_equal(render(" a , b \n"), "1:[ a | b ]\nDONE");
	/* a bare CR is data, CRLF is a line end */
	assert_string_equal(render("a\rb,c\r\n"), "1:[a\rb|c]\nDONE");
}

static void test_blank_lines_and_bom(void **state)
{
	(void)state;
	assert_string_equal(render("\n\na\n\r\n\nb\n\n"), "3:[a]\n6:[b]\nDONE");
	assert_string_equal(render("\xEF\xBB\xBF" "code,name\n1,x\n"), "1:[code|name]\n2:[1|x]\nDONE");
	assert_string_equal(render("\xEF\xBB\xBF"), "DONE");
	/* only a leading BOM is skipped; later ones are data (valid UTF-8) */
	assert_string_equal(render("a\n\xEF\xBB\xBF" "b\n"), "1:[a]\n2:[\xEF\xBB\xBF" "b]\nDONE");
	/* a line holding "" is a record with one empty field, not a blank line */
	assert_string_equal(render("a\n\"\"\nb\n"), "1:[a]\n2:[]\n3:[b]\nDONE");
}

static void test_quotes(void **state)
{
	(void)state;
	assert_string_equal(render("\"a,b\",\"say \"\"hi\"\"\",\"\"\n"), "1:[a,b|say \"hi\"|]\nDONE");
	assert_string_equal(render("\"\"\"\"\n"), "1:[\"]\nDONE");
	/* a quoted field spanning lines; its record keeps its first line, line breaks inside stay as they are */
	assert_string_equal(render("id,note\n1,\"two\nlines\"\n2,\"crlf\r\ninside\"\r\n3,x\n"),
		"1:[id|note]\n2:[1|two\nlines]\n4:[2|crlf\r\ninside]\n6:[3|x]\nDONE");
	assert_string_equal(render("\"a\"\r\n\"b\""), "1:[a]\n2:[b]\nDONE");
	/* CRs inside quotes are data (fuzz_csv found that turning CRLF into LF is not idempotent) */
	assert_string_equal(render("\"a\r\r\nb\",c\n"), "1:[a\r\r\nb|c]\nDONE");
	assert_string_equal(render("\"\n\n\",x\ny\n"), "1:[\n\n|x]\n4:[y]\nDONE");
}

static void test_division_header(void **state)
{
	(void)state;
	const char *csv = "\xEF\xBB\xBF" "code,name,streetCode,provinceCode,cityCode,areaCode\r\n"
		"469030100206,\"朝参村委会\",469030100,46,4690,469030\r\n";
	assert_string_equal(render(csv),
		"1:[code|name|streetCode|provinceCode|cityCode|areaCode]\n"
		"2:[469030100206|朝参村委会|469030100|46|4690|469030]\nDONE");
}

static void test_errors(void **state)
{
	(void)state;
	assert_string_equal(render("a\n\"open\nstill open\n"),
		"1:[a]\nERR 2: line 2: unterminated quoted field 1");
	assert_string_equal(render("a,b\"c\n"), "ERR 1: line 1: quote inside unquoted field 2");
	assert_string_equal(render("x\n\"a\"b\n"), "1:[x]\nERR 2: line 2: text after the closing quote of field 1");
	assert_string_equal(render("\"a\" ,b\n"), "ERR 1: line 1: text after the closing quote of field 1");
	assert_string_equal(render("\"a\nb\"x\n"), "ERR 1: line 2: text after the closing quote of field 1");
	assert_string_equal(render_n("a,b\0c\n", 6), "ERR 1: line 1: NUL byte in field 2");
	assert_string_equal(render_n("\"a\0\"\n", 5), "ERR 1: line 1: NUL byte in field 1");
	assert_string_equal(render("ok\nbad\xFF\n"), "1:[ok]\nERR 2: line 2: invalid UTF-8 in field 1");
	assert_string_equal(render("\"\xC3\"\n"), "ERR 1: line 1: invalid UTF-8 in field 1");   /* truncated */
	assert_string_equal(render("\xC0\xAF\n"), "ERR 1: line 1: invalid UTF-8 in field 1");     /* overlong */
	assert_string_equal(render("\xE0\x80\xAF\n"), "ERR 1: line 1: invalid UTF-8 in field 1"); /* overlong */
	assert_string_equal(render("\xED\xA0\x80\n"), "ERR 1: line 1: invalid UTF-8 in field 1"); /* surrogate */
	assert_string_equal(render("\xF4\x90\x80\x80\n"), "ERR 1: line 1: invalid UTF-8 in field 1");
	assert_string_equal(render("\xF0\x9F\x98\x80,\xF4\x8F\xBF\xBF,\xEF\xBF\xBF\n"),
		"1:[\xF0\x9F\x98\x80|\xF4\x8F\xBF\xBF|\xEF\xBF\xBF]\nDONE");
}

static char *repeat(char c, size_t n, const char *prefix, const char *suffix)
{
	size_t p = strlen(prefix), s = strlen(suffix);
	char *buf = malloc(p + n + s + 1);
	assert_non_null(buf);
	memcpy(buf, prefix, p);
	memset(buf + p, c, n);
	memcpy(buf + p + n, suffix, s + 1);
	return buf;
}

static void test_field_limit(void **state)
{
	(void)state;
	const char **f;
	int nf, line;
	/* exactly the limit passes, unquoted and quoted */
	char *ok = repeat('a', CSV_FIELD_MAX, "x,", "\n");
	struct csv_reader *r = csv_open(ok, strlen(ok));
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ROW);
	assert_int_equal(nf, 2);
	assert_int_equal(strlen(f[1]), CSV_FIELD_MAX);
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_DONE);
	csv_close(r);
	free(ok);
	ok = repeat('"', 2 * CSV_FIELD_MAX, "\"", "\"\n");   /* doubled quotes count once */
	r = csv_open(ok, strlen(ok));
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ROW);
	assert_int_equal(strlen(f[0]), CSV_FIELD_MAX);
	csv_close(r);
	free(ok);
	/* one more fails */
	char *big = repeat('a', CSV_FIELD_MAX + 1, "x,", "\n");
	r = csv_open(big, strlen(big));
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ERROR);
	assert_string_equal(csv_error(r), "line 1: field 2 is longer than 65536 bytes");
	csv_close(r);
	free(big);
	big = repeat('b', CSV_FIELD_MAX + 1, "\"", "\"");
	r = csv_open(big, strlen(big));
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ERROR);
	assert_string_equal(csv_error(r), "line 1: field 1 is longer than 65536 bytes");
	csv_close(r);
	free(big);
}

static void test_field_count_limit(void **state)
{
	(void)state;
	const char **f;
	int nf, line;
	char *ok = repeat(',', CSV_FIELDS_MAX - 1, "", "\nnext\n");
	struct csv_reader *r = csv_open(ok, strlen(ok));
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ROW);
	assert_int_equal(nf, CSV_FIELDS_MAX);
	for (int i = 0; i < nf; i++)
		assert_string_equal(f[i], "");
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ROW);
	assert_int_equal(line, 2);
	assert_string_equal(f[0], "next");
	csv_close(r);
	free(ok);
	char *bad = repeat(',', CSV_FIELDS_MAX, "h\n", "\n");
	r = csv_open(bad, strlen(bad));
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ROW);
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ERROR);
	assert_int_equal(line, 2);
	assert_string_equal(csv_error(r), "line 2: more than 256 fields");
	csv_close(r);
	free(bad);
}

static void test_fields_stable_until_next(void **state)
{
	(void)state;
	/* many fields force the buffer to grow; every pointer must stay valid */
	char data[4096];
	size_t used = 0;
	for (int i = 0; i < 200; i++)
		used += (size_t)snprintf(data + used, sizeof data - used, "%sfield%03d", i ? "," : "", i);
	data[used++] = '\n';
	struct csv_reader *r = csv_open(data, used);
	const char **f;
	int nf, line;
	assert_int_equal(csv_next(r, &f, &nf, &line), CSV_ROW);
	assert_int_equal(nf, 200);
	for (int i = 0; i < nf; i++) {
		char want[32];
		snprintf(want, sizeof want, "field%03d", i);
		assert_string_equal(f[i], want);
	}
	assert_string_equal(csv_error(r), "");
	csv_close(r);
	csv_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_blank_lines_and_bom),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_division_header),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_fields_stable_until_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
