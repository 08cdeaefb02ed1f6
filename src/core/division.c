/* division.c - validation and subtree arithmetic of division codes. */
#include "core/division.h"

#include <string.h>

enum division_level division_level(const char *code)
{
	if (code == NULL)
		return DIV_INVALID;
	size_t n = strlen(code);
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return DIV_INVALID;
	switch (n) {
	case 0: return DIV_COUNTRY;
	case 2: return DIV_PROVINCE;
	case 4: return DIV_CITY;
	case 6: return DIV_COUNTY;
	case 9: return DIV_TOWNSHIP;
	case 12: return DIV_VILLAGE;
	case 15: return DIV_GROUP;
	default: return DIV_INVALID;
	}
}

const char *division_level_name(enum division_level level)
{
	static const char *const names[] = {
		"country", "province", "city", "county", "township", "village", "group",
	};
	if (level < DIV_COUNTRY || level > DIV_GROUP)
		return "invalid";
	return names[level];
}

int division_code_length(enum division_level level)
{
	static const int lengths[] = { [DIV_COUNTRY] = 0, [DIV_PROVINCE] = 2, [DIV_CITY] = 4, [DIV_COUNTY] = 6,
				       [DIV_TOWNSHIP] = 9, [DIV_VILLAGE] = 12, [DIV_GROUP] = 15 };
	return level >= DIV_COUNTRY && level <= DIV_GROUP ? lengths[level] : 15;
}

int division_child_length(const char *code)
{
	enum division_level level = division_level(code);
	return division_code_length(level == DIV_INVALID || level == DIV_GROUP ? DIV_GROUP : level + 1);
}

bool division_in_subtree(const char *root, const char *code)
{
	if (root == NULL || code == NULL)
		return false;
	size_t n = strlen(root);
	return strncmp(root, code, n) == 0;
}

void division_subtree_upper(const char *root, char out[static DIVISION_CODE_MAX + 2])
{
	size_t n = strlen(root);
	if (n > DIVISION_CODE_MAX)
		n = DIVISION_CODE_MAX;
	memcpy(out, root, n);
	out[n] = '\0';
	/* increment the last digit, carrying; "99" has no digit successor, so the
	 * bound becomes the shorter prefix incremented, or ":" for everything */
	while (n > 0) {
		if (out[n - 1] < '9') {
			out[n - 1]++;
			out[n] = '\0';
			return;
		}
		n--;
	}
	out[0] = ':';
	out[1] = '\0';
}
