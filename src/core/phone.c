/* phone.c - telephone number forms and masking. */
#include "core/phone.h"

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

/* Length in bytes of the UTF-8 character starting at s (continuation bytes
 * that follow a lead byte are taken with it; a stray one stands alone). */
static size_t char_len(const char *s)
{
	size_t n = 1;
	while (s[n] != '\0' && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	return n;
}

void phone_mask(const char *s, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	if (s == NULL)
		s = "";
	size_t chars = 0;
	for (const char *p = s; *p; p += char_len(p))
		chars++;
	size_t head, tail;
	if (is_mobile(s, strnlen(s, 12))) {
		head = 3;
		tail = 4;
	} else if (chars >= 6) {
		head = 3;
		tail = 2;
	} else {
		head = 0;
		tail = chars > 0 ? 1 : 0;
	}
	size_t used = 0, i = 0;
	for (const char *p = s; *p; p += char_len(p), i++) {
		int keep = i < head || i >= chars - tail;
		size_t n = keep ? char_len(p) : 1;
		if (used + n >= outlen)
			break;
		memcpy(out + used, keep ? p : "*", n);
		used += n;
	}
	out[used] = '\0';
}
