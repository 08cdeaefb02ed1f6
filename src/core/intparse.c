/* intparse.c - checked decimal integers (see intparse.h). */
#include "core/intparse.h"

#include <errno.h>
#include <stdlib.h>

int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return -1;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
