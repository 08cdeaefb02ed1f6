/*
 * requests_entities.c - the requests' entities: routing rules (派单规则) and
 * escalation targets (督办对象), with their checks.
 */
#include "modules/requests/requests_entities.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/mem.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/entity_rules.h"

#define N(a) (int)(sizeof(a) / sizeof(a[0]))

/* Field rows leave dict, ref and limits zero unless they need them. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct field routing_rule_fields[] = {
	{ "division", FT_DIVISION, "适用区划", "Place (and below)", F_REQUIRED | F_LIST },
	{ "category", FT_TEXT, "诉求类别（空为全部）", "Category (empty: all)", F_LIST | F_FILTER, .max_len = 40 },
	{ "org_id", FT_REF, "责任党组织", "Responsible organisation", F_REQUIRED | F_LIST | F_FILTER, .ref = "org" },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 200 },
};

/* A rule's category must exist (or be absent: every category). */
static int routing_rule_check(struct req *r, json_t *rec)
{
	const char *category = json_string_value(json_object_get(rec, "category"));
	if (category && *category) {
		int64_t n = 0;
		db_query_int(r->db, &n, "SELECT COUNT(*) FROM request_categories WHERE code = $1", "t", category);
		if (n == 0)
			return reply_error_msg(r, ERR_VALIDATION, "未知诉求类别", "Unknown category", "category");
	} else
		json_object_set_new(rec, "category", json_null());
	return 0;
}

const struct entity entity_routing_rule = {
	"routing_rule", "routing_rules", "/api/v1/routing-rules", "诉求派单规则", "Routing rule",
	routing_rule_fields, N(routing_rule_fields), "division", "division, id", routing_rule_check, NULL,
	.label = NULL,
};

/* ---- escalation targets: where an organisation type's overdue requests go, per county ---- */

static const struct field escalation_target_fields[] = {
	{ "division", FT_DIVISION, "适用区划（县或乡镇）", "Place (county or township, and below)", F_REQUIRED | F_LIST },
	{ "org_type", FT_DICT, "办理党组织类型", "Type of the handling organisation", F_REQUIRED | F_LIST | F_FILTER,
	  .dict = "org_type" },
	{ "target_org_id", FT_REF, "督办党组织", "Supervising organisation", F_REQUIRED | F_LIST, .ref = "org" },
	{ "note", FT_TEXT, "备注", "Note", 0, .max_len = 200 },
};

/* A setting of a county (or a township in it): one row per place and type. */
static int escalation_target_check(struct req *r, json_t *rec)
{
	const char *division = json_string_value(json_object_get(rec, "division"));
	enum division_level level = division ? division_level(division) : DIV_INVALID;
	if (level != DIV_COUNTY && level != DIV_TOWNSHIP)
		return reply_error_msg(r, ERR_VALIDATION, "督办对象按县或乡镇设置", "Escalation targets are set per county or township",
				       "division");
	int64_t n = 0, id = json_integer_value(json_object_get(rec, "id"));
	db_query_int(r->db, &n, "SELECT COUNT(*) FROM request_escalation_targets WHERE division = $1 AND org_type = $2"
		     " AND id <> $3", "tti", division, json_string_value(json_object_get(rec, "org_type")), id);
	if (n > 0)
		return reply_error_msg(r, ERR_CONFLICT, "该区划已为这类党组织设置了督办对象", "This place already has a target for the type",
				       "org_type");
	return 0;
}

const struct entity entity_request_escalation_target = {
	"request_escalation_target", "request_escalation_targets", "/api/v1/request-escalation-targets", "诉求督办对象",
	"Escalation target", escalation_target_fields, N(escalation_target_fields), "division", "division, org_type, id",
	escalation_target_check, NULL, .label = NULL,
};
