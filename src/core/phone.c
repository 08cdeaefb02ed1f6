/* phone.c - telephone number forms and masking. */
#include "core/phone.h"
#include "core/utf8.h"

#include <string.h>

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool is_mobile(const char *s, size_t n)
{
	return n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && all_digits(s, n);
}

/* "0" + area digits + optional '-' + 7-8 subscriber digits. */
static bool is_landline(const char *s, size_t n)
{
	if (n < 3 || s[0] != '0' || s[1] < '1' || s[1] > '9')
		return false;
	size_t area = s[1] == '1' || s[1] == '2' ? 2 : 3;
	size_t at = 1 + area;
	if (n <= at || !all_digits(s, at))
		return false;
	if (s[at] == '-')
		at++;
	size_t sub = n - at;
	return (sub == 7 || sub == 8) && all_digits(s + at, sub) && s[at] != '0';
}

static bool is_service(const char *s, size_t n)
{
	return (n == 5 || n == 6) && s[0] != '0' && all_digits(s, n);
}

bool phone_valid(const char *s)
{
	if (s == NULL)
		return false;
	size_t n = strnlen(s, 16);
	return is_mobile(s, n) || is_landline(s, n) || is_service(s, n);
}

void phone_mask(const char *s, char *out, size_t outlen)
{
	size_t chars = utf8_chars(s ? s : "");
	if (s && is_mobile(s, strnlen(s, 12)))
		utf8_mask(s, 3, 4, out, outlen);
	else if (chars >= 6)
		utf8_mask(s, 3, 2, out, outlen);
	else
		utf8_mask(s, 0, chars > 0 ? 1 : 0, out, outlen);
}
