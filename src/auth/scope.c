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
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(p->scopes[i], upper);
		if (i)
			sqlbuf_add(b, " OR ");
		sqlbuf_add(b, "(");
		sqlbuf_add(b, column);
		sqlbuf_add(b, " >= ");
		sqlbuf_text(b, p->scopes[i]);
		sqlbuf_add(b, " AND ");
		sqlbuf_add(b, column);
		sqlbuf_add(b, " < ");
		sqlbuf_text(b, arena_strdup(b->arena, upper));
		sqlbuf_add(b, ")");
	}
	sqlbuf_add(b, ")");
}
