/* test_scope.c - data scope checks, the SQL range condition and the scope under a node. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "auth/scope.h"
#include "core/arena.h"
#include "core/division.h"
#include "db/db.h"

static const char *two_scopes[] = { "469030100", "530921" };
static const char *country_scope[] = { "" };

static struct principal make(const char **scopes, int n)
{
	struct principal p;
	memset(&p, 0, sizeof(p));
	p.id = 1;
	p.username = "tester";
	p.role = ROLE_TOWNSHIP;
	p.scopes = scopes;
	p.nscopes = n;
	return p;
}

static void test_allows(void **state)
{
	(void)state;
	struct principal p = make(two_scopes, 2);
	assert_true(scope_allows(&p, "469030100"));
	assert_true(scope_allows(&p, "469030100001"));
	assert_true(scope_allows(&p, "469030100001001"));
	assert_true(scope_allows(&p, "530921"));
	assert_true(scope_allows(&p, "530921100200"));
	assert_false(scope_allows(&p, "469030101001"));
	assert_false(scope_allows(&p, "469030"));     /* the parent county */
	assert_false(scope_allows(&p, "4690301"));
	assert_false(scope_allows(&p, "46"));
	assert_false(scope_allows(&p, ""));           /* the whole country */
	assert_false(scope_allows(&p, "53092"));
	assert_false(scope_allows(&p, "530922"));
	assert_false(scope_allows(&p, NULL));
	assert_false(scope_allows(NULL, "530921"));

	struct principal all = make(country_scope, 1);
	assert_true(scope_allows(&all, ""));
	assert_true(scope_allows(&all, "11"));
	assert_true(scope_allows(&all, "469030100001"));
	assert_false(scope_allows(&all, NULL));

	struct principal none = make(NULL, 0);
	assert_false(scope_allows(&none, "469030"));
	assert_false(scope_allows(&none, ""));
}

static void test_reaches(void **state)
{
	(void)state;
	struct principal p = make(two_scopes, 2);
	assert_true(scope_reaches(&p, "469030"));          /* the county holding the township */
	assert_true(scope_reaches(&p, ""));                /* the country */
	assert_true(scope_reaches(&p, "469030100001"));    /* inside */
	assert_false(scope_reaches(&p, "469030101"));      /* a sibling township */
	assert_false(scope_reaches(&p, "440232"));         /* another county */
	assert_false(scope_reaches(&p, NULL));
	struct principal none = make(NULL, 0);
	assert_false(scope_reaches(&none, ""));
}

static void test_allows_all(void **state)
{
	(void)state;
	struct principal p = make(two_scopes, 2);
	const char *inside[] = { "469030100001", "530921", "530921999" };
	const char *mixed[] = { "469030100001", "469031", "530921" };
	assert_true(scope_allows_all(&p, inside, 3));
	assert_false(scope_allows_all(&p, mixed, 3));
	assert_true(scope_allows_all(&p, mixed, 1));
	assert_true(scope_allows_all(&p, mixed, 0));   /* nothing to check */
	struct principal all = make(country_scope, 1);
	assert_true(scope_allows_all(&all, mixed, 3));
	struct principal none = make(NULL, 0);
	assert_false(scope_allows_all(&none, inside, 1));
}

static void test_where_text(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct sqlbuf b;
	struct principal p = make(two_scopes, 2);
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, "SELECT code FROM t WHERE ");
	scope_where(&b, &p, "code");
	assert_string_equal(b.sql, "SELECT code FROM t WHERE ((code >= $1 AND code < $2) OR (code >= $3 AND code < $4))");
	assert_int_equal(b.nparams, 4);
	const char *want[] = { "469030100", "469030101", "530921", "530922" };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(b.params[i].type, 't');
		assert_string_equal(b.params[i].text, want[i]);
	}

	struct principal all = make(country_scope, 1);
	sqlbuf_init(&b, a);
	scope_where(&b, &all, "division");
	assert_string_equal(b.sql, "((division >= $1 AND division < $2))");
	assert_int_equal(b.nparams, 2);
	assert_string_equal(b.params[0].text, "");
	assert_string_equal(b.params[1].text, ":");

	struct principal none = make(NULL, 0);
	sqlbuf_init(&b, a);
	scope_where(&b, &none, "division");
	assert_string_equal(b.sql, "1 = 0");
	assert_int_equal(b.nparams, 0);
	sqlbuf_init(&b, a);
	scope_where(&b, NULL, "division");
	assert_string_equal(b.sql, "1 = 0");

	/* parameters continue the numbering of what came before */
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, "kind = ");
	sqlbuf_text(&b, "x");
	sqlbuf_add(&b, " AND ");
	const char *nines[] = { "99" };
	struct principal p99 = make(nines, 1);
	scope_where(&b, &p99, "c");
	assert_string_equal(b.sql, "kind = $1 AND ((c >= $2 AND c < $3))");
	assert_string_equal(b.params[2].text, ":");
	arena_free(a);
}

/* b's SQL and its text parameters are want_sql and want[] (n of them). */
static void assert_sql(const struct sqlbuf *b, const char *want_sql, const char *const *want, int n)
{
	assert_string_equal(b->sql, want_sql);
	assert_int_equal(b->nparams, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(b->params[i].type, 't');
		assert_string_equal(b->params[i].text, want[i]);
	}
}

/* scope_where_under(p, "c", node) alone into b. */
static void under(struct sqlbuf *b, struct arena *a, const struct principal *p, const char *node)
{
	sqlbuf_init(b, a);
	scope_where_under(b, p, "c", node);
}

static void test_where_under_text(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct sqlbuf b;
	const char *province[] = { "53" };
	struct principal prov = make(province, 1);

	/* nested: the province holds the village, whose range alone is left */
	under(&b, a, &prov, "530102001001");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "530102001001", "530102001002" }, 2);
	/* the scope itself as the node */
	under(&b, a, &prov, "53");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "53", "54" }, 2);

	/* containing: the node (a city) holds the scope (a township): the township's range */
	const char *town[] = { "530102001" };
	struct principal township = make(town, 1);
	under(&b, a, &township, "5301");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "530102001", "530102002" }, 2);

	/* disjoint: nothing */
	under(&b, a, &township, "530102002001");
	assert_sql(&b, "1 = 0", NULL, 0);
	under(&b, a, &prov, "46");
	assert_sql(&b, "1 = 0", NULL, 0);

	/* several scopes: each one's part; the parent county holds the township only */
	struct principal two = make(two_scopes, 2);
	under(&b, a, &two, "469030");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "469030100", "469030101" }, 2);
	under(&b, a, &two, "5309");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "530921", "530922" }, 2);
	under(&b, a, &two, "530921100200");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "530921100200", "530921100201" }, 2);
	under(&b, a, &two, "440232");
	assert_sql(&b, "1 = 0", NULL, 0);
	/* a node holding both: both scopes, as scope_where writes them */
	const char *two_in_53[] = { "530102", "530921" };
	struct principal pair = make(two_in_53, 2);
	under(&b, a, &pair, "53");
	assert_sql(&b, "((c >= $1 AND c < $2) OR (c >= $3 AND c < $4))",
		   (const char *[]){ "530102", "530103", "530921", "530922" }, 4);
	/* one scope holds the node, another is inside it: the node's range once */
	const char *nested[] = { "5301", "530102001" };
	struct principal overlap = make(nested, 2);
	under(&b, a, &overlap, "530102");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "530102", "530103" }, 2);

	/* the empty scope: nothing, whatever the node */
	struct principal none = make(NULL, 0);
	under(&b, a, &none, "53");
	assert_sql(&b, "1 = 0", NULL, 0);
	under(&b, a, &none, "");
	assert_sql(&b, "1 = 0", NULL, 0);
	under(&b, a, NULL, "53");
	assert_sql(&b, "1 = 0", NULL, 0);

	/* node "" or NULL: the scope alone, exactly scope_where's text */
	under(&b, a, &two, "");
	assert_sql(&b, "((c >= $1 AND c < $2) OR (c >= $3 AND c < $4))",
		   (const char *[]){ "469030100", "469030101", "530921", "530922" }, 4);
	under(&b, a, &two, NULL);
	assert_sql(&b, "((c >= $1 AND c < $2) OR (c >= $3 AND c < $4))",
		   (const char *[]){ "469030100", "469030101", "530921", "530922" }, 4);
	/* the country's scope under a node: the node */
	struct principal all = make(country_scope, 1);
	under(&b, a, &all, "469030");
	assert_sql(&b, "((c >= $1 AND c < $2))", (const char *[]){ "469030", "469031" }, 2);

	/* parameters continue the numbering of what came before */
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, "kind = ");
	sqlbuf_text(&b, "x");
	sqlbuf_add(&b, " AND ");
	scope_where_under(&b, &prov, "c", "530102");
	assert_sql(&b, "kind = $1 AND ((c >= $2 AND c < $3))", (const char *[]){ "x", "530102", "530103" }, 3);
	arena_free(a);
}

static const char *const codes[] = {
	"469030", "4690301", "46903010", "469030100", "469030100001", "469030100001001", "469030100999",
	"469030101", "469030101001", "469030199", "469031", "46903", "469029999999", "46",
	"530921", "530921100200", "530921999999", "53092", "530920999999", "530922", "53",
	"11", "110101001001", "99", "990000", "",
};
#define NCODES (sizeof(codes) / sizeof(codes[0]))

/* Run the condition for real and compare with scope_allows code by code. */
static void check_sql(struct db *db, struct arena *a, const struct principal *p, size_t want_rows)
{
	struct sqlbuf b;
	sqlbuf_init(&b, a);
	sqlbuf_add(&b, "SELECT code FROM codes WHERE ");
	scope_where(&b, p, "code");
	sqlbuf_add(&b, " ORDER BY code");
	struct db_stmt *st = sqlbuf_query(db, &b);
	assert_non_null(st);
	bool selected[NCODES] = { false };
	size_t rows = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *c = db_column_text(st, 0);
		size_t i;
		for (i = 0; i < NCODES && strcmp(codes[i], c) != 0; i++)
			;
		assert_true(i < NCODES);
		selected[i] = true;
		rows++;
	}
	assert_int_equal(rc, DB_DONE);
	db_finalize(st);
	for (size_t i = 0; i < NCODES; i++)
		if (selected[i] != scope_allows(p, codes[i]))
			fail_msg("code \"%s\": selected %d, scope_allows %d", codes[i], selected[i],
				 scope_allows(p, codes[i]));
	assert_int_equal(rows, want_rows);
}

/* Run scope_where_under for real under each code as the node: the rows are the scope's
 * codes in the node's subtree. */
static void check_under_sql(struct db *db, struct arena *a, const struct principal *p)
{
	for (size_t n = 0; n < NCODES; n++) {
		struct sqlbuf b;
		sqlbuf_init(&b, a);
		sqlbuf_add(&b, "SELECT code FROM codes WHERE ");
		scope_where_under(&b, p, "code", codes[n]);
		struct db_stmt *st = sqlbuf_query(db, &b);
		assert_non_null(st);
		bool selected[NCODES] = { false };
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			size_t i;
			for (i = 0; i < NCODES && strcmp(codes[i], db_column_text(st, 0)) != 0; i++)
				;
			assert_true(i < NCODES);
			assert_false(selected[i]);
			selected[i] = true;
		}
		assert_int_equal(rc, DB_DONE);
		db_finalize(st);
		for (size_t i = 0; i < NCODES; i++) {
			bool want = scope_allows(p, codes[i]) && division_in_subtree(codes[n], codes[i]);
			if (selected[i] != want)
				fail_msg("node \"%s\", code \"%s\": selected %d, wanted %d", codes[n], codes[i], selected[i], want);
		}
	}
}

static void test_where_sql(void **state)
{
	(void)state;
	struct db *db = NULL;
	char err[256];
	assert_int_equal(db_open("sqlite::memory:", NULL, &db, err, sizeof(err)), DB_OK);
	assert_int_equal(db_exec_script(db, "CREATE TABLE codes (code TEXT NOT NULL); CREATE INDEX codes_code ON codes(code)"),
			 DB_OK);
	for (size_t i = 0; i < NCODES; i++)
		assert_int_equal(db_exec(db, "INSERT INTO codes (code) VALUES ($1)", "t", codes[i]), DB_OK);
	struct arena *a = arena_new();

	struct principal p = make(two_scopes, 2);
	/* 469030100, 469030100001, 469030100001001, 469030100999,
	 * 530921, 530921100200, 530921999999 */
	check_sql(db, a, &p, 7);

	const char *one[] = { "469030" };
	struct principal county = make(one, 1);
	/* 469030, 4690301, 46903010, 469030100, 469030100001, 469030100001001,
	 * 469030100999, 469030101, 469030101001, 469030199 */
	check_sql(db, a, &county, 10);

	const char *nine[] = { "469030199" };
	struct principal township = make(nine, 1);
	check_sql(db, a, &township, 1);

	const char *n99[] = { "99" };
	struct principal p99 = make(n99, 1);
	check_sql(db, a, &p99, 2);

	struct principal all = make(country_scope, 1);
	check_sql(db, a, &all, NCODES);

	struct principal none = make(NULL, 0);
	check_sql(db, a, &none, 0);

	check_under_sql(db, a, &p);
	check_under_sql(db, a, &county);
	check_under_sql(db, a, &township);
	check_under_sql(db, a, &p99);
	check_under_sql(db, a, &all);
	check_under_sql(db, a, &none);
	const char *nested[] = { "46", "469030100", "530921100200" };
	struct principal overlap = make(nested, 3);
	check_under_sql(db, a, &overlap);

	arena_free(a);
	db_close(db);
}

/* The virtual machine's steps of "SELECT COUNT(*) FROM codes WHERE <b>" on SQLite (rows in
 * *count): the rows an index range visits, without a clock. */
static int vm_steps(sqlite3 *db, const struct sqlbuf *b, int *count)
{
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, arena_printf(b->arena, "SELECT COUNT(*) FROM codes WHERE %s", b->sql), -1,
					    &st, NULL), SQLITE_OK);
	for (int i = 0; i < b->nparams; i++)
		assert_int_equal(sqlite3_bind_text(st, i + 1, b->params[i].text, -1, SQLITE_STATIC), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	*count = sqlite3_column_int(st, 0);
	int steps = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
	assert_int_equal(sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0), 0);   /* an index, no scan */
	sqlite3_finalize(st);
	return steps;
}

/* A province user's list of one village ranges the index by the village alone: SQLite ranges
 * an index by the first bounds it reads, and the scope's and the node's (the old shape)
 * visited every row of the province before the village's. */
static void test_where_under_plan(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE codes (code TEXT NOT NULL); CREATE INDEX codes_code ON codes(code)",
				      NULL, NULL, NULL), SQLITE_OK);
	/* 40 villages of 50 rows in 530102001 and 530102002, then the village asked for: 10 rows */
	sqlite3_stmt *ins;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO codes (code) VALUES (?)", -1, &ins, NULL), SQLITE_OK);
	char code[32];   /* 12 digits; room for any int, so that -O1 sees no truncation */
	for (int v = 0; v < 40; v++)
		for (int i = 0; i < (v == 7 ? 10 : 50); i++) {
			snprintf(code, sizeof(code), "53010200%d%03d", 1 + v % 2, v);
			sqlite3_bind_text(ins, 1, code, -1, SQLITE_TRANSIENT);
			assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
			sqlite3_reset(ins);
		}
	sqlite3_finalize(ins);
	const char *village = "530102002007";
	const char *province[] = { "53" };
	struct principal prov = make(province, 1);
	struct arena *a = arena_new();
	struct sqlbuf b;
	sqlbuf_init(&b, a);
	scope_where_under(&b, &prov, "code", village);
	int rows, steps = vm_steps(db, &b, &rows);
	assert_int_equal(rows, 10);
	/* the old shape, the scope's bounds first: the same rows, the province's 1960 visited */
	struct sqlbuf old;
	sqlbuf_init(&old, a);
	scope_where(&old, &prov, "code");
	sqlbuf_add(&old, " AND ");
	sqlbuf_subtree(&old, "code", village);
	int old_rows, old_steps = vm_steps(db, &old, &old_rows);
	assert_int_equal(old_rows, 10);
	print_message("VM steps for a village of 10 rows in a province of 1960: scope under the node %d,"
		      " scope and node %d\n", steps, old_steps);
	/* a walk of the province takes a step a row at least */
	assert_true(steps < 1960 / 4);
	arena_free(a);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allows),
		cmocka_unit_test(test_allows_all),
		cmocka_unit_test(test_reaches),
		cmocka_unit_test(test_where_text),
		cmocka_unit_test(test_where_sql),
		cmocka_unit_test(test_where_under_text),
		cmocka_unit_test(test_where_under_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
