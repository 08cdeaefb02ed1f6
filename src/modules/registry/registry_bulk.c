/* registry_bulk.c - the trigram indexes filled once at the end of a large write (see registry_bulk.h). */
#include "modules/registry/registry_bulk.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/mem.h"

/*
 * A large write fills the trigram indexes of the rows it creates with one
 * statement per index at the end, instead of through the insert triggers
 * (which write the names of every INSERT as an index segment of its own, to
 * be merged again and again): it drops the two triggers inside its
 * transaction and creates them again, so a rollback restores them.  The
 * B-tree indexes stay: the rows arrive in the order of their households,
 * so those inserts are mostly appends.
 */
static const struct {
	const char *trigger, *fill;
} bulk_fts[] = {
	{ "households_fts_insert",
	  "INSERT INTO households_fts (rowid, head_name) SELECT id, head_name FROM households WHERE id >= $1" },
	{ "members_fts_insert", "INSERT INTO members_fts (rowid, name) SELECT id, name FROM members WHERE id >= $1" },
};

int registry_bulk_begin(struct db *db, struct registry_bulk *bk)
{
	*bk = (struct registry_bulk){ 0 };
	if (db_backend(db) != DB_SQLITE)
		return DB_OK;   /* pg_trgm GIN indexes, no triggers */
	static const char *const next_id[] = { "SELECT COALESCE(MAX(id), 0) + 1 FROM households",
						"SELECT COALESCE(MAX(id), 0) + 1 FROM members" };
	int rc = DB_OK;
	for (size_t i = 0; i < 2 && rc == DB_OK; i++) {
		struct db_stmt *st = db_query(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = $1",
					      "t", bulk_fts[i].trigger);
		rc = st && db_step(st) == DB_ROW ? DB_OK : DB_ERROR;
		if (rc == DB_OK)
			bk->create[i] = xstrdup(db_column_text(st, 0));
		db_finalize(st);
		char drop[64];
		snprintf(drop, sizeof(drop), "DROP TRIGGER %s", bulk_fts[i].trigger);
		if (rc == DB_OK)
			rc = db_query_int(db, &bk->from[i], next_id[i], "") == DB_ROW ? db_exec_script(db, drop)
											   : DB_ERROR;
	}
	bk->on = rc == DB_OK;
	return rc;
}

int registry_bulk_end(struct db *db, struct registry_bulk *bk)
{
	int rc = DB_OK;
	for (size_t i = 0; i < 2 && rc == DB_OK && bk->on; i++) {
		rc = db_exec(db, bulk_fts[i].fill, "i", bk->from[i]);
		if (rc == DB_OK)
			rc = db_exec_script(db, bk->create[i]);
	}
	return rc;
}

void registry_bulk_free(struct registry_bulk *bk)
{
	free(bk->create[0]);
	free(bk->create[1]);
}

