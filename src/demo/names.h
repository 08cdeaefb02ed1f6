/*
 * names.h - the name tables of the demo generator (names.c): surnames by
 * ethnicity, given-name characters, templates of unit names.
 */
#ifndef LIANXIN_DEMO_NAMES_H
#define LIANXIN_DEMO_NAMES_H

#include "demo/rng.h"

/* Surnames of an ethnicity (GB/T 3304 code), Han when it has no table of its own. */
const struct demo_weighted *demo_surnames(const char *ethnicity, int *n);
/* Given-name characters: kind 0 male, 1 female, 2 the first of two characters. */
const char *const *demo_given_chars(int kind, int *n);
/* Unit-name templates: '@' the county ("凤庆县"), '#' the province, '%' the city. */
extern const char *const demo_county_organs[], *const demo_public_institutions[], *const demo_provincial_units[],
	*const demo_city_units[], *const demo_soes[], *const demo_brands[], *const demo_industries[];
extern const int demo_county_organs_count, demo_public_institutions_count, demo_provincial_units_count,
	demo_city_units_count, demo_soes_count, demo_brands_count, demo_industries_count;

#endif
