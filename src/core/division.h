/*
 * division.h - statistical division codes (统计用区划代码) as strings.
 *
 * A code is 2 (province), 4 (city), 6 (county), 9 (township), 12 (village)
 * or 15 (group/grid inside a village) digits; the empty string stands for
 * the whole country.  A subtree is every code that starts with its root's
 * code, which is the half-open string range [root, upper) computed here, so
 * a scope check, a list filter and a roll-up are one indexed range query.
 */
#ifndef LIANXIN_CORE_DIVISION_H
#define LIANXIN_CORE_DIVISION_H

#include <stdbool.h>

enum division_level {
	DIV_INVALID = -1,
	DIV_COUNTRY = 0,
	DIV_PROVINCE,
	DIV_CITY,
	DIV_COUNTY,
	DIV_TOWNSHIP,
	DIV_VILLAGE,
	DIV_GROUP,
};

#define DIVISION_CODE_MAX 15

/* Level of a well-formed code, DIV_INVALID otherwise. */
enum division_level division_level(const char *code);
/* Name of a level: "country", "province", ... "group". */
const char *division_level_name(enum division_level level);
/* Length of a level's codes: DIV_COUNTRY 0, DIV_PROVINCE 2, ... DIV_GROUP 15. */
int division_code_length(enum division_level level);
/* Length of the codes one level below code's: "469030" -> 9, a group's
 * own length (15) for a group and for anything invalid. */
int division_child_length(const char *code);
/* True when code lies in the subtree rooted at root (root "" is everything). */
bool division_in_subtree(const char *root, const char *code);
/* Exclusive upper bound of root's subtree for range queries: "469030" ->
 * "469031", "" -> ":" (above every digit string). */
void division_subtree_upper(const char *root, char out[static DIVISION_CODE_MAX + 2]);

#endif
