/*
 * registry_bulk.h - writing many households and members in one transaction
 * (an import, the demo county): on SQLite the trigram indexes of the names
 * are filled by one statement each at the end instead of row by row through
 * their insert triggers; on PostgreSQL there is nothing to do.
 */
#ifndef LIANXIN_MODULES_REGISTRY_REGISTRY_BULK_H
#define LIANXIN_MODULES_REGISTRY_REGISTRY_BULK_H

#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

struct registry_bulk {
	bool on;
	char *create[2];       /* the insert triggers' SQL, to create them again */
	int64_t from[2];       /* the first household and member id written without them */
};

/* Inside the caller's transaction, before the writes: drop the insert
 * triggers (a rollback restores them).  DB_OK or an error code. */
int registry_bulk_begin(struct db *db, struct registry_bulk *bk);
/* After the writes, in the same transaction: index the rows written since
 * registry_bulk_begin and create the triggers again. */
int registry_bulk_end(struct db *db, struct registry_bulk *bk);
void registry_bulk_free(struct registry_bulk *bk);

#endif
