/* router.c - linear scan of the route table with segment matching. */
#include "http/router.h"

#include <string.h>

/* Match one pattern; fills params (pointers into path with lengths). */
static bool match_pattern(const char *pattern, const char *path,
			  const char **starts, size_t *lens, int *nparams)
{
	const char *p = pattern, *s = path;
	int n = 0;
	while (*p && *s) {
		if (*p == ':') {
			const char *end = strchr(s, '/');
			size_t len = end ? (size_t)(end - s) : strlen(s);
			if (len == 0 || n >= REQ_MAX_PATH_PARAMS)
				return false;
			starts[n] = s;
			lens[n] = len;
			n++;
			s += len;
			p = strchr(p, '/');
			if (p == NULL)
				p = "";
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	if (*p || *s)
		return false;
	*nparams = n;
	return true;
}

enum route_match router_match(const struct route *table, size_t count, const char *method,
			      const char *path, struct req *r, const struct route **out,
			      char *allow, size_t allow_len)
{
	const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
	bool path_known = false;
	size_t used = 0;
	char scratch[1];
	if (allow_len == 0) {
		allow = scratch;   /* callers that don't want the list */
		allow_len = 0;
	}
	allow[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		const char *starts[REQ_MAX_PATH_PARAMS];
		size_t lens[REQ_MAX_PATH_PARAMS];
		int n = 0;
		if (!match_pattern(table[i].pattern, path, starts, lens, &n))
			continue;
		if (strcmp(table[i].method, want) == 0) {
			for (int k = 0; k < n && r; k++)
				r->params[k] = arena_strndup(r->arena, starts[k], lens[k]);
			if (r)
				r->nparams = n;
			*out = &table[i];
			return ROUTE_FOUND;
		}
		path_known = true;
		size_t mlen = strlen(table[i].method);
		if (strstr(allow, table[i].method) == NULL && used + mlen + 3 < allow_len) {
			if (used) {
				memcpy(allow + used, ", ", 2);
				used += 2;
			}
			memcpy(allow + used, table[i].method, mlen + 1);
			used += mlen;
			if (strcmp(table[i].method, "GET") == 0 && used + 7 < allow_len) {
				memcpy(allow + used, ", HEAD", 7);
				used += 6;
			}
		}
	}
	*out = NULL;
	return path_known ? ROUTE_NO_METHOD : ROUTE_NO_PATH;
}

bool route_takes_query(const struct route *route, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = route->query; p && *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && !strncmp(p, name, n))
			return true;
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

const char *route_unknown_query(const struct req *r)
{
	for (int i = 0; i < r->nquery; i++)
		if (!route_takes_query(r->route, r->query[i].name))
			return r->query[i].name;
	return NULL;
}

static bool strict_query;

void route_strict_query(bool on)
{
	strict_query = on;
}

bool route_query_is_strict(void)
{
	return strict_query;
}
