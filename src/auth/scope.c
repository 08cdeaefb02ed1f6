/* scope.c - subtree checks for the caller's division scopes. */
#include "auth/scope.h"

#include "core/division.h"

bool scope_allows(const struct principal *p, const char *division)
{
	if (p == NULL || division == NULL)
		return false;
	for (int i = 0; i < p->nscopes; i++)
		if (division_in_subtree(p->scopes[i], division))
			return true;
	return false;
}

bool scope_reaches(const struct principal *p, const char *division)
{
	if (p == NULL || division == NULL)
		return false;
	for (int i = 0; i < p->nscopes; i++)
		if (division_in_subtree(p->scopes[i], division) || division_in_subtree(division, p->scopes[i]))
			return true;
	return false;
}

bool scope_allows_all(const struct principal *p, const char *const *codes, int n)
{
	for (int i = 0; i < n; i++)
		if (!scope_allows(p, codes[i]))
			return false;
	return true;
}

void scope_where(struct sqlbuf *b, const struct principal *p, const char *column)
{
	if (p == NULL || p->nscopes == 0) {
		sqlbuf_add(b, "1 = 0");
		return;
	}
	sqlbuf_add(b, "(");
	for (int i = 0; i < p->nscopes; i++) {
		sqlbuf_add(b, i ? " OR (" : "(");
		sqlbuf_subtree(b, column, p->scopes[i]);
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, ")");
}

void scope_where_under(struct sqlbuf *b, const struct principal *p, const char *column, const char *node)
{
	if (node == NULL || *node == '\0') {
		scope_where(b, p, column);
		return;
	}
	if (scope_allows(p, node)) {
		/* a scope holds the node: every scope's part of it is the node or inside it */
		sqlbuf_add(b, "((");
		sqlbuf_subtree(b, column, node);
		sqlbuf_add(b, "))");
		return;
	}
	int n = 0;
	for (int i = 0; p && i < p->nscopes; i++) {
		if (!division_in_subtree(node, p->scopes[i]))
			continue;   /* disjoint from the node (no scope holds it) */
		sqlbuf_add(b, n++ ? " OR (" : "((");
		sqlbuf_subtree(b, column, p->scopes[i]);
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, n ? ")" : "1 = 0");
}

bool scope_may_set(const struct principal *p, const char *place)
{
	if (p == NULL)
		return false;
	if (place == NULL || *place == '\0')
		return p->role == ROLE_ADMIN;
	return scope_allows(p, place);
}
