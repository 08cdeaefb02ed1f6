/* hh_import.c - household_import(): read, group, check, compare and write in one transaction; the result. */
#include "modules/registry/household_io_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "db/at_rest.h"

#define CHINA_OFFSET (8 * 3600)
#define IMPORT_CACHE_MIB 256  /* SQLite's page cache during a real run */

static int64_t today_yyyymmdd(void)
{
	time_t t = (time_t)(clock_now() + CHINA_OFFSET);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (int64_t)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static void imp_free(struct imp *im)
{
	free(im->rows);
	free(im->scratch);
	free(im->cells);
	free(im->hh_runs.v);
	free(im->mem_runs.v);
	free(im->cell_len);
	if (im->rows_arena)
		arena_free(im->rows_arena);
	hio_errors_free(im);
	free(im->hhs);
	free(im->hh_rows);
	hio_hno_free(&im->hnos);
	free(im->ids);
	for (int c = 0; c < C_COUNT; c++)
		hio_memo_free(&im->dicts[c]);
	hio_memo_free(&im->divisions);
	if (im->arena)
		arena_free(im->arena);
}

int64_t hio_last_year(void)
{
	return today_yyyymmdd() / 10000 - 1;
}

/* One attempt; *raced: the unique index of members' ID numbers refused a
 * write (another writer registered the number after this one checked). */
static int import_once(struct db *db, const char *data, size_t len, enum hio_format fmt,
		       const struct hio_options *o, struct hio_result *res, bool *raced)
{
	memset(res, 0, sizeof(*res));
	res->report_fd = -1;
	res->errors = json_array();
	struct imp im = { .db = db, .o = o, .res = res, .data = data, .len = len, .arena = arena_new(),
			  .rows_arena = arena_new_bulk(), .header_idx = -1 };
	im.year = o->year ? o->year : hio_last_year();
	im.today = today_yyyymmdd();
	for (int c = 0; c < C_COUNT; c++)
		im.fcol[c] = -1;
	int rc = DB_OK;
	bool own_tx = false;
	if (hio_read_file(&im, data, len, fmt) == 0) {
		hio_group_households(&im);
		res->households = im.nhh;
		for (int i = 0; i < im.nhh; i++)
			res->members += im.hhs[i].n;
		/* the checks and the writes in one transaction: one snapshot, and one
		 * lock instead of one per statement; a dry run only reads */
		own_tx = !db_in_transaction(db);
		if (own_tx && (o->dry_run ? db_exec_script(db, "BEGIN") : db_begin(db)) != DB_OK)
			im.db_failed = true, own_tx = false;
		for (int i = 0; i < im.nhh && !im.db_failed; i++)
			hio_check_household(&im, &im.hhs[i]);
		if (im.fcol[C_IDNO] >= 0)
			hio_check_id_numbers(&im);
		if (im.db_failed)
			rc = DB_ERROR;
		/* compare with the database; a real run writes in one transaction */
		bool write = !o->dry_run && im.nerrs == 0 && rc == DB_OK;
		if (write)
			rc = db_bulk_cache(db, IMPORT_CACHE_MIB);
		if (rc == DB_OK)
			rc = hio_store_all(&im, write);
		if (own_tx) {
			if (write && rc == DB_OK && im.nerrs == 0)
				rc = db_commit(db);
			else
				db_rollback(db);
		}
		if (write)
			db_bulk_cache(db, 0);
	}
	hio_errors_to_result(&im);
	if (im.nerrs || o->dry_run || rc != DB_OK) {
		/* nothing was written: what would have been is still reported on a dry run */
		if (im.nerrs || rc != DB_OK)
			memset(&res->hh, 0, sizeof(res->hh)), memset(&res->mem, 0, sizeof(res->mem));
	}
	if (o->want_report_xlsx && rc == DB_OK)
		hio_write_report(&im);
	int nerrs = im.nerrs;
	*raced = rc == DB_CONSTRAINT && at_rest_unique_violation(db);
	if (rc != DB_OK && !*raced)
		log_error("household import: %s", db_errmsg(db));
	imp_free(&im);
	if (rc != DB_OK)
		return -1;
	return nerrs ? 1 : 0;
}

int household_import(struct db *db, const char *data, size_t len, enum hio_format fmt,
		     const struct hio_options *o, struct hio_result *res)
{
	/* all or nothing: a race lost to the unique index rolled everything back;
	 * the next attempt finds the other writer's members and reports the rows
	 * as an ID number already registered, as when it came first */
	for (int attempt = 0;; attempt++) {
		bool raced = false;
		int rc = import_once(db, data, len, fmt, o, res, &raced);
		if (!raced || attempt == 3)
			return rc;
		hio_result_free(res);
	}
}

void hio_result_free(struct hio_result *res)
{
	json_decref(res->errors);
	res->errors = NULL;
	if (res->report_fd >= 0)
		close(res->report_fd);
	res->report_fd = -1;
}

json_t *hio_result_json(const struct hio_result *res)
{
	return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:{s:{s:i, s:i, s:i}, s:{s:i, s:i, s:i}}, s:O, s:b}",
			 "rows", res->rows, "households", res->households, "members", res->members,
			 "inserted", res->hh.inserted + res->mem.inserted, "updated", res->hh.updated + res->mem.updated,
			 "unchanged", res->hh.unchanged + res->mem.unchanged,
			 "detail", "households", "inserted", res->hh.inserted, "updated", res->hh.updated, "unchanged",
			 res->hh.unchanged, "members", "inserted", res->mem.inserted, "updated", res->mem.updated, "unchanged",
			 res->mem.unchanged, "errors", res->errors, "errors_truncated", res->errors_truncated);
}
