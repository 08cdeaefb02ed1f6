/* field_rules.c - the table of who may change which field (field_rules.h). */
#include "auth/field_rules.h"

#include <string.h>

#define R(x) (1u << (x))
#define COUNTY_UP (R(ROLE_ADMIN) | R(ROLE_COUNTY))
#define TOWNSHIP_UP (COUNTY_UP | R(ROLE_TOWNSHIP))
#define VILLAGE_UP (TOWNSHIP_UP | R(ROLE_VILLAGE))

const struct field_rule field_rules[] = {
	/* exiting poverty is decided by the county (until the exit procedure lands, the county role) */
	{ "household", "status", "exited_enjoying|exited", COUNTY_UP,
	  "只有县级可以将农户标为已脱贫", "Only the county may mark a household as exited" },
	/* party organisations are set up by the party committees, not by grid workers or cadres */
	{ "org", NULL, NULL, VILLAGE_UP,
	  "网格员和帮扶干部不能新建党组织", "Grid workers and assistance cadres do not create party organisations" },
	/* 软弱涣散 and 示范 are judged by the township or county committee, never by the branch's own village */
	{ "org", "weak", NULL, TOWNSHIP_UP,
	  "软弱涣散党组织由乡镇或县级认定，村级、网格员和帮扶干部不能标记或取消",
	  "Only the township or county flags or unflags a weak and lax branch" },
	{ "org", "demonstration", NULL, TOWNSHIP_UP,
	  "示范党支部由乡镇或县级认定，村级、网格员和帮扶干部不能标记或取消",
	  "Only the township or county flags or unflags a demonstration branch" },
};
const int field_rules_count = sizeof(field_rules) / sizeof(field_rules[0]);

/* value is one of the '|'-separated values */
static bool in_values(const char *values, const char *value)
{
	size_t n = value ? strlen(value) : 0;
	for (const char *p = values; value && *p;) {
		size_t len = strcspn(p, "|");
		if (len == n && strncmp(p, value, n) == 0)
			return true;
		p += len + (p[len] == '|');
	}
	return false;
}

const struct field_rule *field_rule_denies(enum role role, const char *entity, const char *field, const char *value)
{
	for (int i = 0; i < field_rules_count; i++) {
		const struct field_rule *f = &field_rules[i];
		if (strcmp(f->entity, entity) != 0 || (f->field == NULL) != (field == NULL) ||
		    (field && strcmp(f->field, field) != 0))
			continue;
		if (f->values && !in_values(f->values, value))
			continue;
		if (role < 0 || role >= ROLE_COUNT || !(f->roles & R(role)))
			return f;
	}
	return NULL;
}
