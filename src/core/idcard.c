/* idcard.c - validation, check character and masking of identity numbers. */
#include "core/idcard.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <string.h>

/* GB/T 2260 province-level codes. */
static const char provinces[][3] = {
	"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
	"35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
	"53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static int digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static bool region_known(const char *id)
{
	bool province = false;
	for (size_t i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (id[0] == provinces[i][0] && id[1] == provinces[i][1])
			province = true;
	return province && !(id[2] == '0' && id[3] == '0');
}

static bool date_ok(const char *d, int64_t today)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = digits_value(d, 4), m = digits_value(d + 4, 2), day = digits_value(d + 6, 2);
	if (y < 1900 || m < 1 || m > 12 || day < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = mdays[m - 1] + (m == 2 && leap);
	if (day > max)
		return false;
	return (int64_t)y * 10000 + m * 100 + day <= today;
}

char idcard_check_char(const char *first17)
{
	static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char checks[] = "10X98765432";
	if (first17 == NULL || strnlen(first17, 17) < 17 || !all_digits(first17, 17))
		return '\0';
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (first17[i] - '0') * weights[i];
	return checks[sum % 11];
}

enum idcard_error idcard_validate(const char *id, int64_t today_yyyymmdd, char out[19])
{
	enum idcard_error rc = IDCARD_OK;
	char last;
	if (out != NULL)
		out[0] = '\0';
	if (id == NULL || strnlen(id, IDCARD_LEN + 1) != IDCARD_LEN) {
		rc = IDCARD_LENGTH;
		goto out;
	}
	last = id[17] == 'x' ? 'X' : id[17];
	if (!all_digits(id, 17) || !(is_digit(last) || last == 'X')) {
		rc = IDCARD_CHARS;
		goto out;
	}
	if (!region_known(id)) {
		rc = IDCARD_REGION;
		goto out;
	}
	if (!date_ok(id + 6, today_yyyymmdd)) {
		rc = IDCARD_DATE;
		goto out;
	}
	if (idcard_check_char(id) != last) {
		rc = IDCARD_CHECK;
		goto out;
	}
	if (out != NULL) {
		memcpy(out, id, 17);
		out[17] = last;
		out[18] = '\0';
	}
out:
	return rc;
}

const char *idcard_error_zh(enum idcard_error e)
{
	switch (e) {
	case IDCARD_OK: return "身份证号码有效";
	case IDCARD_LENGTH: return "身份证号码应为18位";
	case IDCARD_CHARS: return "身份证号码前17位应为数字，最后一位应为数字或X";
	case IDCARD_REGION: return "身份证号码的地区码无效";
	case IDCARD_DATE: return "身份证号码中的出生日期无效";
	case IDCARD_CHECK: return "身份证号码校验位不正确";
	}
	return "身份证号码无效";
}

const char *idcard_error_en(enum idcard_error e)
{
	switch (e) {
	case IDCARD_OK: return "the identity number is valid";
	case IDCARD_LENGTH: return "an identity number has 18 characters";
	case IDCARD_CHARS: return "an identity number is 17 digits followed by a digit or X";
	case IDCARD_REGION: return "the region code of the identity number is unknown";
	case IDCARD_DATE: return "the birth date in the identity number is invalid";
	case IDCARD_CHECK: return "the check character of the identity number is wrong";
	}
	return "the identity number is invalid";
}

void idcard_birth_date(const char *id, char out[11])
{
	out[0] = '\0';
	if (id == NULL || strnlen(id, 14) < 14 || !all_digits(id + 6, 8))
		return;
	memcpy(out, id + 6, 4);
	out[4] = '-';
	memcpy(out + 5, id + 10, 2);
	out[7] = '-';
	memcpy(out + 8, id + 12, 2);
	out[10] = '\0';
}

char idcard_sex(const char *id)
{
	if (id == NULL || strnlen(id, 17) < 17 || !is_digit(id[16]))
		return '\0';
	return (id[16] - '0') % 2 ? 'M' : 'F';
}

void idcard_mask(const char *id, char *out, size_t outlen)
{
	size_t chars = utf8_chars(id ? id : "");
	utf8_mask(id, chars == IDCARD_LEN ? 6 : 0, chars > 4 ? 4 : 0, out, outlen);
}
