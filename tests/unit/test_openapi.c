/*
 * test_openapi.c - the generated API contract: every route the server runs
 * (entity rows expanded) is in /openapi.json with its method, its path
 * parameters and its declared query parameters; every entity has a schema;
 * and docs/api.md names every path the server answers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/openapi.h"
#include "core/config.h"
#include "model/crud.h"
#include "model/entity.h"

struct fixture {
	struct config cfg;
	struct app app;
	struct arena *a;
	json_t *doc;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	config_defaults(&f->cfg);
	app_init(&f->app, &f->cfg, NULL, "sqlite");
	f->a = arena_new();
	f->doc = openapi_document(f->a, f->app.routes, f->app.nroutes);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	json_decref(f->doc);
	arena_free(f->a);
	app_free(&f->app);
	config_free(&f->cfg);
	free(f);
	return 0;
}

/* "/api/v1/households/:id" as "/api/v1/households/{id}" into out. */
static void braces(const char *pattern, char *out, size_t len)
{
	size_t o = 0;
	for (const char *p = pattern; *p && o + 2 < len; p++) {
		if (*p == ':') {
			out[o++] = '{';
			while (p[1] && p[1] != '/' && o + 2 < len)
				out[o++] = *++p;
			out[o++] = '}';
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

static json_t *operation(json_t *doc, const struct route *rt)
{
	char path[256], method[8];
	braces(rt->pattern, path, sizeof(path));
	size_t i = 0;
	for (; rt->method[i] && i + 1 < sizeof(method); i++)
		method[i] = (char)(rt->method[i] | 0x20);
	method[i] = '\0';
	return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static bool has_param(json_t *op, const char *in, const char *name, size_t len)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(op, "parameters"), i, p) {
		const char *n = json_string_value(json_object_get(p, "name"));
		if (!strcmp(json_string_value(json_object_get(p, "in")), in) && strlen(n) == len && !strncmp(n, name, len))
			return true;
	}
	return false;
}

static void test_every_route_is_documented(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(json_string_value(json_object_get(f->doc, "openapi")), "3.1.0");
	assert_true(f->app.nroutes > app_routes_count);   /* entity rows expanded */
	for (size_t i = 0; i < f->app.nroutes; i++) {
		const struct route *rt = &f->app.routes[i];
		json_t *op = operation(f->doc, rt);
		if (op == NULL)
			fail_msg("%s %s is not in openapi.json", rt->method, rt->pattern);
		for (const char *p = strchr(rt->pattern, ':'); p; p = strchr(p + 1, ':'))
			if (!has_param(op, "path", p + 1, strcspn(p + 1, "/")))
				fail_msg("%s %s: the path parameter %s is missing", rt->method, rt->pattern, p);
		for (const char *q = rt->query; q && *q;) {
			size_t len = strcspn(q, " ");
			if (len && !has_param(op, "query", q, len))
				fail_msg("%s %s: the query parameter %.*s is missing", rt->method, rt->pattern, (int)len, q);
			q += len;
			q += strspn(q, " ");
		}
		json_t *schema = json_object_get(json_object_get(json_object_get(json_object_get(op, "requestBody"), "content"),
								 "application/json"), "schema");
		for (const char *const *k = rt->fields; k && *k; k++)
			if (json_object_get(json_object_get(schema, "properties"), *k) == NULL)
				fail_msg("%s %s: the body key %s its handler takes is not documented", rt->method, rt->pattern, *k);
		if (rt->body_entity) {   /* an entity's record: its schema, the path's field left out */
			const char *ref = json_string_value(json_object_get(json_array_get(json_object_get(schema, "allOf"), 0), "$ref"));
			if (ref == NULL || strcmp(strrchr(ref, '/') + 1, ((const struct entity *)rt->body_entity)->name))
				fail_msg("%s %s: the body is not documented as its entity's record", rt->method, rt->pattern);
			if (rt->path_field && !json_is_false(json_object_get(json_object_get(schema, "properties"), rt->path_field)))
				fail_msg("%s %s: the body may not carry %s, the document should say so", rt->method, rt->pattern,
					 rt->path_field);
			if (!json_is_false(json_object_get(schema, "unevaluatedProperties")))
				fail_msg("%s %s: other body keys are refused, the document should say so", rt->method, rt->pattern);
		} else if (rt->fields && !json_is_false(json_object_get(schema, "additionalProperties"))) {
			fail_msg("%s %s: other body keys are refused, the document should say so", rt->method, rt->pattern);
		}
		bool public = rt->flags & ROUTE_PUBLIC;
		json_t *security = json_object_get(op, "security");
		assert_true(public ? json_array_size(security) == 0 && security : security == NULL);
		assert_true((rt->body == BODY_NONE) == (json_object_get(op, "requestBody") == NULL));
	}
	/* the household list takes its filter fields and paging, and nothing it does not read */
	const struct route *list = NULL;
	for (size_t i = 0; i < f->app.nroutes && !list; i++)
		if (!strcmp(f->app.routes[i].method, "GET") && !strcmp(f->app.routes[i].pattern, "/api/v1/households"))
			list = &f->app.routes[i];
	assert_non_null(list);
	json_t *op = operation(f->doc, list);
	assert_true(has_param(op, "query", "page_size", 9));
	assert_true(has_param(op, "query", "division", 8));
	assert_false(has_param(op, "query", "month", 5));
	/* a handler's body keys are documented: a request's action */
	int with_fields = 0;
	for (size_t i = 0; i < f->app.nroutes; i++)
		with_fields += f->app.routes[i].fields != NULL;
	assert_true(with_fields >= 40);
}

static void test_every_entity_has_a_schema(void **state)
{
	struct fixture *f = *state;
	json_t *schemas = json_object_get(json_object_get(f->doc, "components"), "schemas");
	for (int i = 0; i < model_entities_count; i++) {
		const struct entity *e = model_entities[i];
		json_t *props = json_object_get(json_object_get(schemas, e->name), "properties");
		if (props == NULL)
			fail_msg("no schema for %s", e->name);
		for (int k = 0; k < e->nfields; k++)
			if (json_object_get(props, e->fields[k].name) == NULL)
				fail_msg("%s.%s is not in its schema", e->name, e->fields[k].name);
	}
	/* a dictionary field lists its codes: the ethnicity of a member, 01 汉族 first */
	json_t *eth = json_object_get(json_object_get(json_object_get(schemas, "member"), "properties"), "ethnicity");
	assert_non_null(eth);
	assert_string_equal(json_string_value(json_array_get(json_object_get(eth, "enum"), 0)), "01");
	/* masked and read-only fields say so */
	json_t *member = json_object_get(json_object_get(schemas, "member"), "properties");
	assert_true(json_is_true(json_object_get(json_object_get(member, "id_number"), "x-masked")));
	assert_true(json_is_true(json_object_get(json_object_get(member, "id"), "readOnly")));
}

/* One of an entity's generic rows (docs/api.md describes them once for all entities). */
static bool generic_row(const struct route *rt)
{
	return rt->handler == crud_list || rt->handler == crud_create || rt->handler == crud_get ||
	       rt->handler == crud_update || rt->handler == crud_delete || rt->handler == crud_reveal;
}

/* docs/api.md names every path the server answers: "/households/{id}/income/{year}"
 * without the "/api/v1" prefix (an entity's generic rows by its path). */
static void test_api_md_names_every_path(void **state)
{
	struct fixture *f = *state;
	FILE *in = fopen("docs/api.md", "rb");
	assert_non_null(in);
	static char md[1 << 20];
	size_t n = fread(md, 1, sizeof(md) - 1, in);
	fclose(in);
	md[n] = '\0';
	int missing = 0;
	for (size_t i = 0; i < f->app.nroutes; i++) {
		const struct route *rt = &f->app.routes[i];
		char path[256];
		braces(generic_row(rt) ? ((const struct entity *)rt->ctx)->path : rt->pattern, path, sizeof(path));
		const char *rel = path + strlen("/api/v1");
		/* the path followed by something that ends it in the text (` ? , space ...) */
		bool found = false;
		for (const char *p = strstr(md, rel); p && !found; p = strstr(p + 1, rel)) {
			char end = p[strlen(rel)];
			found = end != '/' && end != '-' && end != '_' && !(end >= 'a' && end <= 'z');
		}
		if (!found) {
			fprintf(stderr, "docs/api.md does not name %s %s\n", rt->method, rel);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_route_is_documented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_entity_has_a_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_api_md_names_every_path, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
