/* utf8.c - counting code points. */
#include "core/utf8.h"

#include <stdbool.h>
#include <string.h>

size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
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

void utf8_mask(const char *s, size_t head, size_t tail, char *out, size_t outlen)
{
	if (outlen == 0)
		return;
	if (s == NULL)
		s = "";
	size_t chars = 0;
	for (const char *p = s; *p; p += char_len(p))
		chars++;
	size_t used = 0, i = 0;
	for (const char *p = s; *p; p += char_len(p), i++) {
		bool keep = i < head || i + tail >= chars;
		size_t n = keep ? char_len(p) : 1;
		if (used + n >= outlen)
			break;
		memcpy(out + used, keep ? p : "*", n);
		used += n;
	}
	out[used] = '\0';
}
