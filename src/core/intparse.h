/*
 * intparse.h - whole decimal integers read from text, checked: the one
 * parser behind ids in paths, years and counts in queries, numbers in files.
 */
#ifndef LIANXIN_CORE_INTPARSE_H
#define LIANXIN_CORE_INTPARSE_H

#include <stdint.h>

/* s as a decimal integer in [min, max]: 0, or -1 for NULL, an empty
 * string, trailing characters, overflow or a value out of range. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* s as a record id (a positive integer): 0 or -1. */
static inline int parse_id(const char *s, int64_t *id)
{
	return parse_int64(s, 1, INT64_MAX, id);
}

#endif
