/*
 * openapi.h - the API contract (OpenAPI 3.1), generated from the route and
 * entity tables the server runs.
 */
#ifndef LIANXIN_APP_OPENAPI_H
#define LIANXIN_APP_OPENAPI_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "http/router.h"

/* The document for these routes (entity rows already expanded). */
json_t *openapi_document(struct arena *a, const struct route *routes, size_t nroutes);
/* GET /api/v1/openapi.json (no login). */
int openapi_get(struct req *r);

#endif
