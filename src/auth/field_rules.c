/* field_rules.c - the table of who may change which field (field_rules.h). */
#include "auth/field_rules.h"

#include <string.h>

#define R(x) (1u << (x))
#define COUNTY_UP (R(ROLE_ADMIN) | R(ROLE_COUNTY))
#define TOWNSHIP_UP (COUNTY_UP | R(ROLE_TOWNSHIP))
#define VILLAGE_UP (TOWNSHIP_UP | R(ROLE_VILLAGE))

const struct field_rule field_rules[] = {
	/* a household exits through the exit procedure (modules/procedures), whose county announcement
	 * sets the status; a form may not.  The administrator may correct a record (audited, with its
	 * reason); the county imports the exits the national system already holds. */
	{ "household", "status", "exited_enjoying|exited", R(ROLE_ADMIN), COUNTY_UP,
	  "农户退出须经退出程序（民主评议、核实、公示、乡镇审核、县级审批公告），不能直接修改户状态",
	  "A household exits through the exit procedure (/procedures), not by changing its status" },
	/* a household's monitoring (防返贫监测) is opened and closed through the monitoring and elimination
	 * procedures; no form sets it on the household, and the county imports the cases the national
	 * system holds (modules/registry/hh_monitor.c) */
	{ "household", "monitoring", NULL, 0, COUNTY_UP,
	  "防返贫监测对象经监测识别、风险消除程序确定；由文件导入国家系统的监测信息须县级账号",
	  "Monitoring is decided through the monitoring and elimination procedures; importing the national system's "
	  "monitoring data needs a county account" },
	/* party organisations are set up by the party committees, not by grid workers or cadres */
	{ "org", NULL, NULL, VILLAGE_UP, 0,
	  "网格员和帮扶干部不能新建党组织", "Grid workers and assistance cadres do not create party organisations" },
	/* 软弱涣散 and 示范 are judged by the township or county committee, never by the branch's own village */
	{ "org", "weak", NULL, TOWNSHIP_UP, 0,
	  "软弱涣散党组织由乡镇或县级认定，村级、网格员和帮扶干部不能标记或取消",
	  "Only the township or county flags or unflags a weak and lax branch" },
	{ "org", "demonstration", NULL, TOWNSHIP_UP, 0,
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

static const struct field_rule *denies(enum role role, const char *entity, const char *field, const char *value,
				       bool import)
{
	for (int i = 0; i < field_rules_count; i++) {
		const struct field_rule *f = &field_rules[i];
		if (strcmp(f->entity, entity) != 0 || (f->field == NULL) != (field == NULL) ||
		    (field && strcmp(f->field, field) != 0))
			continue;
		if (f->values && !in_values(f->values, value))
			continue;
		unsigned roles = import && f->import_roles ? f->import_roles : f->roles;
		if (role < 0 || role >= ROLE_COUNT || !(roles & R(role)))
			return f;
	}
	return NULL;
}

const struct field_rule *field_rule_denies(enum role role, const char *entity, const char *field, const char *value)
{
	return denies(role, entity, field, value, false);
}

const struct field_rule *field_rule_denies_import(enum role role, const char *entity, const char *field,
						  const char *value)
{
	return denies(role, entity, field, value, true);
}
