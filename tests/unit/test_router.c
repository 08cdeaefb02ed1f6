/* test_router.c - route matching, parameters, 404 and 405. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/router.h"

static int h_list(struct req *r) { (void)r; return 200; }
static int h_create(struct req *r) { (void)r; return 201; }
static int h_get(struct req *r) { (void)r; return 200; }
static int h_patch(struct req *r) { (void)r; return 200; }
static int h_delete(struct req *r) { (void)r; return 204; }
static int h_reset(struct req *r) { (void)r; return 200; }
static int h_member(struct req *r) { (void)r; return 200; }
static int h_login(struct req *r) { (void)r; return 200; }

/* rows name only what the router reads; the rest (body keys, body entity) stays zero */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct route table[] = {
	{ "GET", "/api/v1/users", h_list, 0, BODY_NONE, 0, NULL, "page page_size q" },
	{ "POST", "/api/v1/users", h_create, 0, BODY_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/users/:id", h_get, 0, BODY_NONE, 0, NULL, NULL },
	{ "PATCH", "/api/v1/users/:id", h_patch, 0, BODY_JSON, 0, NULL, NULL },
	{ "DELETE", "/api/v1/users/:id", h_delete, 0, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/users/:id/reset-password", h_reset, 0, BODY_JSON, 0, NULL, NULL },
	{ "GET", "/api/v1/groups/:gid/members/:mid", h_member, 0, BODY_NONE, 0, NULL, NULL },
	{ "POST", "/api/v1/login", h_login, 0, BODY_JSON, ROUTE_PUBLIC, NULL, NULL },
};
#define COUNT (sizeof(table) / sizeof(table[0]))

struct fixture {
	struct arena *a;
	struct req r;
};

static int setup(void **state)
{
	struct fixture *f = test_malloc(sizeof(*f));
	f->a = arena_new();
	req_init(&f->r, f->a);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	req_release(&f->r);
	arena_free(f->a);
	test_free(f);
	return 0;
}

static enum route_match match(struct fixture *f, const char *method, const char *path,
			      const struct route **out, char *allow, size_t allow_len)
{
	req_init(&f->r, f->a);
	return router_match(table, COUNT, method, path, &f->r, out, allow, allow_len);
}

static void test_found_literal(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = NULL;
	char allow[64];
	assert_int_equal(match(f, "GET", "/api/v1/users", &rt, allow, sizeof(allow)), ROUTE_FOUND);
	assert_ptr_equal(rt, &table[0]);
	assert_int_equal(f->r.nparams, 0);
	assert_int_equal(match(f, "POST", "/api/v1/users", &rt, allow, sizeof(allow)), ROUTE_FOUND);
	assert_ptr_equal(rt, &table[1]);
	assert_ptr_equal(rt->handler, h_create);
	assert_int_equal(match(f, "POST", "/api/v1/login", &rt, allow, sizeof(allow)), ROUTE_FOUND);
	assert_int_equal(rt->flags, ROUTE_PUBLIC);
}

static void test_params(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = NULL;
	char allow[64];
	assert_int_equal(match(f, "PATCH", "/api/v1/users/42", &rt, allow, sizeof(allow)), ROUTE_FOUND);
	assert_ptr_equal(rt, &table[3]);
	assert_int_equal(f->r.nparams, 1);
	assert_string_equal(req_param(&f->r, 0), "42");
	assert_null(req_param(&f->r, 1));
	assert_null(req_param(&f->r, -1));

	assert_int_equal(match(f, "POST", "/api/v1/users/alice/reset-password", &rt, allow, sizeof(allow)),
			 ROUTE_FOUND);
	assert_ptr_equal(rt, &table[5]);
	assert_string_equal(req_param(&f->r, 0), "alice");

	assert_int_equal(match(f, "GET", "/api/v1/groups/g-7/members/联心", &rt, allow, sizeof(allow)),
			 ROUTE_FOUND);
	assert_ptr_equal(rt, &table[6]);
	assert_int_equal(f->r.nparams, 2);
	assert_string_equal(f->r.params[0], "g-7");
	assert_string_equal(f->r.params[1], "联心");

	/* r may be NULL */
	rt = NULL;
	assert_int_equal(router_match(table, COUNT, "GET", "/api/v1/users/7", NULL, &rt, allow, sizeof(allow)),
			 ROUTE_FOUND);
	assert_ptr_equal(rt, &table[2]);
}

static void test_not_found(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = &table[0];
	char allow[64];
	const char *paths[] = {
		"/api/v1/nothing", "/api/v1/user", "/api/v1/usersx", "/api/v1", "/", "",
		"/api/v1/users/", "/api/v1/users//reset-password", "/api/v1/users/1/reset-password/",
		"/api/v1/users/1/2", "/api/v1/groups/g/members/", "/api/v1/groups//members/1",
		"/API/v1/users", "api/v1/users",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		rt = &table[0];
		enum route_match m = match(f, "GET", paths[i], &rt, allow, sizeof(allow));
		if (m != ROUTE_NO_PATH)
			fail_msg("\"%s\": %d, want ROUTE_NO_PATH", paths[i], m);
		assert_null(rt);
	}
}

static void test_trailing_slash_and_empty_segment(void **state)
{
	struct fixture *f = *state;
	const struct route *rt;
	char allow[64];
	assert_int_equal(match(f, "GET", "/api/v1/users/", &rt, allow, sizeof(allow)), ROUTE_NO_PATH);
	assert_int_equal(match(f, "DELETE", "/api/v1/users/", &rt, allow, sizeof(allow)), ROUTE_NO_PATH);
	assert_int_equal(match(f, "GET", "/api/v1/users/5/", &rt, allow, sizeof(allow)), ROUTE_NO_PATH);
	assert_int_equal(match(f, "POST", "/api/v1/users//reset-password", &rt, allow, sizeof(allow)),
			 ROUTE_NO_PATH);
	assert_int_equal(f->r.nparams, 0);
}

static void test_method_not_allowed(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = &table[0];
	char allow[64];
	assert_int_equal(match(f, "PUT", "/api/v1/users", &rt, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_null(rt);
	assert_string_equal(allow, "GET, HEAD, POST");

	assert_int_equal(match(f, "POST", "/api/v1/users/9", &rt, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_string_equal(allow, "GET, HEAD, PATCH, DELETE");

	assert_int_equal(match(f, "GET", "/api/v1/login", &rt, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_string_equal(allow, "POST");
	assert_int_equal(match(f, "HEAD", "/api/v1/login", &rt, allow, sizeof(allow)), ROUTE_NO_METHOD);
	assert_string_equal(allow, "POST");

	/* a small buffer is never overrun and stays terminated */
	char small[8];
	memset(small, 'X', sizeof(small));
	assert_int_equal(match(f, "PUT", "/api/v1/users/9", &rt, small, sizeof(small)), ROUTE_NO_METHOD);
	assert_true(memchr(small, '\0', sizeof(small)) != NULL);
	assert_int_equal(strncmp(small, "GET", 3), 0);

	/* ROUTE_NO_PATH leaves allow empty */
	assert_int_equal(match(f, "PUT", "/nowhere", &rt, allow, sizeof(allow)), ROUTE_NO_PATH);
	assert_string_equal(allow, "");
}

static void test_head_matches_get(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = NULL;
	char allow[64];
	assert_int_equal(match(f, "HEAD", "/api/v1/users", &rt, allow, sizeof(allow)), ROUTE_FOUND);
	assert_ptr_equal(rt, &table[0]);
	assert_int_equal(match(f, "HEAD", "/api/v1/users/3", &rt, allow, sizeof(allow)), ROUTE_FOUND);
	assert_ptr_equal(rt, &table[2]);
	assert_string_equal(req_param(&f->r, 0), "3");
	/* method names are case-sensitive */
	assert_int_equal(match(f, "get", "/api/v1/users", &rt, allow, sizeof(allow)), ROUTE_NO_METHOD);
}

static void test_params_are_copies(void **state)
{
	struct fixture *f = *state;
	const struct route *rt = NULL;
	char allow[64];
	char path[] = "/api/v1/users/12345";
	assert_int_equal(match(f, "GET", path, &rt, allow, sizeof(allow)), ROUTE_FOUND);
	memset(path, 'z', sizeof(path) - 1);
	assert_string_equal(req_param(&f->r, 0), "12345");
}

static void test_query_parameters(void **state)
{
	struct fixture *f = *state;
	const struct route *list = &table[0], *create = &table[1];
	assert_true(route_takes_query(list, "page"));
	assert_true(route_takes_query(list, "q"));
	assert_false(route_takes_query(list, "pag"));        /* whole words only */
	assert_false(route_takes_query(list, "page_siz"));
	assert_false(route_takes_query(list, "month"));
	assert_false(route_takes_query(create, "page"));     /* NULL: takes none */
	struct kv q[] = { { "page", "2" }, { "q", "x" }, { "month", "2026-12" } };
	f->r.route = list;
	f->r.query = q;
	f->r.nquery = 2;
	assert_null(route_unknown_query(&f->r));
	f->r.nquery = 3;
	assert_string_equal(route_unknown_query(&f->r), "month");
	f->r.route = create;
	f->r.nquery = 1;
	assert_string_equal(route_unknown_query(&f->r), "page");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_found_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_slash_and_empty_segment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_method_not_allowed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_head_matches_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_params_are_copies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_parameters, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
