/* crud.c - entity-driven lists, reads, writes, reveals and /meta. */
#include "model/crud.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/field_rules.h"
#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/fieldcrypt.h"
#include "core/idcard.h"
#include "core/intparse.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/utf8.h"
#include "db/at_rest.h"
#include "http/encoding.h"
#include "http/reply.h"
#include "http/router.h"
#include "model/dict.h"
#include "model/listing.h"
#include "model/audit.h"
#include "model/audit_views.h"
#include "model/env.h"

#define TEXT_MAX_DEFAULT 200
/* Asia/Shanghai, for "today" in date rules */
#define CHINA_OFFSET (8 * 3600)

int64_t crud_today(void)
{
	time_t t = (time_t)(clock_now() + CHINA_OFFSET);
	struct tm tm;
	gmtime_r(&t, &tm);
	return (int64_t)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}


static const struct entity *route_entity(struct req *r)
{
	return r->route->ctx;
}

/* ---- columns and JSON ------------------------------------------------------ */

/* Fields that also get a "<field>_name" column (divisions and references). */
static const char *name_source(const struct field *f, const char **key)
{
	if (f->type == FT_DIVISION) {
		*key = "code";
		return "divisions";
	}
	if (f->type == FT_REF) {
		const struct entity *target = entity_find(f->ref);
		*key = "id";
		return target && target->label ? target->table : NULL;
	}
	return NULL;
}

const char *crud_columns(struct req *r, const struct entity *e)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	for (int i = 0; i < e->nfields; i++) {
		sqlbuf_add(&b, i ? ", t." : "t.");
		sqlbuf_add(&b, e->fields[i].name);
	}
	for (int i = 0; i < e->nfields; i++) {
		const char *key, *table = name_source(&e->fields[i], &key);
		if (table) {
			const struct entity *target = e->fields[i].type == FT_REF ? entity_find(e->fields[i].ref) : NULL;
			sqlbuf_add(&b, arena_printf(r->arena, ", (SELECT n.%s FROM %s n WHERE n.%s = t.%s)",
						    target ? target->label : "name", table, key, e->fields[i].name));
		}
	}
	return b.sql;
}

static void mask_value(const struct field *f, const char *v, char *out, size_t len)
{
	size_t n = strlen(v);
	if (f->type == FT_IDCARD)
		idcard_mask(v, out, len);
	else if (f->type == FT_PHONE)
		phone_mask(v, out, len);
	else if (n > 4 && n < 40)   /* an account number: its last four digits */
		snprintf(out, len, "****%s", v + n - 4);
	else
		snprintf(out, len, "******");
}

/* "a,b,c" as ["a","b","c"]. */
static json_t *split_codes(const char *s)
{
	json_t *a = json_array();
	while (s && *s) {
		size_t n = strcspn(s, ",");
		if (n)
			json_array_append_new(a, json_stringn(s, n));
		s += n;
		if (*s == ',')
			s++;
	}
	return a;
}

/* A sealed column's value opened (db/at_rest.h); NULL when it does not open
 * with this key (logged), which shows as no value. */
static json_t *opened_json(const struct sealed_column *sc, const struct field *f, const char *stored, bool reveal)
{
	char plain[1024];
	if (fieldcrypt_open(sc->ad, stored, plain, sizeof(plain)) != 0) {
		log_error("crud: %s of a record does not open with this key", sc->ad);
		return json_null();
	}
	if (f->type == FT_INT)
		return json_integer(strtoll(plain, NULL, 10));   /* a disability grade */
	if (!(f->flags & F_MASKED) || reveal)
		return json_string(plain);
	char masked[64];
	mask_value(f, plain, masked, sizeof(masked));
	return json_string(masked);
}

json_t *crud_row_json(const struct entity *e, struct db_stmt *st, int first, bool reveal)
{
	json_t *o = json_object();
	int extra = first + e->nfields;
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		int col = first + i;
		const struct sealed_column *sc;
		json_t *v;
		if (db_column_is_null(st, col))
			v = json_null();
		else if ((sc = at_rest_find(e->table, f->name)) != NULL)
			v = opened_json(sc, f, db_column_text(st, col), reveal);
		else if (f->type == FT_INT || f->type == FT_REF)
			v = json_integer(db_column_int(st, col));
		else if (f->type == FT_BOOL)
			v = json_boolean(db_column_int(st, col) != 0);
		else if (f->type == FT_NUMBER)
			v = json_real(strtod(db_column_text(st, col), NULL));
		else if (f->type == FT_DICTS)
			v = split_codes(db_column_text(st, col));
		else if ((f->flags & F_MASKED) && !reveal) {
			char masked[64];
			mask_value(f, db_column_text(st, col), masked, sizeof(masked));
			v = json_string(masked);
		} else
			v = json_string(db_column_text(st, col));
		json_object_set_new(o, f->name, v);
		const char *key;
		if (name_source(f, &key)) {
			const char *name = db_column_text(st, extra++);
			char nk[64];
			snprintf(nk, sizeof(nk), "%s_name", f->name);
			json_object_set_new(o, nk, name ? json_string(name) : json_null());
		}
	}
	return o;
}

bool crud_mask_text(const struct entity *e, const char *name, const char *value, char *out, size_t len)
{
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (strcmp(f->name, name) == 0) {
			if (!(f->flags & F_MASKED))
				return false;
			mask_value(f, value, out, len);
			return true;
		}
	}
	return false;
}

/* RESTRICTED_MASK for every restricted field of rec that holds a value. */
static void hide_restricted(const struct entity *e, json_t *rec)
{
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *v = json_object_get(rec, f->name);
		if ((f->flags & F_RESTRICTED) && v && !json_is_null(v))
			json_object_set_new(rec, f->name, json_string(RESTRICTED_MASK));
	}
}

void crud_mask(const struct entity *e, json_t *rec)
{
	hide_restricted(e, rec);
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *v = json_object_get(rec, f->name);
		if ((f->flags & F_MASKED) && json_is_string(v)) {
			char masked[64];
			mask_value(f, json_string_value(v), masked, sizeof(masked));
			json_object_set_new(rec, f->name, json_string(masked));
		}
	}
}

/* ---- validation ------------------------------------------------------------ */

static int check_division(struct req *r, const struct field *f, const char *code)
{
	if (division_level(code) == DIV_INVALID)
		return reply_error(r, ERR_BAD_DIVISION, f->name);
	if (!scope_allows(r->user, code))
		return reply_error_msg(r, ERR_FORBIDDEN, "该区划不在您的管辖范围内",
				       "The division is outside your scope", f->name);
	int64_t n = 0;
	if (db_query_int(r->db, &n, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", code) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (n == 0)
		return reply_error_msg(r, ERR_BAD_DIVISION, "区划不存在", "No such division", f->name);
	return 0;
}

/* A reference must name a record the caller can see. */
static int check_ref(struct req *r, const struct field *f, int64_t id)
{
	const struct entity *target = entity_find(f->ref);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "SELECT COUNT(*) FROM %s t WHERE t.id = ", target->table));
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, arena_printf(r->arena, "t.%s", target->division_field));
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	if (st == NULL || db_step(st) != DB_ROW) {
		db_finalize(st);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t n = db_column_int(st, 0);
	db_finalize(st);
	if (n == 0)
		return reply_error_msg(r, ERR_VALIDATION,
				       arena_printf(r->arena, "引用的%s不存在", target->zh),
				       arena_printf(r->arena, "No such %s", target->en), f->name);
	return 0;
}

int crud_dict_error(struct req *r, const struct field *f)
{
	const struct dict *d = dict_find(f->dict);
	return reply_error_msg(r, ERR_VALIDATION,
			       arena_printf(r->arena, "%s应为以下之一：%s", f->zh, dict_values_text(d, true, r->arena)),
			       arena_printf(r->arena, "%s must be one of: %s", f->en, dict_values_text(d, false, r->arena)),
			       f->name);
}

/* Validate v for f; on success *out is the normalised value (new reference). */
static int validate_value(struct req *r, const struct field *f, json_t *v, json_t **out)
{
	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (f->flags & F_REQUIRED)
			return reply_error(r, ERR_MISSING_FIELD, f->name);
		*out = json_null();
		return 0;
	}
	const char *s = json_string_value(v);
	switch (f->type) {
	case FT_INT:
	case FT_REF:
		if (!json_is_integer(v) || (f->min < f->max && (json_integer_value(v) < f->min ||
								 json_integer_value(v) > f->max)) ||
		    (f->type == FT_REF && json_integer_value(v) <= 0))
			return reply_error_msg(r, ERR_VALIDATION, "应为有效的整数", "Expected a valid integer", f->name);
		if (f->type == FT_REF) {
			int st = check_ref(r, f, json_integer_value(v));
			if (st)
				return st;
		}
		*out = json_incref(v);
		return 0;
	case FT_BOOL:
		if (!json_is_boolean(v))
			return reply_error_msg(r, ERR_VALIDATION, "应为是或否", "Expected true or false", f->name);
		*out = json_incref(v);
		return 0;
	case FT_NUMBER:
		if (!json_is_number(v) || (f->min < f->max && (json_number_value(v) < (double)f->min ||
								json_number_value(v) > (double)f->max)))
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "应为 %lld 到 %lld 之间的数", (long long)f->min, (long long)f->max),
					       arena_printf(r->arena, "Expected a number from %lld to %lld", (long long)f->min, (long long)f->max),
					       f->name);
		*out = json_real(json_number_value(v));
		return 0;
	case FT_DICTS: {
		size_t i;
		json_t *item;
		if (!json_is_array(v) || json_array_size(v) > 32)
			return reply_error_msg(r, ERR_VALIDATION, "应为字典代码的数组", "Expected an array of codes", f->name);
		json_array_foreach(v, i, item)
			if (dict_item(dict_find(f->dict), json_string_value(item)) == NULL)
				return crud_dict_error(r, f);
		*out = json_incref(v);
		return 0;
	}
	default:
		break;
	}
	if (s == NULL || strlen(s) != json_string_length(v))
		return reply_error_msg(r, ERR_VALIDATION, "应为字符串", "Expected a string", f->name);
	switch (f->type) {
	case FT_TEXT: {
		size_t max = f->max_len ? (size_t)f->max_len : TEXT_MAX_DEFAULT;
		size_t n = utf8_chars(s);
		if ((f->flags & F_REQUIRED) && n == 0)
			return reply_error(r, ERR_MISSING_FIELD, f->name);
		if (n > max)
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "长度不能超过 %zu 个字符", max),
					       arena_printf(r->arena, "At most %zu characters", max), f->name);
		break;
	}
	case FT_DATE:
		if (!clock_valid_date(s))
			return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的年-月-日，如 2026-11-03",
					       "Expected a real date as YYYY-MM-DD", f->name);
		break;
	case FT_DICT:
		if (dict_item(dict_find(f->dict), s) == NULL)
			return crud_dict_error(r, f);
		break;
	case FT_DIVISION: {
		int st = check_division(r, f, s);
		if (st)
			return st;
		break;
	}
	case FT_IDCARD: {
		char norm[19];
		enum idcard_error e = idcard_validate(s, crud_today(), norm);
		if (e != IDCARD_OK)
			return reply_error_msg(r, ERR_VALIDATION, idcard_error_zh(e), idcard_error_en(e), f->name);
		*out = json_string(norm);
		return 0;
	}
	case FT_PHONE:
		if (!phone_valid(s))
			return reply_error_msg(r, ERR_VALIDATION, "电话号码格式不正确", "Not a valid phone number",
					       f->name);
		break;
	default:
		break;
	}
	*out = json_incref(v);
	return 0;
}

/*
 * The field rules (auth/field_rules.h): may the caller create a record of e
 * (f NULL), or change f from old to now?  Setting a field on a new record
 * counts as a change unless it leaves the default (null, false).
 */
static int check_field_rule(struct req *r, const struct entity *e, const struct field *f, json_t *old, json_t *now)
{
	enum role role = r->user ? r->user->role : ROLE_INVALID;
	const struct field_rule *rule;
	if (f == NULL) {
		rule = field_rule_denies(role, e->name, NULL, NULL);
	} else {
		bool unset = now == NULL || json_is_null(now) || json_is_false(now);
		if (old ? json_equal(old, now) || (json_is_null(old) && unset) || (json_is_false(old) && unset) : unset)
			return 0;
		rule = field_rule_denies(role, e->name, f->name, json_string_value(now));
	}
	return rule ? reply_error_msg(r, ERR_FORBIDDEN, rule->zh, rule->en, f ? f->name : NULL) : 0;
}

int crud_apply_body(struct req *r, const struct entity *e, json_t *rec, bool creating)
{
	if (!json_is_object(r->json))
		return reply_error_msg(r, ERR_BAD_JSON, "请求体必须是 JSON 对象", "The body must be a JSON object", NULL);
	const char *key;
	json_t *value;
	if (creating) {
		int st = check_field_rule(r, e, NULL, NULL, NULL);
		if (st)
			return st;
	}
	json_object_foreach(r->json, key, value) {
		const struct field *f = entity_field(e, key);
		if (f == NULL || (f->flags & F_READONLY))
			return reply_error(r, ERR_UNKNOWN_FIELD, arena_strdup(r->arena, key));
		json_t *norm;
		int st = validate_value(r, f, value, &norm);
		if (!st)
			st = check_field_rule(r, e, f, json_object_get(rec, f->name), norm);
		if (st) {
			json_decref(norm);
			return st;
		}
		json_object_set_new(rec, f->name, norm);
	}
	if (creating)
		for (int i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			json_t *v = json_object_get(rec, f->name);
			if ((f->flags & F_REQUIRED) && !(f->flags & F_READONLY) && (v == NULL || json_is_null(v)))
				return reply_error(r, ERR_MISSING_FIELD, f->name);
			if (f->type == FT_BOOL && (v == NULL || json_is_null(v)))
				json_object_set_new(rec, f->name, json_false());   /* a flag not given is off */
		}
	return e->check ? e->check(r, rec) : 0;
}

void crud_bind_value(struct sqlbuf *b, const struct field *f, json_t *rec)
{
	json_t *v = json_object_get(rec, f->name);
	if (v == NULL || json_is_null(v))
		sqlbuf_text(b, NULL);
	else if (f->type == FT_NUMBER)
		sqlbuf_text(b, arena_printf(b->arena, "%.4f", json_number_value(v)));
	else if (f->type == FT_DICTS) {
		size_t i, len = 0;
		json_t *item;
		json_array_foreach(v, i, item)
			len += strlen(json_string_value(item)) + 1;
		char *joined = arena_zalloc(b->arena, len + 1), *end = joined;
		json_array_foreach(v, i, item) {
			if (i)
				*end++ = ',';
			end = stpcpy(end, json_string_value(item));
		}
		sqlbuf_text(b, json_array_size(v) ? joined : NULL);
	} else if (json_is_integer(v))
		sqlbuf_int(b, json_integer_value(v));
	else if (json_is_boolean(v))
		sqlbuf_int(b, json_is_true(v));
	else
		sqlbuf_text(b, json_string_value(v));
}

/* The value of f as stored: sealed for a sealed column (db/at_rest.h). */
static void bind_stored(struct req *r, struct sqlbuf *b, const struct entity *e, const struct field *f, json_t *rec)
{
	const struct sealed_column *sc = at_rest_find(e->table, f->name);
	json_t *v = json_object_get(rec, f->name);
	if (sc && json_is_string(v))
		sqlbuf_text(b, fieldcrypt_seal_a(r->arena, sc->ad, json_string_value(v)));
	else if (sc && json_is_integer(v))
		sqlbuf_text(b, fieldcrypt_seal_a(r->arena, sc->ad, arena_printf(r->arena, "%lld", (long long)json_integer_value(v))));
	else
		crud_bind_value(b, f, rec);
}

/* The keyed hash of f's value for its hash column (NULL for no value). */
static const char *hash_of(struct req *r, const struct sealed_column *sc, json_t *rec)
{
	json_t *v = json_object_get(rec, sc->column);
	return json_is_string(v) ? fieldcrypt_hash_a(r->arena, sc->hash_domain, json_string_value(v)) : NULL;
}

/* ---- filters ---------------------------------------------------------------- */

int crud_filters(struct req *r, const struct entity *e, struct sqlbuf *b)
{
	sqlbuf_add(b, " AND ");
	int st = listing_scope_where(r, b, arena_printf(r->arena, "t.%s", e->division_field));
	if (st)
		return st;
	const char *q = req_query(r, "q");
	if (q && *q) {
		bool first = true;
		for (int i = 0; i < e->nfields; i++) {
			if (!(e->fields[i].flags & F_SEARCH))
				continue;
			sqlbuf_add(b, first ? " AND (" : " OR ");
			sqlbuf_add(b, arena_printf(r->arena, "t.%s LIKE ", e->fields[i].name));
			sqlbuf_like(b, q, true);
			first = false;
		}
		if (!first)
			sqlbuf_add(b, ")");
	}
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		if (!(f->flags & F_FILTER))
			continue;
		const char *v = req_query(r, f->name);
		if (v == NULL || *v == '\0')
			continue;
		if ((f->flags & F_RESTRICTED) && !role_has(r->user->role, PERM_SENSITIVE_READ))
			return reply_error_msg(r, ERR_FORBIDDEN, arena_printf(r->arena, "您的角色不能按%s筛选", f->zh),
					       arena_printf(r->arena, "Your role cannot filter by %s", f->en), f->name);
		if (f->type == FT_DICTS) {
			if (dict_item(dict_find(f->dict), v) == NULL)
				return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary",
						       f->name);
			sqlbuf_add(b, arena_printf(r->arena, " AND (',' || t.%s || ',') LIKE ", f->name));
			sqlbuf_text(b, arena_printf(r->arena, "%%,%s,%%", v));
			continue;
		}
		const struct sealed_column *sc = at_rest_find(e->table, f->name);
		if (sc && sc->hash_column) {
			/* a sealed code (a member's health) is compared by its keyed hash (db/at_rest.h) */
			if (f->type == FT_DICT && dict_item(dict_find(f->dict), v) == NULL)
				return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary",
						       f->name);
			sqlbuf_add(b, arena_printf(r->arena, " AND t.%s = ", sc->hash_column));
			sqlbuf_text(b, fieldcrypt_hash_a(r->arena, sc->hash_domain, v));
			continue;
		}
		sqlbuf_add(b, arena_printf(r->arena, " AND t.%s = ", f->name));
		int64_t n;
		if (f->type == FT_BOOL) {
			bool yes = !strcmp(v, "true") || !strcmp(v, "1");
			if (!yes && strcmp(v, "false") && strcmp(v, "0"))
				return reply_error_msg(r, ERR_VALIDATION, "应为是或否", "Expected true or false", f->name);
			sqlbuf_int(b, yes);
		} else if (f->type == FT_INT || f->type == FT_REF) {
			if (parse_int64(v, INT64_MIN, INT64_MAX, &n))
				return reply_error_msg(r, ERR_VALIDATION, "应为整数", "Expected an integer", f->name);
			sqlbuf_int(b, n);
		} else {
			if (f->type == FT_DICT && dict_item(dict_find(f->dict), v) == NULL)
				return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary",
						       f->name);
			sqlbuf_text(b, v);
		}
	}
	return e->filter ? e->filter(r, b) : 0;
}

/* ---- handlers --------------------------------------------------------------- */

/* rec as the caller may see it: restricted fields (health) hidden from roles that do not
 * read sensitive data.  Only at the reply: the records a write compares keep their values. */
static json_t *for_caller(struct req *r, const struct entity *e, json_t *rec)
{
	if (rec && !role_has(r->user->role, PERM_SENSITIVE_READ))
		hide_restricted(e, rec);
	return rec;
}

/* Whether rec shows a value of a restricted field. */
static bool shows_restricted(const struct entity *e, json_t *rec)
{
	for (int i = 0; i < e->nfields; i++) {
		json_t *v = json_object_get(rec, e->fields[i].name);
		if ((e->fields[i].flags & F_RESTRICTED) && v && !json_is_null(v) &&
		    !(json_is_string(v) && !strcmp(json_string_value(v), RESTRICTED_MASK)))
			return true;
	}
	return false;
}

/*
 * Every view of a restricted value is audited: the records of one reply that show one (a list's
 * page, or one record) make one "view" row, each record's id findable by GET /audit?entity_id=
 * (its run in audit_ranges), queued for the writer of model/audit_views.h.  When the row can't
 * be queued the values are hidden instead, so that no view goes unaudited.
 */
static void audit_restricted_views(struct req *r, const struct entity *e, json_t *items)
{
	size_t n = json_array_size(items), nruns = 0;
	struct audit_run *runs = arena_alloc(r->arena, (n ? n : 1) * sizeof(*runs));
	for (size_t i = 0; i < n; i++) {
		json_t *rec = json_array_get(items, i);
		if (!shows_restricted(e, rec))
			continue;
		int64_t id = json_integer_value(json_object_get(rec, "id"));
		const char *division = json_string_value(json_object_get(rec, e->division_field));
		struct audit_run *last = nruns ? &runs[nruns - 1] : NULL;
		if (last && last->last_id + 1 == id && division && !strcmp(last->division, division))
			last->last_id = id;
		else
			runs[nruns++] = (struct audit_run){ division ? division : "", id, id };
	}
	if (nruns == 0)
		return;
	struct audit_entry entry = { .action = "view", .entity = e->name, .detail = "restricted fields shown" };
	if (nruns == 1 && runs[0].first_id == runs[0].last_id)   /* one record shown */
		entry.entity_id = arena_printf(r->arena, "%lld", (long long)runs[0].first_id);
	if (audit_views_add(r->env->views, r, &entry, runs, (int)nruns))
		return;
	log_warn("crud: a view of %s's restricted fields could not be queued for the audit: hidden", e->name);
	for (size_t i = 0; i < n; i++)
		hide_restricted(e, json_array_get(items, i));
}

static void select_from(struct req *r, const struct entity *e, struct sqlbuf *b, const char *what)
{
	sqlbuf_add(b, "SELECT ");
	sqlbuf_add(b, what);
	sqlbuf_add(b, arena_printf(r->arena, " FROM %s t WHERE ", e->table));
	scope_where(b, r->user, arena_printf(r->arena, "t.%s", e->division_field));
}

#define META_COLUMNS "t.id, t.created_at, t.updated_at, "
#define META_COUNT 3

static json_t *record_json(const struct entity *e, struct db_stmt *st, bool reveal)
{
	json_t *o = crud_row_json(e, st, META_COUNT, reveal);
	char created[21], updated[21];
	clock_format_iso(db_column_int(st, 1), created);
	clock_format_iso(db_column_int(st, 2), updated);
	json_object_set_new(o, "id", json_integer(db_column_int(st, 0)));
	json_object_set_new(o, "created_at", json_string(created));
	json_object_set_new(o, "updated_at", json_string(updated));
	if (e->derive)
		e->derive(o);
	return o;
}

struct list_ctx {
	const struct entity *e;
	const struct crud_view *view;
};

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	const struct list_ctx *c = ctx;
	/* the scope under ?division= as one range a scope (auth/scope.h scope_where_under) */
	sqlbuf_add(b, arena_printf(r->arena, " FROM %s t WHERE 1 = 1", c->e->table));
	int st = crud_filters(r, c->e, b);
	if (!st && c->view && c->view->where)
		c->view->where(r, b, c->view->arg);
	return st;
}

static json_t *list_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	const struct list_ctx *c = ctx;
	json_t *o = for_caller(r, c->e, record_json(c->e, st, false));
	if (c->view && c->view->row)
		c->view->row(o, c->view->arg);
	return o;
}

static void list_before_reply(struct req *r, json_t *items, const void *ctx)
{
	audit_restricted_views(r, ((const struct list_ctx *)ctx)->e, items);
}

int crud_list_view(struct req *r, const struct entity *e, const struct crud_view *view)
{
	struct list_ctx c = { e, view };
	struct listing l = {
		.columns = arena_printf(r->arena, META_COLUMNS "%s", crud_columns(r, e)),
		.order = arena_printf(r->arena, "t.%s", e->order_by),
		.from = list_from, .row = list_row, .ctx = &c, .before_reply = list_before_reply, .key = "t.id", .entity = e,
	};
	return listing_reply(r, &l);
}

int crud_list_of(struct req *r, const struct entity *e)
{
	return crud_list_view(r, e, NULL);
}

/* Load record id within scope: DB_ROW with *out, DB_DONE (404) or error. */
static int load_record(struct req *r, const struct entity *e, int64_t id, bool reveal, json_t **out)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	select_from(r, e, &b, arena_printf(r->arena, META_COLUMNS "%s", crud_columns(r, e)));
	sqlbuf_add(&b, " AND t.id = ");
	sqlbuf_int(&b, id);
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	if (st == NULL)
		return DB_ERROR;
	int rc = db_step(st);
	if (rc == DB_ROW)
		*out = record_json(e, st, reveal);
	db_finalize(st);
	return rc;
}

/* The record named by the path, or the 404/500 reply. */
static int load_from_path(struct req *r, const struct entity *e, bool reveal, int64_t *id, json_t **rec)
{
	int st = req_path_id(r, 0, id);
	if (st)
		return st;
	int rc = load_record(r, e, *id, reveal, rec);
	if (rc == DB_DONE) {
		audit_denied_elsewhere(r, e->name, e->table, e->division_field, *id);
		return reply_error(r, ERR_NOT_FOUND, NULL);
	}
	if (rc != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return 0;
}

int crud_get_of(struct req *r, const struct entity *e)
{
	int64_t id;
	json_t *rec;
	int st = load_from_path(r, e, false, &id, &rec);
	if (st)
		return st;
	json_t *one = json_pack("[o]", for_caller(r, e, rec));
	audit_restricted_views(r, e, one);
	json_incref(rec);
	json_decref(one);
	return reply_json(r, 200, rec);
}

/* A unique field already used by another record: 409 naming the record
 * when the caller may see it. */
static int check_unique(struct req *r, const struct entity *e, json_t *rec, int64_t self)
{
	for (int i = 0; i < e->nfields; i++) {
		const struct field *f = &e->fields[i];
		json_t *v = json_object_get(rec, f->name);
		if (!(f->flags & F_UNIQUE) || !json_is_string(v))
			continue;
		/* a household member is named by its household; a sealed value is compared by its keyed hash */
		bool in_household = entity_field(e, "household_id") != NULL;
		const struct sealed_column *sc = at_rest_find(e->table, f->name);
		struct db_stmt *st = db_query(r->db, arena_printf(r->arena, "SELECT id, %s, %s FROM %s WHERE %s = $1 AND id <> $2",
								  e->division_field, in_household ? "household_id" : "id",
								  e->table, sc && sc->hash_column ? sc->hash_column : f->name),
					      "ti", sc && sc->hash_column ? hash_of(r, sc, rec) : json_string_value(v), self);
		if (st == NULL)
			return reply_error(r, ERR_INTERNAL, NULL);
		int rc = db_step(st);
		int64_t other = rc == DB_ROW ? db_column_int(st, 0) : 0;
		int64_t household = rc == DB_ROW ? db_column_int(st, 2) : 0;
		bool visible = rc == DB_ROW && scope_allows(r->user, db_column_text(st, 1));
		db_finalize(st);
		if (rc == DB_ROW) {
			if (visible && in_household)
				return reply_error_msg(r, ERR_CONFLICT,
						       arena_printf(r->arena, "%s已登记在农户 #%lld（%s #%lld）", f->zh,
								    (long long)household, e->zh, (long long)other),
						       arena_printf(r->arena, "The %s is already registered in household #%lld (%s #%lld)",
								    f->en, (long long)household, e->en, (long long)other),
						       f->name);
			if (visible)
				return reply_error_msg(r, ERR_CONFLICT,
						       arena_printf(r->arena, "%s已被%s #%lld 使用", f->zh, e->zh, (long long)other),
						       arena_printf(r->arena, "The %s is already used by %s #%lld", f->en, e->en, (long long)other),
						       f->name);
			return reply_error_msg(r, ERR_CONFLICT, arena_printf(r->arena, "%s已被登记", f->zh),
					       arena_printf(r->arena, "The %s is already registered", f->en), f->name);
		}
		if (rc != DB_DONE)
			return reply_error(r, ERR_INTERNAL, NULL);
	}
	return 0;
}

/* A write refused by a unique index (db/at_rest.h: members' ID numbers): a
 * creation at the same time passed check_unique too, then committed first.
 * Rolled back, and answered as check_unique answers, now that the other
 * record is there.  0 (and *rc untouched) for any other outcome. */
static int unique_raced(struct req *r, const struct entity *e, json_t *rec, int64_t self, int *rc)
{
	if (*rc != DB_CONSTRAINT || !at_rest_unique_violation(r->db))
		return 0;
	db_rollback(r->db);
	int st = check_unique(r, e, rec, self);
	if (st)
		return st;
	*rc = DB_ERROR;   /* the other record is gone again: not a conflict to explain */
	return reply_error(r, ERR_CONFLICT, NULL);
}

static int write_audit(struct req *r, const struct entity *e, const char *action, int64_t id,
		       json_t *before, json_t *after)
{
	json_t *b = before ? json_deep_copy(before) : NULL, *a = after ? json_deep_copy(after) : NULL;
	if (b)
		crud_mask(e, b);
	if (a)
		crud_mask(e, a);
	json_t *placed = after ? after : before;
	struct audit_entry entry = {
		.action = action, .entity = e->name, .entity_id = arena_printf(r->arena, "%lld", (long long)id),
		.division = json_string_value(json_object_get(placed, e->division_field)), .before = b, .after = a,
	};
	int rc = audit_write(r, r->db, &entry);
	json_decref(b);
	json_decref(a);
	return rc;
}

int crud_create_of(struct req *r, const struct entity *e)
{
	json_t *rec = json_object();
	int st = crud_apply_body(r, e, rec, true);
	if (!st)
		st = check_unique(r, e, rec, 0);
	if (st) {
		json_decref(rec);
		return st;
	}
	/* the transaction opens first: a value the entity assigns (before_insert) is taken with the insert */
	int rc = db_begin(r->db);
	if (rc != DB_OK) {
		json_decref(rec);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	if (e->before_insert && (st = e->before_insert(r, rec)) != 0) {
		db_rollback(r->db);
		json_decref(rec);
		return st;
	}
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "INSERT INTO %s (", e->table));
	for (int i = 0; i < e->nfields; i++) {
		const struct sealed_column *sc = at_rest_find(e->table, e->fields[i].name);
		sqlbuf_add(&b, e->fields[i].name);
		sqlbuf_add(&b, ", ");
		if (sc && sc->hash_column) {
			sqlbuf_add(&b, sc->hash_column);
			sqlbuf_add(&b, ", ");
		}
	}
	sqlbuf_add(&b, "created_at, updated_at) VALUES (");
	for (int i = 0; i < e->nfields; i++) {
		const struct sealed_column *sc = at_rest_find(e->table, e->fields[i].name);
		bind_stored(r, &b, e, &e->fields[i], rec);
		sqlbuf_add(&b, ", ");
		if (sc && sc->hash_column) {
			sqlbuf_text(&b, hash_of(r, sc, rec));
			sqlbuf_add(&b, ", ");
		}
	}
	int64_t now = clock_now(), id = 0;
	sqlbuf_int(&b, now);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, now);
	sqlbuf_add(&b, ") RETURNING id");
	{
		struct db_stmt *q = sqlbuf_query(r->db, &b);
		rc = q ? db_step(q) : DB_ERROR;
		if (rc == DB_ROW) {
			id = db_column_int(q, 0);
			rc = DB_OK;
		}
		db_finalize(q);
	}
	if (rc == DB_OK)
		rc = write_audit(r, e, "create", id, NULL, rec);
	if (rc == DB_OK && e->after_write)
		rc = e->after_write(r, id, NULL, rec);
	st = unique_raced(r, e, rec, 0, &rc);
	json_decref(rec);
	if (st)
		return st;
	st = audit_commit_reply(r, rc, NULL);
	if (st)
		return st;
	json_t *created;
	if (load_record(r, e, id, false, &created) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 201, for_caller(r, e, created));
}

int crud_update_of(struct req *r, const struct entity *e)
{
	int64_t id;
	json_t *before;
	int st = load_from_path(r, e, true, &id, &before);
	if (st)
		return st;
	json_t *rec = json_deep_copy(before);
	st = crud_apply_body(r, e, rec, false);
	if (!st)
		st = check_unique(r, e, rec, id);
	if (st) {
		json_decref(before);
		json_decref(rec);
		return st;
	}
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "UPDATE %s SET ", e->table));
	/* read-only fields too: the entity's check may have derived them anew */
	for (int i = 0; i < e->nfields; i++) {
		const struct sealed_column *sc = at_rest_find(e->table, e->fields[i].name);
		sqlbuf_add(&b, e->fields[i].name);
		sqlbuf_add(&b, " = ");
		bind_stored(r, &b, e, &e->fields[i], rec);
		sqlbuf_add(&b, ", ");
		if (sc && sc->dup_column) {
			/* a row marked as repeating another's number (db/at_rest.h) joins the unique index once its number changes */
			sqlbuf_add(&b, arena_printf(r->arena, "%s = CASE WHEN %s = ", sc->dup_column, sc->hash_column));
			sqlbuf_text(&b, hash_of(r, sc, rec));
			sqlbuf_add(&b, arena_printf(r->arena, " THEN %s END, ", sc->dup_column));
		}
		if (sc && sc->hash_column) {
			sqlbuf_add(&b, sc->hash_column);
			sqlbuf_add(&b, " = ");
			sqlbuf_text(&b, hash_of(r, sc, rec));
			sqlbuf_add(&b, ", ");
		}
	}
	sqlbuf_add(&b, "updated_at = ");
	sqlbuf_int(&b, clock_now());
	sqlbuf_add(&b, " WHERE id = ");
	sqlbuf_int(&b, id);
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = sqlbuf_exec(r->db, &b);
	if (rc == DB_OK)
		rc = write_audit(r, e, "update", id, before, rec);
	if (rc == DB_OK && e->after_write)
		rc = e->after_write(r, id, before, rec);
	st = unique_raced(r, e, rec, id, &rc);
	json_decref(before);
	json_decref(rec);
	if (st)
		return st;
	st = audit_commit_reply(r, rc, NULL);
	if (st)
		return st;
	json_t *after;
	if (load_record(r, e, id, false, &after) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_json(r, 200, for_caller(r, e, after));
}

/* 409 when another record still refers to this one. */
static int check_unreferenced(struct req *r, const struct entity *e, int64_t id)
{
	for (int k = 0; k < model_entities_count; k++) {
		const struct entity *other = model_entities[k];
		for (int i = 0; i < other->nfields; i++) {
			const struct field *f = &other->fields[i];
			if (f->type != FT_REF || strcmp(f->ref, e->name))
				continue;
			int64_t n = 0;
			if (db_query_int(r->db, &n, arena_printf(r->arena, "SELECT COUNT(*) FROM %s WHERE %s = $1",
								 other->table, f->name), "i", id) != DB_ROW)
				return reply_error(r, ERR_INTERNAL, NULL);
			if (n)
				return reply_error_msg(r, ERR_CONFLICT,
						       arena_printf(r->arena, "仍有 %lld 条%s引用该记录（%s）", (long long)n, other->zh, f->zh),
						       arena_printf(r->arena, "%lld %s record(s) still refer to it (%s)", (long long)n, other->en, f->en),
						       NULL);
		}
	}
	return 0;
}

int crud_delete_of(struct req *r, const struct entity *e)
{
	int64_t id;
	json_t *before;
	int st = load_from_path(r, e, true, &id, &before);
	if (st)
		return st;
	st = check_unreferenced(r, e, id);
	if (st) {
		json_decref(before);
		return st;
	}
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, arena_printf(r->arena, "DELETE FROM %s WHERE id = $1", e->table), "i", id);
	if (rc == DB_OK)
		rc = write_audit(r, e, "delete", id, before, NULL);
	if (rc == DB_OK && e->after_delete)
		rc = e->after_delete(r, id, before);
	json_decref(before);
	st = audit_commit_reply(r, rc, NULL);
	if (st)
		return st;
	return reply_json(r, 200, json_pack("{s:b}", "deleted", 1));
}

int crud_reveal(struct req *r)
{
	static const char *const allowed[] = { "field", "reason", NULL };
	const struct entity *e = route_entity(r);
	const char *name = NULL, *reason = NULL;
	int st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "field", true, 64, &name);
	if (!st)
		st = body_string(r, "reason", true, 200, &reason);
	if (st)
		return st;
	const struct field *f = entity_field(e, name);
	if (f == NULL || !(f->flags & F_MASKED))
		return reply_error_msg(r, ERR_VALIDATION, "该字段不是敏感字段", "Not a masked field", "field");
	if (utf8_chars(reason) < 2)
		return reply_error_msg(r, ERR_VALIDATION, "请填写查看理由", "Give a reason for viewing", "reason");
	int64_t id;
	json_t *rec;
	st = load_from_path(r, e, true, &id, &rec);
	if (st)
		return st;
	struct audit_entry entry = {
		.action = "reveal", .entity = e->name, .entity_id = arena_printf(r->arena, "%lld", (long long)id),
		.division = json_string_value(json_object_get(rec, e->division_field)),
		.detail = arena_printf(r->arena, "%s: %s", f->name, reason),
	};
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = audit_write(r, r->db, &entry);
	json_t *value = json_incref(json_object_get(rec, f->name));
	json_decref(rec);
	st = audit_commit_reply(r, rc, NULL);
	if (st) {
		json_decref(value);
		return st;
	}
	return reply_json(r, 200, json_pack("{s:s, s:o}", "field", f->name, "value", value ? value : json_null()));
}

/* The route handlers: the entity is the route's context. */
int crud_list(struct req *r)
{
	return crud_list_of(r, route_entity(r));
}

int crud_get(struct req *r)
{
	return crud_get_of(r, route_entity(r));
}

int crud_create(struct req *r)
{
	return crud_create_of(r, route_entity(r));
}

int crud_update(struct req *r)
{
	return crud_update_of(r, route_entity(r));
}

int crud_delete(struct req *r)
{
	return crud_delete_of(r, route_entity(r));
}

static const char *const type_names[] = {
	[FT_TEXT] = "text", [FT_INT] = "int", [FT_BOOL] = "bool", [FT_DATE] = "date", [FT_DICT] = "dict",
	[FT_DIVISION] = "division", [FT_REF] = "ref", [FT_IDCARD] = "idcard", [FT_PHONE] = "phone",
	[FT_NUMBER] = "number", [FT_DICTS] = "dicts",
};

int crud_meta(struct req *r)
{
	json_t *entities = json_array();
	for (int k = 0; k < model_entities_count; k++) {
		const struct entity *e = model_entities[k];
		json_t *fields = json_array();
		for (int i = 0; i < e->nfields; i++) {
			const struct field *f = &e->fields[i];
			json_t *jf = json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
					       "name", f->name, "type", type_names[f->type], "zh", f->zh, "en", f->en,
					       "required", (f->flags & F_REQUIRED) != 0, "masked", (f->flags & F_MASKED) != 0,
					       "filter", (f->flags & F_FILTER) != 0, "search", (f->flags & F_SEARCH) != 0,
					       "readonly", (f->flags & F_READONLY) != 0, "unique", (f->flags & F_UNIQUE) != 0,
					       "list", (f->flags & F_LIST) != 0);
			if (f->dict)
				json_object_set_new(jf, "dict", json_string(f->dict));
			if (f->ref)
				json_object_set_new(jf, "ref", json_string(f->ref));
			if (f->type == FT_TEXT)
				json_object_set_new(jf, "max_length", json_integer(f->max_len ? f->max_len : TEXT_MAX_DEFAULT));
			if ((f->type == FT_INT || f->type == FT_NUMBER) && f->min < f->max) {
				json_object_set_new(jf, "min", json_integer(f->min));
				json_object_set_new(jf, "max", json_integer(f->max));
			}
			json_array_append_new(fields, jf);
		}
		json_t *flags = json_array();
		for (int i = 0; i < e->nflags; i++)
			json_array_append_new(flags, json_pack("{s:s, s:s, s:s}", "name", e->flags[i].name,
							       "zh", e->flags[i].zh, "en", e->flags[i].en));
		json_array_append_new(entities, json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "name", e->name,
							  "path", e->path, "zh", e->zh, "en", e->en,
							  "division_field", e->division_field, "fields", fields,
							  "flags", flags));
	}
	json_t *rules = json_array();
	for (int i = 0; i < field_rules_count; i++) {
		const struct field_rule *fr = &field_rules[i];
		json_t *roles = json_array();
		for (int k = 0; k < ROLE_COUNT; k++)
			if (fr->roles & (1u << k))
				json_array_append_new(roles, json_string(role_name((enum role)k)));
		json_array_append_new(rules, json_pack("{s:s, s:s?, s:s?, s:o, s:s, s:s}", "entity", fr->entity, "field",
						       fr->field, "values", fr->values, "roles", roles, "zh", fr->zh,
						       "en", fr->en));
	}
	/* the same for every user until the server changes: the client keeps it and revalidates (ETag, 304) */
	return reply_json_etag(r, 200, json_pack("{s:o, s:o, s:o}", "entities", entities, "dictionaries", dict_all_json(),
						 "field_rules", rules));
}
