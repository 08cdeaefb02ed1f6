/*
 * batch.h - many rows into one table with multi-row INSERT statements.
 *
 * A bulk writer (the household import) appends rows value by value, then
 * db_batch_flush sends them as INSERT INTO t (cols) VALUES (...), (...), ...
 * statements of rows_per_statement rows, the rest in statements of 16 rows
 * and of one (three SQL texts per batch keep the statement cache small).
 * The caller decides when to flush, so that parent rows (households) reach
 * the database before the rows that refer to them.  On PostgreSQL a flush
 * is one COPY of all the pending rows.  On SQLite one statement for many
 * rows is one statement savepoint: FTS5 keeps the terms of all those rows in
 * memory instead of writing a segment per row.  Text values are copied into the batch, which owns its
 * memory and binds them from there without another copy.
 * Table and column names are SQL text, never user input.
 */
#ifndef LIANXIN_DB_BATCH_H
#define LIANXIN_DB_BATCH_H

#include <stdint.h>

#include "db/db.h"

struct db_batch;

/* columns: "a, b, c" with ncols names. */
struct db_batch *db_batch_new(struct db *db, const char *table, const char *columns, int ncols,
			      int rows_per_statement);
void db_batch_free(struct db_batch *b);
/* The next value of the current row; NULL text binds SQL NULL. */
void db_batch_text(struct db_batch *b, const char *value);
void db_batch_int(struct db_batch *b, int64_t value);
/* End the row (it must have ncols values). */
void db_batch_row(struct db_batch *b);
/* Send the rows not sent yet; DB_OK or an error code (see db_errmsg).  The
 * pending rows are dropped either way. */
int db_batch_flush(struct db_batch *b);
/* Rows appended and not sent yet. */
int db_batch_pending(const struct db_batch *b);

/*
 * Reserve n values of table's auto-increment id column and write them to
 * ids[0..n-1], so that rows can be inserted with their ids known (and
 * referenced) beforehand; no other insert takes them.  Call it inside a
 * write transaction.  DB_OK or an error code.
 */
int db_reserve_ids(struct db *db, const char *table, int n, int64_t *ids);

/*
 * Give back the ids from next on that db_reserve_ids handed out and were not
 * used: the table's sequence is set so that the next id reserved or
 * inserted is next.  For a single bulk writer that reserves ids in chunks
 * (the demo), so that the ids after its rows are those they would have been
 * had it reserved them one by one.  Call it in the reserving transaction,
 * with no other writer of the table.  DB_OK or an error code.
 */
int db_return_ids(struct db *db, const char *table, int64_t next);

/*
 * Refresh the planner's statistics of tables ("a, b") that a bulk writer
 * is growing inside its transaction: PostgreSQL plans a look-up of a table
 * it believes small as a sequential scan (or, for a text column with a
 * trigram index, as a GIN scan), which gets slower with every row written;
 * ANALYZE also drops the cached plans.  Nothing on SQLite.  DB_OK or an
 * error code.
 */
int db_analyze(struct db *db, const char *tables);

/*
 * A page cache of mib MiB for a bulk writer's connection on SQLite (0: the
 * default again), so that the pages of its long transaction stay in memory
 * instead of being spilled to the WAL and read back.  Nothing on
 * PostgreSQL.  DB_OK or an error code.
 */
int db_bulk_cache(struct db *db, int mib);

#endif
