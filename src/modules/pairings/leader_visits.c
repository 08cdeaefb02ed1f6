/*
 * leader_visits.c - 领导干部遍访: the leaders' visits of a period against
 * their duty, ranked, for the weekly and monthly bulletins (GET
 * /stats/bulletin's "leader_visits" section and its sheet rows).
 *
 * The leaders are the people of the subtree whose cadre role is county or
 * township leader.  A leader's duty has two parts: days in villages (a day
 * with any visit or patrol of its own), the leader_village_days rule of
 * its place (乳源: 3 in every 7 days) scaled to the period's length and
 * rounded down, for township leaders; and the villages paired with it on
 * the period's last day (its responsibility zone, its 片区's villages, the
 * villages it guides), each to be visited at least once in the period.
 * The duty's rate is the share of its units done, (days in villages up to
 * the required + villages reached) / (required days + paired villages);
 * leaders are ranked by it, then by visits, equal ones sharing a rank;
 * a leader with no duty has no rate and comes last.
 */
#include "modules/pairings/pairings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/division.h"
#include "core/xlsx_write.h"
#include "db/db.h"
#include "http/reply.h"
#include "modules/pairings/pairings_entities.h"
#include "modules/pairings/pairings_internal.h"

#define LEADERS_MAX 1000

/* The visits of pe.id from $1 to $2. */
#define OWN_VISITS " FROM visits v WHERE v.person_id = pe.id AND v.visited_on >= $1 AND v.visited_on <= $2"

/* The villages paired with person $3 on $2, and whether the person visited each from $1 to $2. */
#define PAIRED_VILLAGES                                                                                                  \
	"SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM visits v WHERE v.person_id = $3"                    \
	" AND v.division = d.code AND v.visited_on >= $1 AND v.visited_on <= $2) THEN 1 ELSE 0 END), 0)"                    \
	" FROM divisions d WHERE d.level = 'village' AND (d.code IN (SELECT p.target FROM pairings p WHERE p.person_id = $3" \
	" AND p.kind IN ('leader_zone', 'cadre_village') AND p.start_on <= $2 AND (p.end_on IS NULL OR p.end_on >= $2))"     \
	" OR EXISTS (SELECT 1 FROM pairings p JOIN pairing_areas a ON a.id = p.area_id WHERE p.person_id = $3"              \
	" AND p.kind = 'leader_area' AND p.start_on <= $2 AND (p.end_on IS NULL OR p.end_on >= $2)"                         \
	" AND ',' || REPLACE(a.villages, ' ', '') || ',' LIKE '%,' || d.code || ',%'))"

struct leader {
	json_t *o;
	double rate;
	bool has;
	int64_t visits;
};

static int leader_cmp(const void *a, const void *b)
{
	const struct leader *x = a, *y = b;
	if (x->has != y->has)
		return x->has ? -1 : 1;
	if (x->has && x->rate != y->rate)
		return x->rate < y->rate ? 1 : -1;
	return x->visits < y->visits ? 1 : x->visits > y->visits ? -1 : 0;
}

/* The duty of one leader (o has its role and division): required days and paired villages. */
static int duty_of(struct req *r, json_t *o, int64_t id, const char *from, const char *to, int64_t ndays, struct leader *l)
{
	const char *role = json_string_value(json_object_get(o, "cadre_role")), *place = json_string_value(json_object_get(o, "division"));
	int64_t required = 0;
	if (!strcmp(role, "township_leader")) {
		int64_t every = pairing_rule_value(r, "leader_village_days", place, true, 7);
		int64_t per = pairing_rule_value(r, "leader_village_days", place, false, 3);
		required = every > 0 ? per * ndays / every : 0;
	}
	struct db_stmt *q = db_query(r->db, PAIRED_VILLAGES, "tti", from, to, id);
	int rc = q ? db_step(q) : DB_ERROR;
	int64_t paired = rc == DB_ROW ? db_column_int(q, 0) : 0, reached = rc == DB_ROW ? db_column_int(q, 1) : 0;
	db_finalize(q);
	if (rc != DB_ROW)
		return -1;
	int64_t days = json_integer_value(json_object_get(o, "village_days"));
	int64_t done = (days < required ? days : required) + reached;
	json_object_set_new(o, "days_required", json_integer(required));
	json_object_set_new(o, "paired_villages", json_integer(paired));
	json_object_set_new(o, "villages_reached", json_integer(reached));
	l->has = required + paired > 0;
	l->rate = l->has ? (double)done / (double)(required + paired) : 0;
	json_object_set_new(o, "duty_rate", l->has ? json_real((double)(done * 10000 / (required + paired)) / 10000.0) : json_null());
	json_object_set_new(o, "duty_met", json_boolean(l->has && done == required + paired));
	return 0;
}

int pairings_leader_visits(struct req *r, const char *division, const char *from, const char *to, json_t **out)
{
	char hi[DIVISION_CODE_MAX + 2];
	division_subtree_upper(division, hi);
	int64_t ndays = pr_day_number(to) - pr_day_number(from) + 1;
	struct db_stmt *q = db_query(r->db, arena_printf(r->arena,
		"SELECT pe.id, pe.name, pe.division, pe.cadre_role, pe.position, (SELECT dn.name FROM divisions dn WHERE dn.code = pe.division),"
		" (SELECT COUNT(*)" OWN_VISITS "), (SELECT COUNT(DISTINCT v.visited_on)" OWN_VISITS "),"
		" (SELECT COUNT(DISTINCT v.division)" OWN_VISITS "),"
		" (SELECT COUNT(DISTINCT v.household_id)" OWN_VISITS " AND v.household_id IS NOT NULL)"
		" FROM people pe WHERE pe.cadre_role IN ('county_leader', 'township_leader') AND pe.division >= $3 AND pe.division < $4"
		" ORDER BY pe.division, pe.id LIMIT %d", LEADERS_MAX + 1), "tttt", from, to, division, hi);
	struct leader *list = arena_alloc(r->arena, sizeof(*list) * (LEADERS_MAX + 1));
	int n = 0, rc = DB_ERROR;
	while (q && (rc = db_step(q)) == DB_ROW && n <= LEADERS_MAX) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:I}", "person_id", (json_int_t)db_column_int(q, 0),
				      "name", db_column_text(q, 1), "division", db_column_text(q, 2), "cadre_role", db_column_text(q, 3),
				      "position", db_column_is_null(q, 4) ? json_null() : json_string(db_column_text(q, 4)),
				      "division_name", db_column_is_null(q, 5) ? json_null() : json_string(db_column_text(q, 5)),
				      "visits", (json_int_t)db_column_int(q, 6), "village_days", (json_int_t)db_column_int(q, 7),
				      "villages_visited", (json_int_t)db_column_int(q, 8), "households_visited", (json_int_t)db_column_int(q, 9));
		list[n++] = (struct leader){ .o = o, .visits = db_column_int(q, 6) };
	}
	db_finalize(q);
	bool truncated = n > LEADERS_MAX;
	if (truncated)
		json_decref(list[--n].o);
	int bad = q == NULL || (rc != DB_DONE && !truncated);
	for (int i = 0; i < n && !bad; i++)
		bad = duty_of(r, list[i].o, json_integer_value(json_object_get(list[i].o, "person_id")), from, to, ndays, &list[i]);
	if (!bad)
		qsort(list, (size_t)n, sizeof(*list), leader_cmp);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		int rank = i > 0 && list[i].has && !leader_cmp(&list[i], &list[i - 1])
				   ? (int)json_integer_value(json_object_get(json_array_get(items, (size_t)i - 1), "rank"))
				   : i + 1;
		json_object_set_new(list[i].o, "rank", list[i].has ? json_integer(rank) : json_null());
		json_array_append_new(items, list[i].o);
	}
	if (bad) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	*out = json_pack("{s:s, s:s, s:I, s:o, s:I, s:b}", "from", from, "to", to, "days", (json_int_t)ndays, "items", items, "total",
			 (json_int_t)n, "truncated", truncated);
	return 0;
}

int pairings_leader_visit_rows(struct req *r, struct sheet_writer *w, int row, json_t *section)
{
	static const char *const head[] = { "排名", "姓名", "职务", "区划", "走访次数", "在村天数", "应在村天数", "走访村数",
					    "结对村数", "已到结对村", "走访户数", "履职率" };
	static const char *const keys[] = { "visits", "village_days", "days_required", "villages_visited", "paired_villages",
					    "villages_reached", "households_visited" };
	unsigned bold[12], nums[12];
	for (int i = 0; i < 12; i++) {
		bold[i] = SHEET_BOLD;
		nums[i] = i == 0 || i >= 4 ? SHEET_NUMBER : 0;
	}
	const char *title[1] = { "领导干部遍访（走访周报/月报）" };
	int rc = sheet_writer_row(w, row++, title, bold, 1) || sheet_writer_row(w, row++, head, bold, 12);
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(section, "items"), i, o) {
		const char *cells[12];
		json_t *rank = json_object_get(o, "rank"), *rate = json_object_get(o, "duty_rate");
		cells[0] = json_is_integer(rank) ? arena_printf(r->arena, "%lld", (long long)json_integer_value(rank)) : NULL;
		cells[1] = json_string_value(json_object_get(o, "name"));
		cells[2] = json_string_value(json_object_get(o, "position"));
		cells[3] = json_string_value(json_object_get(o, "division_name"));
		for (int k = 0; k < 7; k++)
			cells[4 + k] = arena_printf(r->arena, "%lld", (long long)json_integer_value(json_object_get(o, keys[k])));
		cells[11] = json_is_number(rate) ? arena_printf(r->arena, "%.1f", json_number_value(rate) * 100) : NULL;
		rc = rc || sheet_writer_row(w, row++, cells, nums, 12);
	}
	return rc;
}
