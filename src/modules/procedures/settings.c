/*
 * settings.c - the procedures' numbers as configuration by year and place:
 * each notice step's days and the exit threshold of the poverty incidence.
 * A value is set for a place (national "", a province, a county) from a
 * year on; for a case, the value of the nearest place up the tree with the
 * latest year not after the case's year wins, else the table's default
 * (procedure_defs.c).  GET/PUT /settings/procedures?division=; the
 * national values are the administrator's, a place's its own users'.
 */
#include <string.h>

#include "auth/scope.h"
#include "core/clock.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/crud.h"
#include "modules/procedures/procedures.h"
#include "modules/procedures/procedures_internal.h"
#include "modules/registry/registry.h"

/* The settings there are: a notice step's days (per kind and step) and the incidence threshold. */
#define SETTING_NOTICE "notice_days"
#define SETTING_INCIDENCE "incidence_permille"   /* e.g. 20: 2.0 % */

int procedure_setting(struct db *db, const char *kind, const char *step, const char *setting, const char *division,
		      int64_t year, int64_t fallback, int64_t *value)
{
	/* every ancestor of division (and the country), the nearest and the latest year first */
	int64_t v = 0;
	int rc = db_query_int(db, &v, "SELECT value FROM procedure_settings WHERE kind = $1 AND step = $2 AND setting = $3"
			      " AND year_from <= $4 AND (place = '' OR substr($5, 1, length(place)) = place)"
			      " ORDER BY length(place) DESC, year_from DESC LIMIT 1", "tttit", kind, step, setting, year,
			      division);
	*value = rc == DB_ROW ? v : fallback;
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

static bool known_setting(const char *kind, const char *step, const char *setting, const char **why)
{
	const struct procedure_def *d = procedure_def_find(kind);
	if (d == NULL) {
		*why = "kind";
		return false;
	}
	if (!strcmp(setting, SETTING_INCIDENCE)) {
		*why = "step";
		return d->subject != SUBJECT_HOUSEHOLD && *step == '\0';
	}
	if (!strcmp(setting, SETTING_NOTICE)) {
		int k = procedure_step_index(d, step);
		*why = "step";
		return k >= 0 && (d->steps[k].needs & NEED_NOTICE);
	}
	*why = "setting";
	return false;
}

static json_t *rows_at(struct req *r, const char *place)
{
	json_t *a = json_array();
	struct db_stmt *q = db_query(r->db, "SELECT kind, step, setting, year_from, value FROM procedure_settings"
				     " WHERE place = $1 ORDER BY kind, step, setting, year_from", "t", place);
	while (q && db_step(q) == DB_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:I}", "kind", db_column_text(q, 0), "step",
						   db_column_text(q, 1), "setting", db_column_text(q, 2), "year_from",
						   (json_int_t)db_column_int(q, 3), "value", (json_int_t)db_column_int(q, 4)));
	db_finalize(q);
	return a;
}

/* What is in force at place for year: every notice step's days and the places' thresholds. */
static json_t *effective_at(struct req *r, const char *place, int64_t year)
{
	json_t *a = json_array();
	for (int i = 0; i < procedure_defs_count; i++) {
		const struct procedure_def *d = procedure_defs[i];
		for (int k = 0; k < d->nsteps; k++) {
			if (!(d->steps[k].needs & NEED_NOTICE))
				continue;
			int64_t v;
			procedure_setting(r->db, d->kind, d->steps[k].code, SETTING_NOTICE, place, year, d->steps[k].notice_days, &v);
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:I}", "kind", d->kind, "step", d->steps[k].code,
							   "setting", SETTING_NOTICE, "value", (json_int_t)v, "default",
							   (json_int_t)d->steps[k].notice_days));
		}
		if (d->subject != SUBJECT_HOUSEHOLD) {
			int64_t v;
			procedure_setting(r->db, d->kind, "", SETTING_INCIDENCE, place, year, 0, &v);
			json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o, s:s}", "kind", d->kind, "step", "", "setting",
							   SETTING_INCIDENCE, "value", v ? json_integer(v) : json_null(),
							   "default", "20 (30 in the west)"));
		}
	}
	return a;
}

static int place_param(struct req *r, const char **place)
{
	int st = req_query_division(r, "division", place);
	if (st)
		return st;
	if (*place == NULL)
		*place = "";
	if (strlen(*place) > 6)
		return reply_error_msg(r, ERR_VALIDATION, "程序设置的地方为全国、省、市或县", "A setting's place is the country,"
				       " a province, a city or a county", "division");
	return 0;
}

static int reply_settings(struct req *r, const char *place, int64_t year)
{
	return reply_json(r, 200, json_pack("{s:s, s:I, s:o, s:o}", "division", place, "year", (json_int_t)year, "rules",
					    rows_at(r, place), "effective", effective_at(r, place, year)));
}

int procedure_settings_get(struct req *r)
{
	const char *place;
	int64_t year = crud_today() / 10000;
	int st = place_param(r, &place);
	if (!st)
		st = req_query_int(r, "year", REGISTRY_YEAR_MIN, REGISTRY_YEAR_MAX, &year);
	return st ? st : reply_settings(r, place, year);
}

/* The keys of procedure_settings_put's body (also the route's documented fields, app/routes.c). */
const char *const procedure_settings_put_fields[] = { "rules", NULL };

/* Body {rules: [{kind, step, setting, year_from, value}]}: replaces the place's rules. */
int procedure_settings_put(struct req *r)
{
	const char *place;
	int st = place_param(r, &place);
	if (!st)
		st = body_object(r, procedure_settings_put_fields);
	if (st)
		return st;
	if (!scope_may_set(r->user, place))
		return reply_error_msg(r, ERR_FORBIDDEN, *place ? "该地方不在您的管辖范围内" : "全国范围的设置只有系统管理员可以修改",
				       *place ? "The place is outside your scope" : "Only an administrator may change a national setting",
				       "division");
	json_t *rules = json_object_get(r->json, "rules");
	if (!json_is_array(rules) || json_array_size(rules) > 200)
		return reply_error_msg(r, ERR_VALIDATION, "设置应为规则数组（最多 200 条）", "rules is an array (at most 200)", "rules");
	size_t i;
	json_t *x;
	json_array_foreach(rules, i, x) {
		const char *kind = json_string_value(json_object_get(x, "kind")), *step = json_string_value(json_object_get(x, "step")),
			   *setting = json_string_value(json_object_get(x, "setting")), *why = "rules";
		json_t *year = json_object_get(x, "year_from"), *value = json_object_get(x, "value");
		if (!kind || !setting || !known_setting(kind, step ? step : "", setting, &why))
			return reply_error_msg(r, ERR_VALIDATION,
					       "每条设置应为一类程序公示步骤的工作日数，或村、县退出的贫困发生率千分比",
					       "Each rule is a notice step's days or a place exit's incidence threshold", "rules");
		if (!json_is_integer(year) || json_integer_value(year) < REGISTRY_YEAR_MIN ||
		    json_integer_value(year) > REGISTRY_YEAR_MAX || !json_is_integer(value) || json_integer_value(value) < 1 ||
		    json_integer_value(value) > 365)
			return reply_error_msg(r, ERR_VALIDATION, "起始年度应为 2013 到 2100，数值应为 1 到 365",
					       "year_from is 2013..2100 and value 1..365", "rules");
	}
	json_t *before = rows_at(r, place);
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "DELETE FROM procedure_settings WHERE place = $1", "t", place);
	json_array_foreach(rules, i, x) {
		const char *step = json_string_value(json_object_get(x, "step"));
		if (rc == DB_OK)
			rc = db_exec(r->db, "INSERT INTO procedure_settings (kind, step, setting, place, year_from, value, updated_at)"
				     " VALUES ($1, $2, $3, $4, $5, $6, $7)", "tttt" "iii", json_string_value(json_object_get(x, "kind")),
				     step ? step : "", json_string_value(json_object_get(x, "setting")), place,
				     (int64_t)json_integer_value(json_object_get(x, "year_from")),
				     (int64_t)json_integer_value(json_object_get(x, "value")), clock_now());
	}
	struct audit_entry e = { .action = "update", .entity = "procedure_settings", .entity_id = place,
				 .division = place, .before = before, .after = rules };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	return st ? st : reply_settings(r, place, crud_today() / 10000);
}
