/*
 * openapi.c - GET /api/v1/openapi.json: the API contract as OpenAPI 3.1,
 * generated from what the server runs: the expanded route table (method,
 * path, permission, body and the keys its handler takes, query parameters)
 * and the entity table (each
 * entity's fields as a schema with its dictionaries).  Nothing here is
 * written by hand per endpoint, so the document cannot drift from the server.
 */
#include "app/openapi.h"

#include <string.h>

#include "app/app.h"
#include "auth/roles.h"
#include "http/reply.h"
#include "model/crud.h"
#include "model/dict.h"
#include "model/entity.h"
#include "model/env.h"

/* One field as a JSON Schema property. */
static json_t *field_schema(const struct field *f)
{
	json_t *s = json_object();
	const struct dict *d = f->dict ? dict_find(f->dict) : NULL;
	json_t *codes = json_array();
	for (int i = 0; d && i < d->nitems; i++)
		json_array_append_new(codes, json_string(d->items[i].code));
	switch (f->type) {
	case FT_INT:
	case FT_REF:
		json_object_set_new(s, "type", json_string("integer"));
		if (f->min < f->max) {
			json_object_set_new(s, "minimum", json_integer(f->min));
			json_object_set_new(s, "maximum", json_integer(f->max));
		}
		break;
	case FT_NUMBER: json_object_set_new(s, "type", json_string("number")); break;
	case FT_BOOL: json_object_set_new(s, "type", json_string("boolean")); break;
	case FT_DATE:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case FT_DICT:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "enum", json_incref(codes));
		break;
	case FT_DICTS:
		json_object_set_new(s, "type", json_string("array"));
		json_object_set_new(s, "items", json_pack("{s:s, s:O}", "type", "string", "enum", codes));
		break;
	case FT_DIVISION:
		json_object_set_new(s, "type", json_string("string"));
		json_object_set_new(s, "pattern", json_string("^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$"));
		break;
	case FT_IDCARD:
	case FT_PHONE:
	case FT_TEXT:
		json_object_set_new(s, "type", json_string("string"));
		if (f->type == FT_TEXT)
			json_object_set_new(s, "maxLength", json_integer(f->max_len ? f->max_len : 200));
		break;
	}
	json_decref(codes);
	json_object_set_new(s, "title", json_string(f->zh));
	json_object_set_new(s, "description", json_string(f->en));
	if (f->flags & F_READONLY)
		json_object_set_new(s, "readOnly", json_true());
	if (f->flags & F_MASKED)
		json_object_set_new(s, "x-masked", json_true());   /* masked unless revealed (POST .../reveal) */
	if (f->type == FT_REF && f->ref)
		json_object_set_new(s, "x-references", json_string(f->ref));
	return s;
}

static json_t *entity_schema(const struct entity *e)
{
	json_t *props = json_object(), *required = json_array();
	json_object_set_new(props, "id", json_pack("{s:s, s:b}", "type", "integer", "readOnly", 1));
	for (int i = 0; i < e->nfields; i++) {
		json_object_set_new(props, e->fields[i].name, field_schema(&e->fields[i]));
		if (e->fields[i].flags & F_REQUIRED)
			json_array_append_new(required, json_string(e->fields[i].name));
	}
	return json_pack("{s:s, s:s, s:s, s:o, s:o}", "type", "object", "title", e->zh, "description", e->en,
			 "properties", props, "required", required);
}

static const char *const perm_names[PERM_COUNT] = {
	[PERM_LOGIN] = "login", [PERM_USERS_READ] = "users read", [PERM_USERS_WRITE] = "users write",
	[PERM_AUDIT_READ] = "audit read", [PERM_SENSITIVE_READ] = "sensitive read", [PERM_DATA_READ] = "data read",
	[PERM_DATA_WRITE] = "data write", [PERM_SETTINGS_WRITE] = "settings write",
};

/* "/api/v1/households/:id/income/:year" as "/api/v1/households/{id}/income/{year}"; the
 * path parameters are appended to params. */
static const char *openapi_path(struct arena *a, const char *pattern, json_t *params)
{
	char *out = arena_alloc(a, 2 * strlen(pattern) + 1), *o = out;
	for (const char *p = pattern; *p;) {
		if (*p != ':') {
			*o++ = *p++;
			continue;
		}
		size_t len = strcspn(++p, "/");
		json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p, len, "in", "path",
							"required", 1, "schema", "type", "string"));
		*o++ = '{';
		memcpy(o, p, len);
		o += len;
		*o++ = '}';
		p += len;
	}
	*o = '\0';
	return out;
}

static void add_query_params(const char *list, json_t *params)
{
	for (const char *p = list; p && *p;) {
		size_t len = strcspn(p, " ");
		if (len) {
			bool paging = (len == 4 && !strncmp(p, "page", 4)) || (len == 9 && !strncmp(p, "page_size", 9));
			json_array_append_new(params, json_pack("{s:s%, s:s, s:{s:s}}", "name", p, len, "in", "query",
								"schema", "type", paging ? "integer" : "string"));
		}
		p += len;
		p += strspn(p, " ");
	}
}

static json_t *error_response(const char *what)
{
	return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", what, "content", "application/json", "schema", "$ref",
			 "#/components/schemas/Error");
}

static json_t *operation(struct arena *a, const struct route *rt, const char **path)
{
	const struct entity *e = rt->ctx;
	json_t *params = json_array(), *op = json_object();
	*path = openapi_path(a, rt->pattern, params);
	add_query_params(rt->query, params);
	json_object_set_new(op, "operationId", json_string(arena_printf(a, "%s %s", rt->method, *path)));
	json_object_set_new(op, "x-permission", json_string(perm_names[rt->perm]));
	if (e)
		json_object_set_new(op, "tags", json_pack("[s]", e->name));
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (rt->flags & ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	if (rt->body == BODY_JSON) {
		bool entity_body = e && (rt->handler == crud_create || rt->handler == crud_update);
		json_t *schema = entity_body ? json_pack("{s:s}", "$ref", arena_printf(a, "#/components/schemas/%s", e->name))
					     : json_pack("{s:s}", "type", "object");
		if (!entity_body && rt->fields) {   /* the keys the handler takes, any other refused */
			json_t *props = json_object();
			for (const char *const *k = rt->fields; *k; k++)
				json_object_set_new(props, *k, json_object());
			json_object_set_new(schema, "properties", props);
			json_object_set_new(schema, "additionalProperties", json_false());
		}
		json_object_set_new(op, "requestBody", json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
								 "application/json", "schema", schema));
	} else if (rt->body == BODY_UPLOAD) {
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:{s:s, s:s}}}}", "required", 1, "content",
					      "application/octet-stream", "schema", "type", "string", "format", "binary"));
	}
	json_t *ok = json_pack("{s:s, s:{s:{s:{}}}}", "description", "OK", "content", "application/json", "schema");
	if (e && (rt->handler == crud_get || rt->handler == crud_create || rt->handler == crud_update))
		json_object_set_new(json_object_get(json_object_get(json_object_get(ok, "content"), "application/json"),
						    "schema"),
				    "$ref", json_string(arena_printf(a, "#/components/schemas/%s", e->name)));
	json_t *responses = json_object();
	json_object_set_new(responses, rt->handler == crud_create ? "201" : "200", ok);
	json_object_set_new(responses, "400", error_response("Bad input (code, Chinese and English message, field)"));
	if (!(rt->flags & ROUTE_PUBLIC)) {
		json_object_set_new(responses, "401", error_response("Not logged in"));
		json_object_set_new(responses, "403", error_response("The role lacks the permission"));
	}
	json_object_set_new(responses, "404", error_response("Not found, or outside the caller's scope"));
	json_object_set_new(op, "responses", responses);
	return op;
}

json_t *openapi_document(struct arena *a, const struct route *routes, size_t nroutes)
{
	json_t *paths = json_object(), *schemas = json_object();
	for (size_t i = 0; i < nroutes; i++) {
		const char *path;
		json_t *op = operation(a, &routes[i], &path);
		json_t *item = json_object_get(paths, path);
		if (item == NULL) {
			item = json_object();
			json_object_set_new(paths, path, item);
		}
		char method[8];
		size_t k = 0;
		for (; routes[i].method[k] && k + 1 < sizeof(method); k++)
			method[k] = (char)(routes[i].method[k] | 0x20);   /* ASCII lower case */
		method[k] = '\0';
		if (json_object_get(item, method))   /* the router answers with the first row that matches */
			json_decref(op);
		else
			json_object_set_new(item, method, op);
	}
	for (int i = 0; i < model_entities_count; i++)
		json_object_set_new(schemas, model_entities[i]->name, entity_schema(model_entities[i]));
	json_object_set_new(schemas, "Error",
			    json_pack("{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}}}}", "type", "object",
				      "properties", "error", "type", "object", "properties", "code", "type", "string",
				      "message_zh", "type", "string", "message_en", "type", "string", "field", "type",
				      "string"));
	json_t *security = json_pack("{s:{s:s, s:s}, s:{s:s, s:s, s:s}}", "bearer", "type", "http", "scheme", "bearer",
				     "cookie", "type", "apiKey", "in", "cookie", "name", SESSION_COOKIE);
	json_object_set_new(security, "csrf", json_pack("{s:s, s:s, s:s}", "type", "apiKey", "in", "header", "name",
							 "X-CSRF-Token"));
	return json_pack("{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:o}, s:[{s:[]}, {s:[], s:[]}]}", "openapi", "3.1.0",
			 "info", "title", "lianxin 连心 API", "version", LIANXIN_VERSION, "description",
			 "Generated from the server's route and entity tables; errors are JSON with a code and a "
			 "Chinese and an English message.",
			 "paths", paths, "components", "schemas", schemas, "securitySchemes", security, "security",
			 "bearer", "cookie", "csrf");
}

int openapi_get(struct req *r)
{
	const struct app *app = r->app;
	return reply_json(r, 200, openapi_document(r->arena, app->routes, app->nroutes));
}
