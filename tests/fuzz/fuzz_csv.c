/*
 * fuzz_csv.c - libFuzzer target for the CSV reader (and the idcard and
 * phone checks that imports run on its fields).
 *
 * The input is a CSV file.  Every record is read, and these invariants are
 * checked (a violation traps):
 *   - a row has 1..CSV_FIELDS_MAX fields, each NUL-terminated, at most
 *     CSV_FIELD_MAX bytes and valid UTF-8 (checked here independently);
 *   - the start lines of rows strictly increase;
 *   - DONE and ERROR repeat on the next call; an error message starts "line ";
 *   - re-encoding the rows with every field quoted and reading that back
 *     gives the same rows (the reader is a fixed point of its own quoting).
 * Every field of the first row goes through idcard_validate, idcard_mask,
 * phone_valid and phone_mask with a few output sizes; a valid id must
 * normalise, have a well-formed birth date and sex, and match its check
 * character, and a mask must be NUL-terminated, valid UTF-8 and fit.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/idcard.h"
#include "core/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

/* Independent strict UTF-8 check (Table 3-7 of the Unicode standard). */
static bool valid_utf8(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t c = s[i];
		size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
		if (k == 9 || n - i <= k)
			return false;
		uint32_t cp = k == 0 ? c : c & (0x3F >> k);
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		static const uint32_t min[] = { 0, 0x80, 0x800, 0x10000 };
		if (cp < min[k] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k + 1;
	}
	return true;
}

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		CHECK(b->p != NULL);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void check_mask(const char *in, void (*mask)(const char *, char *, size_t), size_t outlen)
{
	char out[512];
	memset(out, 'Z', sizeof out);
	mask(in, out, outlen);
	if (outlen == 0) {
		CHECK(out[0] == 'Z');
		return;
	}
	size_t n = strnlen(out, outlen), inlen = strlen(in);
	CHECK(n < outlen);
	CHECK(n <= inlen);
	CHECK(valid_utf8((const unsigned char *)out, n));
	if (outlen == sizeof out && inlen < outlen)   /* untruncated: one character per character */
		CHECK(chars(out) == chars(in));
}

static void check_field(const char *f)
{
	char norm[19];
	enum idcard_error e = idcard_validate(f, 20240615, norm);
	CHECK(e >= IDCARD_OK && e <= IDCARD_CHECK);
	CHECK(idcard_error_zh(e) != NULL && idcard_error_en(e) != NULL);
	if (e == IDCARD_OK) {
		CHECK(strlen(norm) == 18);
		CHECK(idcard_check_char(norm) == norm[17]);
		char date[11];
		idcard_birth_date(norm, date);
		CHECK(strlen(date) == 10 && date[4] == '-' && date[7] == '-');
		CHECK(idcard_sex(norm) == 'M' || idcard_sex(norm) == 'F');
	} else {
		CHECK(norm[0] == '\0');
	}
	(void)phone_valid(f);
	static const size_t sizes[] = { 0, 1, 2, 4, 7, 12, 19, 512 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		check_mask(f, idcard_mask, sizes[i]);
		check_mask(f, phone_mask, sizes[i]);
	}
}

/* Read all of data, checking the invariants; append every row to out with
 * all fields quoted, and the number of fields of each row to shape.  Returns
 * the final status. */
static enum csv_status read_all(const char *data, size_t size, struct buf *out, struct buf *shape,
				bool first_checks)
{
	struct csv_reader *r = csv_open(data, size);
	const char **fields;
	int nf, line, last = 0;
	bool first = true;
	enum csv_status st;
	while ((st = csv_next(r, &fields, &nf, &line)) == CSV_ROW) {
		CHECK(fields != NULL && nf >= 1 && nf <= CSV_FIELDS_MAX);
		CHECK(line > last);
		last = line;
		uint16_t n16 = (uint16_t)nf;
		buf_add(shape, (const char *)&n16, sizeof n16);
		for (int i = 0; i < nf; i++) {
			size_t n = strnlen(fields[i], CSV_FIELD_MAX + 1);
			CHECK(n <= CSV_FIELD_MAX);
			CHECK(valid_utf8((const unsigned char *)fields[i], n));
			if (first && first_checks)
				check_field(fields[i]);
			buf_add(out, i ? ",\"" : "\"", i ? 2 : 1);
			for (const char *p = fields[i]; *p; p++)
				buf_add(out, *p == '"' ? "\"\"" : p, *p == '"' ? 2 : 1);
			buf_add(out, "\"", 1);
		}
		buf_add(out, "\r\n", 2);
		first = false;
	}
	CHECK(fields == NULL && nf == 0);
	if (st == CSV_ERROR)
		CHECK(strncmp(csv_error(r), "line ", 5) == 0);
	else
		CHECK(st == CSV_DONE && csv_error(r)[0] == '\0');
	enum csv_status again = csv_next(r, &fields, &nf, &line);
	CHECK(again == st && fields == NULL && nf == 0);
	csv_close(r);
	return st;
}

static bool same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 20)
		return -1;
	struct buf text[2] = { { 0 } }, shape[2] = { { 0 } };
	/* the rows read before an error must re-encode cleanly too */
	(void)read_all((const char *)data, size, &text[0], &shape[0], true);
	CHECK(read_all(text[0].p, text[0].len, &text[1], &shape[1], false) == CSV_DONE);
	CHECK(same(&shape[0], &shape[1]));
	CHECK(same(&text[0], &text[1]));
	for (int i = 0; i < 2; i++) {
		free(text[i].p);
		free(shape[i].p);
	}
	return 0;
}
