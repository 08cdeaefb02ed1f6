/* intake.c - new requests from every channel (staff, hotline, the public form, other modules), routed to the responsible organisation. */
#include "modules/requests/requests.h"
#include "modules/requests/requests_internal.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/ratelimit.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/fieldcrypt.h"
#include "core/phone.h"
#include "http/reply.h"
#include "model/audit.h"
#include "model/dict.h"
#include "model/env.h"

#define NAME_MAX_CHARS 50

/* ---- categories and routing ------------------------------------------------------ */

int category_load(struct req *r, struct db *db, const char *code, struct category *c)
{
	struct db_stmt *st = db_query(db, "SELECT code, name, kind, level, sign_days, reply_days, close_days"
				      " FROM request_categories WHERE code = $1", "t", code);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW) {
		c->code = arena_strdup(r->arena, db_column_text(st, 0));
		c->name = arena_strdup(r->arena, db_column_text(st, 1));
		c->kind = arena_strdup(r->arena, db_column_text(st, 2));
		c->level = arena_strdup(r->arena, db_column_text(st, 3));
		c->sign_days = db_column_int(st, 4);
		c->reply_days = db_column_int(st, 5);
		c->close_days = db_column_int(st, 6);
	}
	db_finalize(st);
	return rc;
}

/*
 * The responsible organisation: the routing rule of the nearest division
 * (the request's place or an ancestor) for the category, its parent
 * category, or any category; failing a rule, the party committee of the
 * category's responsible level above the place.  *org is 0 when none.
 */
static int route(struct db *db, const char *division, const struct category *c, int64_t *org, char *org_division)
{
	*org = 0;
	struct db_stmt *st = db_query(db,
		"SELECT r.org_id, o.division FROM routing_rules r JOIN orgs o ON o.id = r.org_id"
		" WHERE substr($1, 1, length(r.division)) = r.division"
		" AND (r.category = $2 OR r.category = (SELECT parent_code FROM request_categories WHERE code = $2)"
		" OR r.category IS NULL)"
		" ORDER BY length(r.division) DESC, CASE WHEN r.category = $2 THEN 0 WHEN r.category IS NULL THEN 2 ELSE 1 END, r.id"
		" LIMIT 1", "tt", division, c->code);
	int rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW) {
		*org = db_column_int(st, 0);
		snprintf(org_division, DIVISION_CODE_MAX + 1, "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	if (rc != DB_DONE)
		return rc == DB_ROW ? DB_OK : rc;
	size_t len = !strcmp(c->level, "county") ? 6 : !strcmp(c->level, "village") ? 12 : 9;
	if (strlen(division) < len)
		len = strlen(division);
	char at[DIVISION_CODE_MAX + 1];
	snprintf(at, sizeof(at), "%.*s", (int)len, division);
	/* the committee of that level: county committee, township committee, village branch */
	st = db_query(db, "SELECT id, division FROM orgs WHERE division = $1 AND type IN ('county_committee',"
		      " 'township_committee', 'general_branch', 'village_branch', 'community_branch')"
		      " ORDER BY CASE type WHEN 'county_committee' THEN 0 WHEN 'township_committee' THEN 0"
		      " WHEN 'general_branch' THEN 1 ELSE 2 END, id LIMIT 1", "t", at);
	rc = st ? db_step(st) : DB_ERROR;
	if (rc == DB_ROW) {
		*org = db_column_int(st, 0);
		snprintf(org_division, DIVISION_CODE_MAX + 1, "%s", db_column_text(st, 1));
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_OK : rc;
}

/* ---- creating ------------------------------------------------------------------ */

static void make_ticket(int64_t now, char ticket[24])
{
	char day[11];
	workdays_day(now, day);
	snprintf(ticket, 24, "%.4s%.2s%.2s%06u", day, day + 5, day + 8, (unsigned)randombytes_uniform(1000000));
}

int requests_insert(struct req *r, struct db *db, const struct request_new *n, int64_t *id, char ticket[24])
{
	struct category c;
	int rc = category_load(r, db, n->category, &c);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_CONSTRAINT : rc;
	int64_t now = clock_now(), org = 0;
	char org_division[DIVISION_CODE_MAX + 1] = "";
	rc = route(db, n->division, &c, &org, org_division);
	struct workday_calendar cal;
	if (rc == DB_OK)
		rc = calendar_load(db, r->arena, now, &cal);
	if (rc != DB_OK)
		return rc;
	int64_t sign_due = workdays_add(&cal, now, (int)c.sign_days);
	int64_t reply_due = workdays_add(&cal, now, (int)c.reply_days);
	int64_t close_due = workdays_add(&cal, now, (int)c.close_days);
	for (int attempt = 0; attempt < 5; attempt++) {
		make_ticket(now, ticket);
		struct sqlbuf b;
		sqlbuf_init(&b, r->arena);
		sqlbuf_add(&b, "INSERT INTO requests (ticket, idempotency_key, channel, division, category, content,"
			       " requester_name, requester_phone, requester_phone_hash, urgency, status, org_id, org_division,"
			       " source_ref, created_by, created_at, sign_due, reply_due, close_due, updated_at) VALUES (");
		/* the phone is sealed at rest, found by its keyed hash (db/at_rest.h) */
		const char *texts[] = { ticket, n->idempotency_key, n->channel, n->division, n->category, n->content,
					n->name, fieldcrypt_seal_a(r->arena, "requests.requester_phone", n->phone),
					fieldcrypt_hash_a(r->arena, "phone", n->phone), n->urgency ? n->urgency : "normal",
					"submitted" };
		for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			sqlbuf_text(&b, texts[i]);
			sqlbuf_add(&b, ", ");
		}
		if (org)
			sqlbuf_int(&b, org);
		else
			sqlbuf_text(&b, NULL);
		sqlbuf_add(&b, ", ");
		sqlbuf_text(&b, org ? org_division : NULL);
		sqlbuf_add(&b, ", ");
		sqlbuf_text(&b, n->source_ref);
		sqlbuf_add(&b, ", ");
		if (n->created_by)
			sqlbuf_int(&b, n->created_by);
		else
			sqlbuf_text(&b, NULL);
		const int64_t times[] = { now, sign_due, reply_due, close_due, now };
		for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
			sqlbuf_add(&b, ", ");
			sqlbuf_int(&b, times[i]);
		}
		sqlbuf_add(&b, ") RETURNING id");
		if (attempt > 0)
			db_exec(db, "ROLLBACK TO SAVEPOINT ticket", NULL);
		db_exec(db, "SAVEPOINT ticket", NULL);
		struct db_stmt *st = sqlbuf_query(db, &b);
		rc = st ? db_step(st) : DB_ERROR;
		if (rc == DB_ROW)
			*id = db_column_int(st, 0);
		db_finalize(st);
		if (rc != DB_CONSTRAINT)
			break;
		/* the same idempotency key is not a ticket collision: stop */
		int64_t dup = 0;
		if (n->idempotency_key &&
		    db_query_int(db, &dup, "SELECT COUNT(*) FROM requests WHERE idempotency_key = $1", "t", n->idempotency_key) == DB_ROW &&
		    dup)
			break;
	}
	if (rc != DB_ROW)
		return rc;
	db_exec(db, "RELEASE SAVEPOINT ticket", NULL);
	rc = db_exec(db, "INSERT INTO request_steps (request_id, at, actor_id, actor_name, action, from_status, to_status,"
		     " org_id, note) VALUES ($1, $2, NULLIF(CAST($3 AS BIGINT), 0), $4, 'submit', NULL, 'submitted', NULLIF(CAST($5 AS BIGINT), 0), $6)",
		     "iiitit", *id, now, n->created_by, r && r->user ? r->user->username : n->channel, org,
		     org ? NULL : "未找到责任党组织，由乡镇或县级派单");
	return rc;
}

/* ---- the handlers ------------------------------------------------------------------ */

/* Is the category (a known one) of that kind? */
static bool category_kind_is(struct req *r, const char *code, const char *kind)
{
	int64_t n = 0;
	return db_query_int(r->db, &n, "SELECT COUNT(*) FROM request_categories WHERE code = $1 AND kind = $2", "tt", code,
			    kind) == DB_ROW && n > 0;
}

/* The keys of a staff member's and of a villager's new request (app/routes.c documents them). */
const char *const requests_create_fields[] = { "channel", "division", "category", "content", "name", "phone",
						   "urgency", "idempotency_key", "answer", "caller_confirmed", NULL };
const char *const requests_public_create_fields[] = { "division", "category", "content", "name", "phone", "idempotency_key",
						      NULL };

/* Read and check the fields of a new request from the body. */
static int read_new(struct req *r, struct request_new *n, bool public_form)
{
	memset(n, 0, sizeof(*n));
	int st = body_object(r, public_form ? requests_public_create_fields : requests_create_fields);
	if (!st && !public_form)
		st = body_string(r, "channel", true, 20, &n->channel);
	if (!st)
		st = body_string(r, "division", true, 15, &n->division);
	if (!st)
		st = body_string(r, "category", true, 40, &n->category);
	if (!st)
		st = body_string(r, "content", true, CONTENT_MAX, &n->content);
	if (!st)
		st = body_string(r, "name", public_form, NAME_MAX_CHARS, &n->name);
	if (!st)
		st = body_string(r, "phone", public_form, 20, &n->phone);
	if (!st && !public_form)
		st = body_string(r, "urgency", false, 20, &n->urgency);
	if (!st)
		st = body_string(r, "idempotency_key", false, 64, &n->idempotency_key);
	if (st)
		return st;
	if (public_form) {
		n->channel = "web";
		/* the public's keys apart from the staff's: one never finds the other's request */
		if (n->idempotency_key)
			n->idempotency_key = arena_printf(r->arena, "public:%s", n->idempotency_key);
	}
	if (dict_item(dict_find("request_channel"), n->channel) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知渠道", "Unknown channel", "channel");
	if (n->urgency && dict_item(dict_find("urgency"), n->urgency) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知紧急程度", "Unknown urgency", "urgency");
	enum division_level level = division_level(n->division);
	/* a hotline enquiry with no place (a tourist, a caller from elsewhere) is filed at county level */
	bool county_enquiry = level == DIV_COUNTY && !public_form && !strcmp(n->channel, "hotline") &&
			      category_kind_is(r, n->category, "consult");
	if (level < DIV_TOWNSHIP && !county_enquiry)
		return reply_error_msg(r, ERR_BAD_DIVISION,
				       public_form || level != DIV_COUNTY ? "请选择所在乡镇、村或村民小组"
									: "请选择所在乡镇、村或村民小组（只有热线咨询可以登记在县级）",
				       public_form || level != DIV_COUNTY ? "Choose a township, village or group"
									: "Choose a township, village or group (only a hotline enquiry may be filed at county level)",
				       "division");
	if (!public_form && !scope_allows(r->user, n->division))
		return reply_error_msg(r, ERR_FORBIDDEN, "该区划不在您的管辖范围内", "The division is outside your scope",
				       "division");
	int64_t found = 0;
	if (db_query_int(r->db, &found, "SELECT COUNT(*) FROM divisions WHERE code = $1", "t", n->division) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (!found)
		return reply_error_msg(r, ERR_BAD_DIVISION, "区划不存在", "No such division", "division");
	if (db_query_int(r->db, &found, "SELECT COUNT(*) FROM request_categories WHERE code = $1", "t", n->category) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (!found)
		return reply_error_msg(r, ERR_VALIDATION, "未知诉求类别", "Unknown category", "category");
	/* a requester's phone (a short service number is no way to call anyone back) */
	if (n->phone && (!phone_valid(n->phone) || strlen(n->phone) < 7))
		return reply_error_msg(r, ERR_VALIDATION, "电话号码格式不正确", "Not a valid phone number", "phone");
	n->created_by = r->user ? r->user->id : 0;
	return 0;
}

int requests_create(struct req *r)
{
	struct request_new n;
	const char *answer = NULL;
	bool confirmed = false, has_confirmed = false;
	int st = read_new(r, &n, false);
	if (!st)
		st = body_string(r, "answer", false, REPLY_MAX, &answer);
	if (!st)
		st = body_bool(r, "caller_confirmed", false, &confirmed, &has_confirmed);
	if (st)
		return st;
	/* an enquiry answered on the call closes when the caller confirms: no callback follows */
	if (confirmed && (answer == NULL || !category_kind_is(r, n.category, "consult")))
		return reply_error_msg(r, ERR_VALIDATION, "只有当场答复的咨询可以由来电人确认后直接办结",
				       "Only an enquiry answered on the call closes on the caller's confirmation",
				       "caller_confirmed");
	if (n.idempotency_key) {
		int64_t existing = 0;
		int rc = db_query_int(r->db, &existing, "SELECT id FROM requests WHERE idempotency_key = $1", "t",
				      n.idempotency_key);
		if (rc == DB_ROW)
			return request_reply_id(r, existing, 200);   /* sent twice, stored once */
		if (rc != DB_DONE)
			return reply_error(r, ERR_INTERNAL, NULL);
	}
	int64_t id = 0;
	char ticket[24];
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = requests_insert(r, r->db, &n, &id, ticket);
	/* an enquiry answered on the spot (hotline): replied at once */
	if (rc == DB_OK && answer) {
		rc = db_exec(r->db, "UPDATE requests SET status = 'replied', reply = $1, signed_at = $2, replied_at = $2,"
			     " updated_at = $2 WHERE id = $3", "tii", answer, clock_now(), id);
		if (rc == DB_OK)
			rc = request_write_step(r, id, "reply", "submitted", "replied", 0, "当场答复");
	}
	if (rc == DB_OK && confirmed) {
		rc = db_exec(r->db, "UPDATE requests SET status = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2", "ii",
			     clock_now(), id);
		if (rc == DB_OK)
			rc = request_write_step(r, id, "confirm", "replied", "closed", 0, "来电人确认已解答，办结");
	}
	json_t *after = json_pack("{s:s, s:s, s:s, s:s}", "ticket", ticket, "channel", n.channel, "division",
				  n.division, "category", n.category);
	struct audit_entry e = { .action = "create", .entity = "request",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = n.division,
				 .after = after };
	rc = audit_commit(r, r->db, rc, &e);
	json_decref(after);
	if (rc != DB_OK) {
		if (rc == DB_CONSTRAINT && n.idempotency_key) {
			/* a concurrent duplicate won the race */
			int64_t existing = 0;
			if (db_query_int(r->db, &existing, "SELECT id FROM requests WHERE idempotency_key = $1", "t",
					 n.idempotency_key) == DB_ROW)
				return request_reply_id(r, existing, 200);
		}
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return request_reply_id(r, id, 201);
}

/* The ticket of the request stored with idempotency key (NULL when none); 0 or the error reply's status. */
static int ticket_of_key(struct req *r, const char *key, const char **ticket)
{
	*ticket = NULL;
	struct db_stmt *q = db_query(r->db, "SELECT ticket FROM requests WHERE idempotency_key = $1", "t", key);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW)
		*ticket = arena_strdup(r->arena, db_column_text(q, 0));
	db_finalize(q);
	return rc == DB_ROW || rc == DB_DONE ? 0 : reply_error(r, ERR_INTERNAL, NULL);
}

/* The public form's answer: the ticket to keep (status 201, or 200 for a submission sent again). */
static int public_created(struct req *r, int status, const char *ticket)
{
	return reply_json(r, status, json_pack("{s:s, s:s, s:s}", "ticket", ticket, "message_en",
					       "Submitted, waiting to be signed for; keep the ticket to follow it with the last"
					       " four digits of your phone", "message_zh",
					       "已提交，待签收；请记下工单编号，凭编号和手机号后四位查询办理进度"));
}

int requests_public_create(struct req *r)
{
	const struct env *env = r->env;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "public:%s", r->remote_addr), env->cfg->rate_limit_per_minute, 60,
			  &limited) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (limited) {
		req_add_header(r, "Retry-After", "60");
		return reply_error(r, ERR_RATE_LIMITED, NULL);
	}
	struct request_new n;
	int st = read_new(r, &n, true);
	if (st)
		return st;
	const char *stored = NULL;
	if (n.idempotency_key && (st = ticket_of_key(r, n.idempotency_key, &stored)))
		return st;
	if (stored)
		return public_created(r, 200, stored);   /* sent twice (a phone's queue replayed), stored once */
	int64_t id = 0;
	char ticket[24];
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = requests_insert(r, r->db, &n, &id, ticket);
	struct audit_entry e = { .action = "create", .entity = "request",
				 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = n.division,
				 .detail = "public form", .username = "public" };
	rc = audit_commit(r, r->db, rc, &e);
	if (rc == DB_CONSTRAINT && n.idempotency_key) {
		/* a simultaneous copy of the same submission won */
		if ((st = ticket_of_key(r, n.idempotency_key, &stored)))
			return st;
		if (stored)
			return public_created(r, 200, stored);
	}
	if (rc != DB_OK)
		return reply_error(r, rc == DB_CONSTRAINT ? ERR_CONFLICT : ERR_INTERNAL, NULL);
	return public_created(r, 201, ticket);
}
