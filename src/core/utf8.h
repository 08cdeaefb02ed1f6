/* utf8.h - UTF-8 helpers (input is assumed valid, as jansson guarantees). */
#ifndef LIANXIN_CORE_UTF8_H
#define LIANXIN_CORE_UTF8_H

#include <stddef.h>

/* Number of characters (code points) in s. */
size_t utf8_chars(const char *s);
/* Copy s into out (outlen bytes with the NUL) keeping its first head and
 * last tail characters and writing one '*' for each character between. */
void utf8_mask(const char *s, size_t head, size_t tail, char *out, size_t outlen);

#endif
