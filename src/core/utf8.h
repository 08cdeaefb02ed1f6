/* utf8.h - UTF-8 helpers (input is assumed valid, as jansson guarantees). */
#ifndef LIANXIN_CORE_UTF8_H
#define LIANXIN_CORE_UTF8_H

#include <stddef.h>

/* Number of characters (code points) in s. */
size_t utf8_chars(const char *s);

#endif
