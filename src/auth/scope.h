/*
 * scope.h - data scope: the one place that decides which divisions a caller
 * may see.
 *
 * A user holds one or more division subtrees.  Every read, list, write and
 * statistic asks here: single records with scope_allows(), lists and
 * aggregates with scope_where(), which appends an indexed range condition,
 * or, for a list of one node, scope_where_under(): the scope's ranges and
 * the node's as one range each.
 * A record outside the scope must answer 404, exactly like a missing one.
 */
#ifndef LIANXIN_AUTH_SCOPE_H
#define LIANXIN_AUTH_SCOPE_H

#include <stdbool.h>

#include "auth/principal.h"
#include "db/sqlbuf.h"

/* Does the caller's scope contain this division code? */
bool scope_allows(const struct principal *p, const char *division);
/* Append "(column >= $a AND column < $b OR ...)" for the caller's scopes
 * ("1 = 0" when there are none). */
void scope_where(struct sqlbuf *b, const struct principal *p, const char *column);
/*
 * Append the intersection of the caller's scopes with node's subtree as
 * plain ranges: "((column >= $a AND column < $b))", node's range when a scope
 * holds node, else the range of each scope that node holds ("1 = 0" when
 * none): one range a subtree, so that an index is ranged by the narrow
 * bounds (SQLite ranges an index by the first bounds it reads; the scope's
 * and the node's both walked a province's rows for a village).  node NULL or
 * "": scope_where().
 */
void scope_where_under(struct sqlbuf *b, const struct principal *p, const char *column, const char *node);
/* Does the caller's scope overlap the subtree of division (a county campaign that a township
 * works its part of)? */
bool scope_reaches(const struct principal *p, const char *division);
/* Is every code of codes[] inside the caller's scope? */
bool scope_allows_all(const struct principal *p, const char *const *codes, int n);

/*
 * May p write a setting whose place is the division subtree place?  A
 * setting of a place is written by a user whose scope holds that place; a
 * national setting (place "") by an administrator only.
 */
bool scope_may_set(const struct principal *p, const char *place);

#endif
