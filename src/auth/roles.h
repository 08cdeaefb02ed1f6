/*
 * roles.h - who may do what: the role table and the permission bits.
 *
 * A role is a named bundle of permissions; the route table names the
 * permission a route needs and the dispatcher checks it here, once.  Data
 * scope (which divisions a user sees) is separate: see scope.h.
 */
#ifndef LIANXIN_AUTH_ROLES_H
#define LIANXIN_AUTH_ROLES_H

#include <stdbool.h>

enum role {
	ROLE_ADMIN,      /* system administrator */
	ROLE_AUDITOR,
	ROLE_COUNTY,     /* county organisation department staff */
	ROLE_TOWNSHIP,   /* township party committee staff */
	ROLE_VILLAGE,    /* village secretary, first secretary, resident team */
	ROLE_GRID,       /* grid worker */
	ROLE_CADRE,      /* assistance (pairing) cadre */
	ROLE_VIEWER,     /* read-only */
	ROLE_COUNT,
	ROLE_INVALID = -1
};

enum perm {
	PERM_LOGIN = 0,          /* any logged-in user */
	PERM_USERS_READ,
	PERM_USERS_WRITE,
	PERM_AUDIT_READ,
	PERM_SENSITIVE_READ,     /* see ID numbers, phones, health unmasked */
	PERM_DATA_READ,
	PERM_DATA_WRITE,
	PERM_SETTINGS_WRITE,     /* county-wide rules: income lines, calendars, quotas */
	PERM_IMPORT,             /* bulk imports of the registry (county and township work) */
	PERM_COUNT
};

enum role role_from_name(const char *name);
const char *role_name(enum role role);
const char *role_label_zh(enum role role);
const char *role_label_en(enum role role);
bool role_has(enum role role, enum perm perm);
/* The permission's name as /me lists it ("data_write"), "" for none. */
const char *perm_name(enum perm perm);
/* May a user of role actor give an account the role target?  An
 * administrator may give any; an account manager only a role whose
 * permissions are all its own, never administrator or auditor. */
bool role_can_assign(enum role actor, enum role target);

#endif
