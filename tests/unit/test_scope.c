/* test_scope.c - data scope checks and the SQL range condition. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "auth/scope.h"
#include "core/arena.h"
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

	arena_free(a);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_allows),
		cmocka_unit_test(test_allows_all),
		cmocka_unit_test(test_reaches),
		cmocka_unit_test(test_where_text),
		cmocka_unit_test(test_where_sql),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
