/* roles.c - the role table. */
#include "auth/roles.h"

#include <string.h>

#define P(x) (1u << (x))

struct role_row {
	const char *name;
	const char *zh;
	const char *en;
	unsigned perms;
	bool manages_accounts;   /* may create accounts below it (not admin/auditor) */
};

static const struct role_row roles[ROLE_COUNT] = {
	[ROLE_ADMIN] = { "admin", "系统管理员", "System administrator",
			 P(PERM_LOGIN) | P(PERM_USERS_READ) | P(PERM_USERS_WRITE) | P(PERM_DATA_READ) |
			 P(PERM_DATA_WRITE) | P(PERM_SENSITIVE_READ) | P(PERM_SETTINGS_WRITE) | P(PERM_IMPORT), true },
	[ROLE_AUDITOR] = { "auditor", "审计员", "Auditor",
			   P(PERM_LOGIN) | P(PERM_AUDIT_READ) | P(PERM_USERS_READ) | P(PERM_DATA_READ), false },
	[ROLE_COUNTY] = { "county", "县级工作人员", "County staff",
			  P(PERM_LOGIN) | P(PERM_USERS_READ) | P(PERM_USERS_WRITE) | P(PERM_DATA_READ) |
			  P(PERM_DATA_WRITE) | P(PERM_SENSITIVE_READ) | P(PERM_SETTINGS_WRITE) | P(PERM_IMPORT), true },
	[ROLE_TOWNSHIP] = { "township", "乡镇工作人员", "Township staff",
			    P(PERM_LOGIN) | P(PERM_USERS_READ) | P(PERM_USERS_WRITE) | P(PERM_DATA_READ) |
			    P(PERM_DATA_WRITE) | P(PERM_SENSITIVE_READ) | P(PERM_IMPORT), true },
	[ROLE_VILLAGE] = { "village", "村级工作人员", "Village staff",
			   P(PERM_LOGIN) | P(PERM_DATA_READ) | P(PERM_DATA_WRITE) | P(PERM_SENSITIVE_READ), false },
	[ROLE_GRID] = { "grid", "网格员", "Grid worker",
			P(PERM_LOGIN) | P(PERM_DATA_READ) | P(PERM_DATA_WRITE), false },
	[ROLE_CADRE] = { "cadre", "帮扶干部", "Assistance cadre",
			 P(PERM_LOGIN) | P(PERM_DATA_READ) | P(PERM_DATA_WRITE), false },
	[ROLE_VIEWER] = { "viewer", "只读用户", "Read-only viewer", P(PERM_LOGIN) | P(PERM_DATA_READ), false },
};

static const char *const perm_names[PERM_COUNT] = {
	[PERM_LOGIN] = "login", [PERM_USERS_READ] = "users_read", [PERM_USERS_WRITE] = "users_write",
	[PERM_AUDIT_READ] = "audit_read", [PERM_SENSITIVE_READ] = "sensitive_read", [PERM_DATA_READ] = "data_read",
	[PERM_DATA_WRITE] = "data_write", [PERM_SETTINGS_WRITE] = "settings_write", [PERM_IMPORT] = "import",
};

const char *perm_name(enum perm p)
{
	return p >= 0 && p < PERM_COUNT && perm_names[p] ? perm_names[p] : "";
}

enum role role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return (enum role)i;
	return ROLE_INVALID;
}

static bool valid(enum role r)
{
	return r >= 0 && r < ROLE_COUNT;
}

const char *role_name(enum role r) { return valid(r) ? roles[r].name : "invalid"; }
const char *role_label_zh(enum role r) { return valid(r) ? roles[r].zh : "无效角色"; }
const char *role_label_en(enum role r) { return valid(r) ? roles[r].en : "Invalid role"; }

bool role_has(enum role r, enum perm p)
{
	return valid(r) && p >= 0 && p < PERM_COUNT && (roles[r].perms & P(p));
}

bool role_can_assign(enum role actor, enum role target)
{
	if (!valid(actor) || !valid(target))
		return false;
	if (actor == ROLE_ADMIN)
		return true;
	/* no more than the actor holds: a township cannot make a county account */
	return roles[actor].manages_accounts && target != ROLE_ADMIN && target != ROLE_AUDITOR &&
	       (roles[target].perms & ~roles[actor].perms) == 0;
}
