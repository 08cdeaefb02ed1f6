/*
 * migrate.h - versioned schema migrations embedded in the binary.
 *
 * Migrations are written once in portable SQL with two tokens that each
 * backend spells its own way: @ID@ (an auto-increment integer primary key)
 * and @CODE@ (a text column compared byte-wise, for division codes).  A
 * migration may add backend-only SQL (triggers differ).  Each migration
 * runs in its own transaction and is recorded in schema_migrations.
 */
#ifndef LIANXIN_DB_MIGRATE_H
#define LIANXIN_DB_MIGRATE_H

#include "db/db.h"

/* Apply every migration not yet applied; returns DB_OK or an error code
 * (logged).  *applied counts the migrations run now (may be NULL). */
int migrate_run(struct db *db, int *applied);
/* Version of the newest migration compiled in. */
int migrate_latest(void);

#endif
