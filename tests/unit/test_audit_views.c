/*
 * test_audit_views.c - the writer of views' audit rows (model/audit_views.c):
 * what is queued is stored a moment later with who, where from and which
 * records; rows the database can't take yet (another connection holds the
 * write lock past the busy timeout) wait and are stored when it lets go; the
 * stop stores what is queued; repeated views are counted in one row; with no
 * writer nothing can be queued.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/migrate.h"
#include "http/request.h"
#include "model/audit_views.h"

static char url[96];
static struct db *db;           /* the test's own connection: counts, and the lock */
static struct db_pool *pool;

static int setup(void **state)
{
	(void)state;
	snprintf(url, sizeof(url), "sqlite:/tmp/lianxin-test-views-%d.db", (int)getpid());
	char err[256];
	int applied;
	if (db_open(url, NULL, &db, err, sizeof(err)) != DB_OK || migrate_run(db, &applied) != DB_OK)
		return -1;
	pool = db_pool_new(url, NULL, 2);
	return pool ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	db_pool_free(pool);
	db_close(db);
	const char *path = url + strlen("sqlite:");
	char side[128];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	assert_int_equal(db_query_int(db, &n, sql, NULL), DB_ROW);
	return n;
}

/* The number of view rows once it reaches want, or after seconds. */
static int64_t views_within(int64_t want, int seconds)
{
	int64_t n;
	for (int i = 0; (n = count("SELECT COUNT(*) FROM audit_log WHERE action = 'view'")) < want && i < seconds * 20; i++)
		usleep(50 * 1000);
	return n;
}

static bool queue(struct audit_views *v, int64_t first, int64_t last)
{
	struct req r = { .remote_addr = "10.1.2.3", .request_id = "req0000000000001" };
	struct audit_entry e = { .action = "view", .entity = "member", .detail = "restricted fields shown" };
	struct audit_run runs[] = { { "469030100201", first, last }, { "469030100202", last + 5, last + 5 } };
	return audit_views_add(v, &r, &e, runs, 2);
}

static void test_stored_with_its_records(void **state)
{
	(void)state;
	struct audit_views *v = audit_views_start(pool);
	assert_non_null(v);
	int64_t before = views_within(0, 0);
	assert_true(queue(v, 100, 104));
	assert_int_equal(views_within(before + 1, 5), before + 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND entity = 'member'"
			       " AND source = '10.1.2.3' AND request_id = 'req0000000000001' AND division = '469030100'"), 1);
	/* each record is found by its id, through the runs */
	assert_int_equal(count("SELECT COUNT(*) FROM audit_ranges WHERE entity = 'member' AND first_id <= 102 AND last_id >= 102"),
			 1);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_ranges WHERE entity = 'member' AND first_id = 109"), 1);
	audit_views_stop(v);
}

static void test_waits_for_the_lock(void **state)
{
	(void)state;
	struct audit_views *v = audit_views_start(pool);
	int64_t before = views_within(0, 0);
	/* another writer (an import) holds the lock past the writer's busy timeout (10 s) */
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO audit_log (at, action) VALUES (1, 'hold')", NULL), DB_OK);
	assert_true(queue(v, 200, 200));
	sleep(11);
	assert_true(queue(v, 300, 300));   /* still queued behind the first */
	assert_int_equal(db_rollback(db), DB_OK);
	assert_int_equal(views_within(before + 2, 5), before + 2);
	assert_int_equal(count("SELECT COUNT(*) FROM audit_ranges WHERE first_id IN (200, 300)"), 2);
	audit_views_stop(v);
}

static void test_stop_stores_the_queue(void **state)
{
	(void)state;
	struct audit_views *v = audit_views_start(pool);
	int64_t before = views_within(0, 0);
	for (int i = 0; i < 50; i++)
		assert_true(queue(v, 1000 + 10 * i, 1000 + 10 * i + 1));
	audit_views_stop(v);   /* before its first turn */
	assert_int_equal(views_within(before + 50, 0), before + 50);
}

/* One caller reading the same page again and again makes one row that counts the views. */
static void test_repeats_counted(void **state)
{
	(void)state;
	struct audit_views *v = audit_views_start(pool);
	int64_t before = views_within(0, 0);
	for (int i = 0; i < 1000; i++)
		assert_true(queue(v, 5000, 5001));
	audit_views_stop(v);
	int64_t rows = views_within(0, 0) - before;
	assert_true(rows >= 1 && rows <= 3);   /* a turn of the writer may fall between two views */
	assert_true(count("SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND detail LIKE"
			  " 'restricted fields shown, % times until %'") >= 1);
}

static void test_no_writer(void **state)
{
	(void)state;
	assert_null(audit_views_start(NULL));
	assert_false(queue(NULL, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stored_with_its_records),
		cmocka_unit_test(test_waits_for_the_lock),
		cmocka_unit_test(test_stop_stores_the_queue),
		cmocka_unit_test(test_repeats_counted),
		cmocka_unit_test(test_no_writer),
	};
	return cmocka_run_group_tests_name("audit_views", tests, setup, teardown);
}
