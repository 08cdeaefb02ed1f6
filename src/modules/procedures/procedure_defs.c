/*
 * procedure_defs.c - the steps of each procedure (see procedure_defs.h).
 * Sources: ../shared/domain.md 1 (两公示一公告), 2.1 (household exit, notice of
 * at least 7 working days), 3 (monitoring: 农户自主申报、基层干部排查、部门筛查预警 →
 * 入户核实 → 村级民主评议 → 公示 → 乡镇审核 → 县级审定; elimination by the same steps).
 */
#include "modules/procedures/procedure_defs.h"

#include <string.h>

#define VILLAGE R(ROLE_VILLAGE)
#define FIELD (R(ROLE_VILLAGE) | R(ROLE_GRID) | R(ROLE_CADRE))

/* 识别: 农户申请 → 村民主评议 → 村内第一次公示 → 乡镇审核 → 第二次公示 → 县审批公告 */
static const struct step_def identification[] = {
	{ "apply", "农户申请（或排查发现）", "Application or finding", FIELD, 0, 0, NULL },
	{ "village_appraisal", "村级民主评议", "Village democratic appraisal", VILLAGE, NEED_VOTES, 0, NULL },
	{ "first_notice", "村内第一次公示", "First public notice in the village", VILLAGE, NEED_NOTICE, 7,
	  "village_appraisal" },
	{ "township_review", "乡镇审核", "Township review", R(ROLE_TOWNSHIP), 0, 0, NULL },
	{ "second_notice", "乡镇审核后第二次公示", "Second public notice", R(ROLE_TOWNSHIP), NEED_NOTICE, 7,
	  "township_review" },
	{ "county_approval", "县级审批", "County approval", R(ROLE_COUNTY), 0, 0, NULL },
	{ "announcement", "县级公告，纳入建档立卡", "County announcement", R(ROLE_COUNTY), 0, 0, NULL },
};

/* 退出: 小组民主评议 → 村两委核实 → 驻村工作队核实 → 农户认可签字 → 村内公示（不少于7个工作日）→ 乡镇审核 → 县级审批 → 公告退出 */
static const struct step_def household_exit[] = {
	{ "group_appraisal", "村民小组民主评议", "Group democratic appraisal", VILLAGE, NEED_VOTES, 0, NULL },
	{ "village_verify", "村两委核实", "Village committees verify", VILLAGE, NEED_EVIDENCE, 0, NULL },
	{ "team_verify", "驻村工作队核实", "Resident team verifies", R(ROLE_CADRE) | VILLAGE, NEED_EVIDENCE, 0, NULL },
	{ "household_ack", "拟退出户认可签字", "The household acknowledges (signed form)", VILLAGE,
	  NEED_EVIDENCE | NEED_SIGNED, 0, NULL },
	{ "notice", "村内公示（不少于7个工作日）", "Public notice in the village (at least 7 working days)", VILLAGE, NEED_NOTICE, 7,
	  "village_verify" },
	{ "township_review", "乡镇审核", "Township review", R(ROLE_TOWNSHIP), 0, 0, NULL },
	{ "county_approval", "县级审批", "County approval", R(ROLE_COUNTY), 0, 0, NULL },
	{ "announcement", "公告退出，标注脱贫", "Announcement: exited", R(ROLE_COUNTY), 0, 0, NULL },
};

/* 监测对象识别 (since 2021) */
static const struct step_def monitoring[] = {
	{ "declare", "农户申报、干部排查或部门预警", "Declared, found or flagged", FIELD | R(ROLE_TOWNSHIP), 0, 0, NULL },
	{ "home_verify", "入户核实", "Home verification", FIELD, NEED_EVIDENCE, 0, NULL },
	{ "village_appraisal", "村级民主评议", "Village democratic appraisal", VILLAGE, NEED_VOTES, 0, NULL },
	{ "notice", "村内公示", "Public notice in the village", VILLAGE, NEED_NOTICE, 7, "home_verify" },
	{ "township_review", "乡镇审核", "Township review", R(ROLE_TOWNSHIP), 0, 0, NULL },
	{ "county_approval", "县级审定，纳入监测", "County decision: monitored", R(ROLE_COUNTY), 0, 0, NULL },
};

/* 风险消除: the same steps with a notice; the case must have run at least six months */
static const struct step_def elimination[] = {
	{ "propose", "提出风险消除", "Proposal", FIELD, 0, 0, NULL },
	{ "home_verify", "入户核实（收入稳定、两不愁三保障及饮水安全）", "Home verification", FIELD, NEED_EVIDENCE, 0, NULL },
	{ "village_appraisal", "村级民主评议", "Village democratic appraisal", VILLAGE, NEED_VOTES, 0, NULL },
	{ "notice", "村内公示", "Public notice in the village", VILLAGE, NEED_NOTICE, 7, "home_verify" },
	{ "township_review", "乡镇审核", "Township review", R(ROLE_TOWNSHIP), 0, 0, NULL },
	{ "county_approval", "县级审定，标注风险消除", "County decision: risk eliminated", R(ROLE_COUNTY), 0, 0, NULL },
};

/* 贫困村退出: 乡镇提出 → 县级审核 → 市级初审 → 省级核查 → 乡镇内公示 → 批准退出.  The city's and the
 * province's steps are recorded by the county with their documents as evidence (they have no accounts here). */
static const struct step_def village_exit[] = {
	{ "township_propose", "乡镇提出退出申请", "The township proposes", R(ROLE_TOWNSHIP), NEED_EVIDENCE, 0, NULL },
	{ "county_review", "县级审核", "County review", R(ROLE_COUNTY), 0, 0, NULL },
	{ "city_review", "市级初审（录入批复）", "City review (its reply on file)", R(ROLE_COUNTY), NEED_EVIDENCE, 0, NULL },
	{ "province_verify", "省级核查（录入核查结论）", "Province verifies (its finding on file)", R(ROLE_COUNTY),
	  NEED_EVIDENCE, 0, NULL },
	{ "notice", "在乡镇内公示", "Public notice in the township", R(ROLE_COUNTY), NEED_NOTICE, 7, "county_review" },
	{ "approval", "批准退出，公告", "Approval and announcement", R(ROLE_COUNTY), NEED_EVIDENCE, 0, NULL },
};

/* 贫困县摘帽: 县级提出 → 市级初审 → 省级核查 → 公示（山西 7 天）→ 省政府批准 */
static const struct step_def county_exit[] = {
	{ "county_propose", "县级提出退出申请", "The county proposes", R(ROLE_COUNTY), NEED_EVIDENCE, 0, NULL },
	{ "city_review", "市级初审（录入批复）", "City review (its reply on file)", R(ROLE_COUNTY), NEED_EVIDENCE, 0, NULL },
	{ "province_verify", "省级核查及第三方评估（录入结论）", "Province verifies (its finding on file)", R(ROLE_COUNTY),
	  NEED_EVIDENCE, 0, NULL },
	{ "notice", "公示", "Public notice", R(ROLE_COUNTY), NEED_NOTICE, 7, "province_verify" },
	{ "approval", "省政府批准退出（录入批复）", "The province approves (its decision on file)", R(ROLE_COUNTY),
	  NEED_EVIDENCE, 0, NULL },
};

#define DEF(kind, zh, en, steps, effect, subject, statuses)                                                   \
	static const struct procedure_def def_##kind = { #kind, zh, en, steps, sizeof(steps) / sizeof(steps[0]), \
							 effect, subject, statuses }

DEF(identification, "贫困户识别", "Identification", identification, EFFECT_IDENTIFY, SUBJECT_HOUSEHOLD, "not_registered");
DEF(exit, "贫困户退出", "Household exit", household_exit, EFFECT_EXIT, SUBJECT_HOUSEHOLD, "poor relapsed");
DEF(monitoring, "监测对象识别", "Monitoring identification", monitoring, EFFECT_MONITOR, SUBJECT_HOUSEHOLD, NULL);
DEF(elimination, "风险消除", "Risk elimination", elimination, EFFECT_ELIMINATE, SUBJECT_HOUSEHOLD, NULL);
DEF(village_exit, "贫困村退出", "Village exit", village_exit, EFFECT_PLACE_EXIT, SUBJECT_VILLAGE, NULL);
DEF(county_exit, "贫困县摘帽", "County exit", county_exit, EFFECT_PLACE_EXIT, SUBJECT_COUNTY, NULL);

const struct procedure_def *const procedure_defs[] = { &def_identification, &def_exit, &def_monitoring,
						       &def_elimination, &def_village_exit, &def_county_exit };
const int procedure_defs_count = sizeof(procedure_defs) / sizeof(procedure_defs[0]);

const struct procedure_def *procedure_def_find(const char *kind)
{
	for (int i = 0; kind && i < procedure_defs_count; i++)
		if (!strcmp(procedure_defs[i]->kind, kind))
			return procedure_defs[i];
	return NULL;
}

int procedure_step_index(const struct procedure_def *def, const char *code)
{
	for (int i = 0; code && i < def->nsteps; i++)
		if (!strcmp(def->steps[i].code, code))
			return i;
	return -1;
}
