/*
 * requests_entities.c - the requests' entity: routing rules (派单规则) and their check.
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
