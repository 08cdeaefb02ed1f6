/* hh_bulk.c - an import's writes: insert batches (COPY on PostgreSQL), SQLite trigram triggers, bulk audit rows. */
#include "modules/registry/household_io_internal.h"
#include "modules/registry/registry_bulk.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#define GROUP_HH 512          /* households compared and written together */
#define ROWS_PER_INSERT 128   /* rows of one INSERT statement */
#define STATS_ROWS 20000      /* members written before the first statistics refresh */

/* The batches of a real run: households, members, incomes, history, audit rows. */
static void batches_open(struct imp *im)
{
	char *hcols = hio_column_list(hio_hh_db, NHH_DB, ", "), *mcols = hio_column_list(hio_mem_db, NMEM_DB, ", ");
	char *hc = hio_strf("id%s, created_at, updated_at", hcols);
	char *mc = hio_strf("id, household_id, division, tekun, id_number_hash, health_hash%s, created_at, updated_at", mcols);
	im->b_hh = db_batch_new(im->db, "households", hc, NHH_DB + 3, ROWS_PER_INSERT);
	im->b_mem = db_batch_new(im->db, "members", mc, NMEM_DB + 8, ROWS_PER_INSERT);
	im->b_inc = db_batch_new(im->db, "household_incomes",
				 "household_id, year, people, net, per_capita, note, updated_at", 7, ROWS_PER_INSERT);
	im->b_hist = db_batch_new(im->db, "household_history",
				  "household_id, at, user_id, username, field, old_value, new_value, reason", 8,
				  ROWS_PER_INSERT);
	im->b_mon = db_batch_new(im->db, "monitoring",
				 "id, household_id, division, category, risk_types, started_on, eliminated_on,"
				 " elimination_method, note, created_at, updated_at", 11, ROWS_PER_INSERT);
	im->b_audit = audit_batch_new(im->db, ROWS_PER_INSERT);
	free(hc);
	free(mc);
	free(hcols);
	free(mcols);
}

static void batches_close(struct imp *im)
{
	db_batch_free(im->b_hh);
	db_batch_free(im->b_mem);
	db_batch_free(im->b_inc);
	db_batch_free(im->b_hist);
	db_batch_free(im->b_audit);
	db_batch_free(im->b_mon);
}

/* Parents before the rows that refer to them. */
int hio_batches_flush(struct imp *im)
{
	struct db_batch *order[] = { im->b_hh, im->b_mem, im->b_inc, im->b_hist, im->b_mon, im->b_audit };
	int rc = DB_OK;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]) && rc == DB_OK; i++)
		rc = db_batch_flush(order[i]);
	return rc;
}

/* a file of this many members or more fills the trigram indexes at the end (registry_bulk.h) */
#define BULK_MIN_MEMBERS 5000

/* The audit rows of the records created: one per entity (audit_write_bulk),
 * with the file's hash; a new household's income is in its row. */
static int audit_created(struct imp *im)
{
	const struct {
		const char *entity;
		const struct runs *runs;
		int64_t n;
	} made[] = {
		{ "household", &im->hh_runs, im->res->hh.inserted },
		{ "member", &im->mem_runs, im->res->mem.inserted },
	};
	unsigned char digest[32];
	char hash[80] = "blake2b-256:";
	crypto_generichash(digest, sizeof(digest), (const unsigned char *)im->data, im->len, NULL, 0);
	sodium_bin2hex(hash + strlen(hash), sizeof(hash) - strlen(hash), digest, sizeof(digest));
	int rc = DB_OK;
	for (size_t i = 0; i < 2 && rc == DB_OK; i++) {
		json_t *after = json_pack("{s:I, s:s}", "created", (json_int_t)made[i].n, "file_hash", hash);
		if (i == 0 && im->fcol[C_INCOME] >= 0)
			json_object_set_new(after, "income_year", json_integer(im->year));
		struct audit_entry e = {
			.action = "create", .entity = made[i].entity, .after = after, .detail = "import", .username = "cli",
		};
		rc = audit_write_bulk(im->o->r, im->db, &e, made[i].runs->v, made[i].runs->n);
		json_decref(after);
	}
	return rc;
}

/* Every household, GROUP_HH at a time; on a real run the statistics of
 * the tables looked up are refreshed at the start and whenever the rows
 * written have doubled, a large file fills the trigram indexes at the end,
 * and the creations are audited. */
int hio_store_all(struct imp *im, bool write)
{
	hio_lookups_open(im);
	if (write)
		batches_open(im);
	int rc = write ? db_analyze(im->db, "households, members") : DB_OK;
	int64_t analyzed = STATS_ROWS;
	/* an empty table holds nothing to compare with: the file's 户编号 and ID
	 * numbers are unique in it, so no group meets another's rows either */
	int64_t stored[3] = { 0, 0, 0 };
	static const char *const any[] = { "SELECT COUNT(*) FROM (SELECT 1 FROM households LIMIT 1) x",
					   "SELECT COUNT(*) FROM (SELECT 1 FROM members LIMIT 1) x",
					   "SELECT COUNT(*) FROM (SELECT 1 FROM monitoring LIMIT 1) x" };
	for (int i = 0; i < 3 && rc == DB_OK; i++)
		rc = db_query_int(im->db, &stored[i], any[i], "") == DB_ROW ? DB_OK : DB_ERROR;
	im->stored_hh = stored[0] > 0;
	im->stored_mem = stored[1] > 0;
	im->stored_mon = stored[2] > 0;
	struct registry_bulk bk = { 0 };
	int bulk_min = im->o->bulk_min_members > 0 ? im->o->bulk_min_members : BULK_MIN_MEMBERS;
	if (rc == DB_OK && write && db_backend(im->db) == DB_SQLITE && im->res->members >= bulk_min)
		rc = registry_bulk_begin(im->db, &bk);
	for (int i = 0; i < im->nhh && rc == DB_OK; i += GROUP_HH) {
		int64_t written = im->res->mem.inserted;
		if (write && written >= analyzed) {
			rc = db_analyze(im->db, "households, members");
			analyzed = written * 2;
		}
		if (rc == DB_OK)
			rc = hio_store_group(im, i, im->nhh - i < GROUP_HH ? im->nhh - i : GROUP_HH, write);
		arena_reset(im->arena);
	}
	hio_lookups_close(im);
	batches_close(im);
	if (rc == DB_OK)
		rc = registry_bulk_end(im->db, &bk);
	if (rc == DB_OK && write && im->nerrs == 0)
		rc = audit_created(im);
	registry_bulk_free(&bk);
	return rc;
}
