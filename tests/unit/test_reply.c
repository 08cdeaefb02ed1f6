/* test_reply.c - error replies, body readers and paging. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "http/reply.h"

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

/* Replace the request body with the JSON text (and clear the last reply). */
static void set_body(struct fixture *f, const char *text)
{
	req_release(&f->r);
	f->r.status = 0;
	json_error_t e;
	f->r.json = json_loads(text, JSON_DECODE_ANY, &e);
	if (f->r.json == NULL)
		fail_msg("bad test JSON %s: %s", text, e.text);
}

/* Assert the reply is an error with this status, code and field (NULL: none). */
static void assert_error(struct fixture *f, int st, int status, const char *code, const char *field)
{
	assert_int_equal(st, status);
	assert_int_equal(f->r.status, status);
	assert_non_null(f->r.out);
	json_t *err = json_object_get(f->r.out, "error");
	assert_true(json_is_object(err));
	assert_string_equal(json_string_value(json_object_get(err, "code")), code);
	assert_true(json_is_string(json_object_get(err, "message_zh")));
	assert_true(json_is_string(json_object_get(err, "message_en")));
	json_t *fld = json_object_get(err, "field");
	if (field)
		assert_string_equal(json_string_value(fld), field);
	else
		assert_null(fld);
}

static void test_error_table(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(error_status(ERR_NOT_FOUND), 404);
	assert_int_equal(error_status(ERR_RATE_LIMITED), 429);
	assert_int_equal(error_status(ERR_CONFLICT), 409);
	assert_int_equal(error_status(ERR_INTERNAL), 500);
	assert_int_equal(error_status(ERR_BAD_PAGING), 400);
	/* every row is filled in */
	for (int e = 0; e < ERR_COUNT_; e++) {
		int s = error_status((enum err)e);
		if (s < 400 || s > 599)
			fail_msg("error %d has status %d", e, s);
		json_t *b = error_body((enum err)e, NULL, NULL, NULL);
		json_t *err = json_object_get(b, "error");
		if (!json_is_string(json_object_get(err, "code")) ||
		    strlen(json_string_value(json_object_get(err, "message_zh"))) == 0 ||
		    strlen(json_string_value(json_object_get(err, "message_en"))) == 0)
			fail_msg("error %d is incomplete", e);
		json_decref(b);
	}
	int st = reply_error(&f->r, ERR_FORBIDDEN, NULL);
	assert_error(f, st, 403, "forbidden", NULL);
	st = reply_error_msg(&f->r, ERR_CONFLICT, "中文", "English", "username");
	assert_error(f, st, 409, "conflict", "username");
	json_t *err = json_object_get(f->r.out, "error");
	assert_string_equal(json_string_value(json_object_get(err, "message_zh")), "中文");
	assert_string_equal(json_string_value(json_object_get(err, "message_en")), "English");
}

static void test_body_object(void **state)
{
	struct fixture *f = *state;
	static const char *const allowed[] = { "username", "display_name", "role", NULL };
	set_body(f, "{\"username\":\"a\",\"role\":\"admin\"}");
	assert_int_equal(body_object(&f->r, allowed), 0);
	assert_null(f->r.out);
	set_body(f, "{}");
	assert_int_equal(body_object(&f->r, allowed), 0);

	set_body(f, "{\"username\":\"a\",\"is_admin\":true}");
	assert_error(f, body_object(&f->r, allowed), 400, "unknown_field", "is_admin");

	set_body(f, "[1,2]");
	assert_error(f, body_object(&f->r, allowed), 400, "bad_json", NULL);
	set_body(f, "\"text\"");
	assert_error(f, body_object(&f->r, allowed), 400, "bad_json", NULL);
	req_release(&f->r);
	assert_error(f, body_object(&f->r, allowed), 400, "bad_json", NULL);   /* no body */
}

static void test_body_string(void **state)
{
	struct fixture *f = *state;
	const char *s = "sentinel";

	set_body(f, "{\"name\":\"alice\"}");
	assert_int_equal(body_string(&f->r, "name", true, 32, &s), 0);
	assert_string_equal(s, "alice");
	assert_null(f->r.out);

	/* missing: required vs optional */
	s = "sentinel";
	assert_int_equal(body_string(&f->r, "other", false, 32, &s), 0);
	assert_null(s);
	assert_error(f, body_string(&f->r, "other", true, 32, &s), 400, "missing_field", "other");
	assert_null(s);

	/* null counts as absent */
	set_body(f, "{\"name\":null}");
	s = "sentinel";
	assert_int_equal(body_string(&f->r, "name", false, 32, &s), 0);
	assert_null(s);
	assert_error(f, body_string(&f->r, "name", true, 32, &s), 400, "missing_field", "name");

	/* an empty required string is missing */
	set_body(f, "{\"name\":\"\"}");
	assert_error(f, body_string(&f->r, "name", true, 32, &s), 400, "missing_field", "name");

	/* not a string */
	set_body(f, "{\"name\":5}");
	assert_error(f, body_string(&f->r, "name", true, 32, &s), 400, "validation", "name");
	set_body(f, "{\"name\":[\"a\"]}");
	assert_error(f, body_string(&f->r, "name", false, 32, &s), 400, "validation", "name");
	set_body(f, "{\"name\":true}");
	assert_error(f, body_string(&f->r, "name", false, 32, &s), 400, "validation", "name");

	/* length is in characters: 4 Chinese characters are 12 bytes */
	set_body(f, "{\"name\":\"张三丰二\"}");
	assert_int_equal(body_string(&f->r, "name", true, 4, &s), 0);
	assert_string_equal(s, "张三丰二");
	assert_error(f, body_string(&f->r, "name", true, 3, &s), 400, "validation", "name");
	assert_null(s);
	json_t *err = json_object_get(f->r.out, "error");
	assert_non_null(strstr(json_string_value(json_object_get(err, "message_en")), "3"));

	set_body(f, "{\"name\":\"abcde\"}");
	assert_int_equal(body_string(&f->r, "name", true, 5, &s), 0);
	assert_error(f, body_string(&f->r, "name", true, 4, &s), 400, "validation", "name");

	/* an embedded NUL is refused */
	req_release(&f->r);
	f->r.json = json_loads("{\"name\":\"a\\u0000b\"}", JSON_ALLOW_NUL, NULL);
	assert_non_null(f->r.json);
	assert_error(f, body_string(&f->r, "name", true, 32, &s), 400, "validation", "name");
}

static void test_body_bool(void **state)
{
	struct fixture *f = *state;
	bool v = false, present = false;
	set_body(f, "{\"on\":true,\"off\":false,\"n\":1}");
	assert_int_equal(body_bool(&f->r, "on", true, &v, &present), 0);
	assert_true(v);
	assert_true(present);
	assert_int_equal(body_bool(&f->r, "off", true, &v, &present), 0);
	assert_false(v);
	assert_int_equal(body_bool(&f->r, "none", false, &v, &present), 0);
	assert_false(present);
	assert_error(f, body_bool(&f->r, "none", true, &v, NULL), 400, "missing_field", "none");
	assert_error(f, body_bool(&f->r, "n", false, &v, &present), 400, "validation", "n");
}

static void test_body_int(void **state)
{
	struct fixture *f = *state;
	int64_t v = -1;
	bool present = false;
	set_body(f, "{\"a\":1,\"b\":10,\"c\":11,\"d\":0,\"e\":1.5,\"f\":\"5\",\"g\":-9007199254740993}");
	assert_int_equal(body_int(&f->r, "a", true, 1, 10, &v, &present), 0);
	assert_int_equal(v, 1);
	assert_true(present);
	assert_int_equal(body_int(&f->r, "b", true, 1, 10, &v, &present), 0);
	assert_int_equal(v, 10);
	v = 77;
	assert_error(f, body_int(&f->r, "c", true, 1, 10, &v, &present), 400, "validation", "c");
	assert_int_equal(v, 77);
	assert_error(f, body_int(&f->r, "d", true, 1, 10, &v, &present), 400, "validation", "d");
	assert_error(f, body_int(&f->r, "e", true, 1, 10, &v, &present), 400, "validation", "e");
	assert_error(f, body_int(&f->r, "f", true, 1, 10, &v, &present), 400, "validation", "f");
	assert_int_equal(body_int(&f->r, "g", true, INT64_MIN, 0, &v, &present), 0);
	assert_int_equal(v, -9007199254740993LL);
	assert_int_equal(body_int(&f->r, "zz", false, 1, 10, &v, &present), 0);
	assert_false(present);
	assert_error(f, body_int(&f->r, "zz", true, 1, 10, &v, &present), 400, "missing_field", "zz");
	json_t *err = json_object_get(f->r.out, "error");
	assert_non_null(err);
}

static void set_query(struct fixture *f, struct kv *q, int n)
{
	req_release(&f->r);
	f->r.status = 0;
	f->r.query = q;
	f->r.nquery = n;
}

static void test_paging(void **state)
{
	struct fixture *f = *state;
	struct paging p;

	set_query(f, NULL, 0);
	assert_int_equal(paging_from_query(&f->r, &p), 0);
	assert_int_equal(p.page, 1);
	assert_int_equal(p.page_size, 20);
	assert_int_equal(p.offset, 0);

	struct kv q1[] = { { "page", "3" }, { "page_size", "50" }, { "other", "x" } };
	set_query(f, q1, 3);
	assert_int_equal(paging_from_query(&f->r, &p), 0);
	assert_int_equal(p.page, 3);
	assert_int_equal(p.page_size, 50);
	assert_int_equal(p.offset, 100);

	struct kv q2[] = { { "page", "2" } };
	set_query(f, q2, 1);
	assert_int_equal(paging_from_query(&f->r, &p), 0);
	assert_int_equal(p.page_size, 20);
	assert_int_equal(p.offset, 20);

	struct kv q3[] = { { "page_size", "200" } };
	set_query(f, q3, 1);
	assert_int_equal(paging_from_query(&f->r, &p), 0);
	assert_int_equal(p.page_size, 200);

	struct kv bad_page[][1] = { { { "page", "0" } }, { { "page", "-1" } }, { { "page", "x" } },
				    { { "page", "" } }, { { "page", "2x" } }, { { "page", "99999999999999999999" } } };
	for (size_t i = 0; i < sizeof(bad_page) / sizeof(bad_page[0]); i++) {
		set_query(f, bad_page[i], 1);
		assert_error(f, paging_from_query(&f->r, &p), 400, "bad_paging", "page");
	}
	struct kv bad_size[][1] = { { { "page_size", "201" } }, { { "page_size", "0" } }, { { "page_size", "ten" } } };
	for (size_t i = 0; i < sizeof(bad_size) / sizeof(bad_size[0]); i++) {
		set_query(f, bad_size[i], 1);
		assert_error(f, paging_from_query(&f->r, &p), 400, "bad_paging", "page_size");
	}
	set_query(f, NULL, 0);
}

static void test_reply_list(void **state)
{
	struct fixture *f = *state;
	json_t *items = json_pack("[{s:i}, {s:i}]", "id", 1, "id", 2);
	int st = reply_list(&f->r, items, 57, 3, 2);
	assert_int_equal(st, 200);
	assert_int_equal(f->r.status, 200);
	json_t *o = f->r.out;
	assert_true(json_is_object(o));
	assert_int_equal(json_object_size(o), 4);
	assert_ptr_equal(json_object_get(o, "items"), items);
	assert_int_equal(json_array_size(json_object_get(o, "items")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "total")), 57);
	assert_int_equal(json_integer_value(json_object_get(o, "page")), 3);
	assert_int_equal(json_integer_value(json_object_get(o, "page_size")), 2);

	/* a second reply replaces (and frees) the first */
	st = reply_json(&f->r, 201, json_pack("{s:s}", "ok", "yes"));
	assert_int_equal(st, 201);
	assert_string_equal(json_string_value(json_object_get(f->r.out, "ok")), "yes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_error_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_string, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_body_int, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reply_list, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
