/* requests.c - villagers' requests (see requests.h). */
#include "modules/requests/requests.h"

#include <errno.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/env.h"
#include "auth/principal.h"
#include "auth/ratelimit.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/mem.h"
#include "core/phone.h"
#include "core/utf8.h"
#include "core/workdays.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "model/dict.h"
#include "model/listing.h"
#include "model/audit.h"

#define CONTENT_MAX 2000
#define REPLY_MAX 2000
#define NAME_MAX_CHARS 50
#define AT_RISK_SECONDS 86400    /* under a day left: at risk */
#define SUPERVISE_TRANSFERS 3    /* transferred this often: supervised */
/* the states that end a request; the partial indexes of open requests (migration 7) say the same */
#define CLOSED_STATUSES "('closed', 'merged', 'withdrawn')"
#define OPEN_REQUEST "status NOT IN " CLOSED_STATUSES

/* ---- the lifecycle ----------------------------------------------------------- */

enum actor {
	ACT_HANDLER = 1 << 0,     /* staff of the responsible organisation's division */
	ACT_DISPATCHER = 1 << 1,  /* county or township staff over the request's place, or the supervising organisation */
	ACT_STAFF = 1 << 2,       /* any staff over the request's place */
};

struct transition {
	const char *action;
	const char *from[8];
	const char *to;           /* NULL: the status does not change */
	unsigned who;
	const char *zh;
};

static const struct transition transitions[] = {
	{ "sign", { "submitted", "transferred", "reopened" }, "signed", ACT_HANDLER, "签收" },
	{ "start", { "signed" }, "in_progress", ACT_HANDLER, "开始办理" },
	{ "transfer", { "submitted", "signed", "in_progress", "reopened", "returned", "transferred" }, "transferred",
	  ACT_HANDLER | ACT_DISPATCHER, "转办" },
	{ "return", { "submitted", "transferred", "signed" }, "returned", ACT_HANDLER, "退回（派错）" },
	{ "reply", { "signed", "in_progress", "reopened" }, "replied", ACT_HANDLER, "答复" },
	{ "visit", { "replied" }, "visited", ACT_HANDLER | ACT_DISPATCHER, "回访" },
	{ "close", { "visited" }, "closed", ACT_HANDLER | ACT_DISPATCHER, "办结" },
	{ "reopen", { "closed", "visited" }, "reopened", ACT_DISPATCHER, "重新办理" },
	{ "merge", { "submitted", "signed", "transferred", "returned" }, "merged", ACT_HANDLER | ACT_DISPATCHER, "合并（重复）" },
	{ "withdraw", { "submitted", "signed", "transferred", "in_progress", "returned" }, "withdrawn", ACT_STAFF, "撤回" },
	{ "mediate", { "signed", "in_progress", "replied", "visited", "reopened" }, NULL, ACT_HANDLER, "记录调解结果" },
	{ "note", { "submitted", "signed", "transferred", "in_progress", "replied", "visited", "reopened", "returned" }, NULL,
	  ACT_STAFF, "备注" },
};
#define NTRANSITIONS (int)(sizeof(transitions) / sizeof(transitions[0]))

/* A mediation outcome belongs to a dispute (矛盾纠纷) only. */
static bool kind_allows(const struct transition *t, const char *kind)
{
	return strcmp(t->action, "mediate") || (kind && !strcmp(kind, "dispute"));
}

static bool is_open(const char *status)
{
	return strcmp(status, "closed") && strcmp(status, "merged") && strcmp(status, "withdrawn");
}

static int reply_request(struct req *r, int64_t id, int status);
static json_t *allowed_actions(struct req *r, struct db_stmt *st);

/* ---- calendar ------------------------------------------------------------------ */

/* Load the calendar overrides from the day of from for about a year. */
static int load_calendar(struct db *db, struct arena *a, int64_t from, struct workday_calendar *cal)
{
	char lo[11], hi[11];
	workdays_day(from - 86400 * 7, lo);
	workdays_day(from + 86400 * 400, hi);
	struct db_stmt *st = db_query(db, "SELECT day, kind FROM calendar_days WHERE day >= $1 AND day <= $2 ORDER BY day",
				      "tt", lo, hi);
	if (st == NULL)
		return DB_ERROR;
	int cap = 64, n = 0, rc;
	struct workday_override *days = arena_alloc(a, sizeof(*days) * (size_t)cap);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			struct workday_override *grown = arena_alloc(a, sizeof(*days) * (size_t)cap * 2);
			memcpy(grown, days, sizeof(*days) * (size_t)cap);
			days = grown;
			cap *= 2;
		}
		snprintf(days[n].day, sizeof(days[n].day), "%s", db_column_text(st, 0));
		days[n].kind = strcmp(db_column_text(st, 1), "work") == 0 ? WORKDAY_WORK : WORKDAY_OFF;
		n++;
	}
	db_finalize(st);
	cal->days = days;
	cal->count = n;
	return rc == DB_DONE ? DB_OK : rc;
}

/* ---- categories and routing ------------------------------------------------------ */

struct category {
	const char *code, *name, *kind, *level;
	int64_t sign_days, reply_days, close_days;
};

static int load_category(struct req *r, struct db *db, const char *code, struct category *c)
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
	int rc = load_category(r, db, n->category, &c);
	if (rc != DB_ROW)
		return rc == DB_DONE ? DB_CONSTRAINT : rc;
	int64_t now = clock_now(), org = 0;
	char org_division[DIVISION_CODE_MAX + 1] = "";
	rc = route(db, n->division, &c, &org, org_division);
	struct workday_calendar cal;
	if (rc == DB_OK)
		rc = load_calendar(db, r->arena, now, &cal);
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
			       " requester_name, requester_phone, urgency, status, org_id, org_division, source_ref, created_by,"
			       " created_at, sign_due, reply_due, close_due, updated_at) VALUES (");
		const char *texts[] = { ticket, n->idempotency_key, n->channel, n->division, n->category, n->content,
					n->name, n->phone, n->urgency ? n->urgency : "normal", "submitted" };
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
		     org ? NULL : "no responsible organisation found: the township or county dispatches it");
	return rc;
}

/* ---- reading ----------------------------------------------------------------------- */

#define REQUEST_COLUMNS                                                                                     \
	"q.id, q.ticket, q.channel, q.division, q.category, q.content, q.requester_name, q.requester_phone,"      \
	" q.urgency, q.status, q.org_id, q.org_division, q.escalated_org_id, q.supervised, q.transfer_count,"     \
	" q.reopen_count, q.reply, q.satisfaction, q.mediation_outcome, q.merged_into, q.created_at, q.sign_due," \
	" q.reply_due, q.close_due, q.signed_at, q.replied_at, q.closed_at, q.updated_at,"                      \
	" (SELECT d.name FROM divisions d WHERE d.code = q.division),"                                          \
	" (SELECT c.name FROM request_categories c WHERE c.code = q.category),"                                  \
	" (SELECT o.name FROM orgs o WHERE o.id = q.org_id),"                                                   \
	" (SELECT o.name FROM orgs o WHERE o.id = q.escalated_org_id),"                                         \
	" (SELECT c.kind FROM request_categories c WHERE c.code = q.category)"

static json_t *opt_text(struct db_stmt *st, int col)
{
	const char *v = db_column_text(st, col);
	return v ? json_string(v) : json_null();
}

static json_t *opt_int(struct db_stmt *st, int col)
{
	return db_column_is_null(st, col) ? json_null() : json_integer(db_column_int(st, col));
}

static json_t *opt_time(struct db_stmt *st, int col)
{
	if (db_column_is_null(st, col))
		return json_null();
	char iso[21];
	clock_format_iso(db_column_int(st, col), iso);
	return json_string(iso);
}

/* The deadline that matters now and where the request stands against it. */
static void timeliness(struct db_stmt *st, json_t *o, int64_t now)
{
	const char *status = db_column_text(st, 9);
	const char *stage;
	int64_t due;
	if (db_column_is_null(st, 24)) {
		stage = "sign";
		due = db_column_int(st, 21);
	} else if (db_column_is_null(st, 25)) {
		stage = "reply";
		due = db_column_int(st, 22);
	} else {
		stage = "close";
		due = db_column_int(st, 23);
	}
	const char *state;
	if (!is_open(status)) {
		int64_t closed = db_column_is_null(st, 26) ? db_column_int(st, 27) : db_column_int(st, 26);
		state = closed <= db_column_int(st, 23) ? "on_time" : "late";
		stage = "done";
	} else if (now > due)
		state = "overdue";
	else if (due - now < AT_RISK_SECONDS)
		state = "at_risk";
	else
		state = "on_time";
	char iso[21];
	clock_format_iso(due, iso);
	json_object_set_new(o, "timeliness", json_pack("{s:s, s:s, s:s}", "state", state, "stage", stage, "due", iso));
}


/* May the caller see the requester unmasked?  The handling chain: staff who
 * may write over the request's place or the responsible organisation. */
static bool in_chain(struct req *r, struct db_stmt *st)
{
	return r->user && role_has(r->user->role, PERM_DATA_WRITE) &&
	       (scope_allows(r->user, db_column_text(st, 3)) ||
		(!db_column_is_null(st, 11) && scope_allows(r->user, db_column_text(st, 11))));
}

static json_t *request_json(struct req *r, struct db_stmt *st, bool personal)
{
	int64_t now = clock_now();
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:s, s:s}",
			      "id", (json_int_t)db_column_int(st, 0), "ticket", db_column_text(st, 1),
			      "channel", db_column_text(st, 2), "division", db_column_text(st, 3),
			      "division_name", opt_text(st, 28), "category", db_column_text(st, 4),
			      "category_name", opt_text(st, 29), "content", db_column_text(st, 5),
			      "urgency", db_column_text(st, 8), "status", db_column_text(st, 9));
	const char *name = db_column_text(st, 6), *phone = db_column_text(st, 7);
	if (personal && in_chain(r, st)) {
		json_object_set_new(o, "requester_name", name ? json_string(name) : json_null());
		json_object_set_new(o, "requester_phone", phone ? json_string(phone) : json_null());
	} else if (personal) {
		char mn[64] = "", mp[32] = "";
		if (name)
			utf8_mask(name, 1, 0, mn, sizeof(mn));   /* 王** */
		if (phone)
			phone_mask(phone, mp, sizeof(mp));
		json_object_set_new(o, "requester_name", name ? json_string(mn) : json_null());
		json_object_set_new(o, "requester_phone", phone ? json_string(mp) : json_null());
	}
	json_object_set_new(o, "kind", opt_text(st, 32));
	json_object_set_new(o, "org_id", opt_int(st, 10));
	json_object_set_new(o, "org_name", opt_text(st, 30));
	json_object_set_new(o, "org_division", opt_text(st, 11));
	json_object_set_new(o, "escalated_org_id", opt_int(st, 12));
	json_object_set_new(o, "escalated_org_name", opt_text(st, 31));
	json_object_set_new(o, "supervised", json_boolean(db_column_int(st, 13) != 0));
	json_object_set_new(o, "transfer_count", json_integer(db_column_int(st, 14)));
	json_object_set_new(o, "reopen_count", json_integer(db_column_int(st, 15)));
	json_object_set_new(o, "reply", opt_text(st, 16));
	json_object_set_new(o, "satisfaction", opt_text(st, 17));
	json_object_set_new(o, "mediation_outcome", opt_text(st, 18));
	json_object_set_new(o, "merged_into", opt_int(st, 19));
	static const char *const times[] = { "created_at", "sign_due", "reply_due", "close_due", "signed_at",
					     "replied_at", "closed_at", "updated_at" };
	for (int i = 0; i < 8; i++)
		json_object_set_new(o, times[i], opt_time(st, 20 + i));
	timeliness(st, o, now);
	return o;
}

/* The request of the path inside the caller's scope (place or responsible
 * organisation): DB_ROW with the statement positioned, DB_DONE, or error. */
static struct db_stmt *load_request(struct req *r, int64_t id, int *rc)
{
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND (");
	scope_where(&b, r->user, "q.division");
	sqlbuf_add(&b, " OR ");
	scope_where(&b, r->user, "q.org_division");
	sqlbuf_add(&b, ")");
	struct db_stmt *st = sqlbuf_query(r->db, &b);
	*rc = st ? db_step(st) : DB_ERROR;
	return st;
}

static int parse_id(const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (s == NULL || errno || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static json_t *steps_json(struct req *r, int64_t id, bool with_actors)
{
	json_t *a = json_array();
	struct db_stmt *st = db_query(r->db, "SELECT s.at, s.actor_name, s.action, s.from_status, s.to_status, s.note,"
				      " (SELECT o.name FROM orgs o WHERE o.id = s.org_id) FROM request_steps s"
				      " WHERE s.request_id = $1 ORDER BY s.id", "i", id);
	while (st && db_step(st) == DB_ROW) {
		json_t *step = json_pack("{s:o, s:s, s:o, s:s, s:o}", "at", opt_time(st, 0), "action", db_column_text(st, 2),
					 "from_status", opt_text(st, 3), "to_status", db_column_text(st, 4),
					 "org_name", opt_text(st, 6));
		if (with_actors) {
			json_object_set_new(step, "actor", opt_text(st, 1));
			json_object_set_new(step, "note", opt_text(st, 5));
		}
		json_array_append_new(a, step);
	}
	db_finalize(st);
	return a;
}

int requests_get(struct req *r)
{
	int64_t id;
	if (parse_id(req_param(r, 0), &id))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	if (requests_escalate(r->db, clock_now()) < 0)
		return reply_error(r, ERR_INTERNAL, NULL);
	return reply_request(r, id, 200);
}

/* ---- lists --------------------------------------------------------------------- */

static int list_from(struct req *r, struct sqlbuf *b, const void *ctx)
{
	(void)ctx;
	sqlbuf_add(b, " FROM requests q WHERE (");
	scope_where(b, r->user, "q.division");
	sqlbuf_add(b, " OR ");
	scope_where(b, r->user, "q.org_division");
	sqlbuf_add(b, ")");
	const char *division = req_query(r, "division");
	if (division && *division) {
		if (division_level(division) == DIV_INVALID)
			return reply_error(r, ERR_BAD_DIVISION, "division");
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(division, upper);
		sqlbuf_add(b, " AND q.division >= ");
		sqlbuf_text(b, division);
		sqlbuf_add(b, " AND q.division < ");
		sqlbuf_text(b, arena_strdup(r->arena, upper));
	}
	static const struct { const char *param, *dict; } exact[] = {
		{ "status", "request_status" }, { "channel", "request_channel" }, { "urgency", "urgency" },
		{ "satisfaction", "satisfaction" },
	};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		const char *v = req_query(r, exact[i].param);
		if (v == NULL || *v == '\0')
			continue;
		if (dict_item(dict_find(exact[i].dict), v) == NULL)
			return reply_error_msg(r, ERR_VALIDATION, "不在字典范围内", "Not a value of the dictionary", exact[i].param);
		sqlbuf_add(b, arena_printf(r->arena, " AND q.%s = ", exact[i].param));
		sqlbuf_text(b, v);
	}
	const char *category = req_query(r, "category");
	if (category && *category) {
		sqlbuf_add(b, " AND (q.category = ");
		sqlbuf_text(b, category);
		sqlbuf_add(b, " OR q.category IN (SELECT code FROM request_categories WHERE parent_code = ");
		sqlbuf_text(b, category);
		sqlbuf_add(b, "))");
	}
	const char *phone = req_query(r, "phone");
	if (phone && *phone) {
		sqlbuf_add(b, " AND q.requester_phone = ");
		sqlbuf_text(b, phone);
	}
	const char *q = req_query(r, "q");
	if (q && *q) {
		sqlbuf_add(b, " AND (q.content LIKE ");
		sqlbuf_like(b, q, true);
		sqlbuf_add(b, " OR q.ticket LIKE ");
		sqlbuf_like(b, q, false);
		sqlbuf_add(b, ")");
	}
	if (req_query(r, "open") && !strcmp(req_query(r, "open"), "1"))
		sqlbuf_add(b, " AND q.status NOT IN " CLOSED_STATUSES);
	if (req_query(r, "supervised") && !strcmp(req_query(r, "supervised"), "1"))
		sqlbuf_add(b, " AND q.supervised = 1");
	/* my inbox: open requests my organisations answer for, or supervise, or
	 * that wait for one to answer for them; a union, so that each branch
	 * searches its index of open requests (SQLite uses no partial index for
	 * the branches of an OR, and would visit every request in scope) */
	if (req_query(r, "mine") && !strcmp(req_query(r, "mine"), "1")) {
		sqlbuf_add(b, " AND q.id IN (SELECT id FROM requests WHERE " OPEN_REQUEST " AND ");
		scope_where(b, r->user, "org_division");
		sqlbuf_add(b, " UNION SELECT id FROM requests WHERE " OPEN_REQUEST " AND escalated_org_id IN"
			      " (SELECT o.id FROM orgs o WHERE ");
		scope_where(b, r->user, "o.division");
		sqlbuf_add(b, ") UNION SELECT id FROM requests WHERE " OPEN_REQUEST " AND (org_id IS NULL OR status = 'returned')"
			      " AND ");
		scope_where(b, r->user, "division");
		sqlbuf_add(b, ")");
	}
	const char *when = req_query(r, "timeliness");
	if (when && *when) {
		int64_t now = clock_now();
		const char *due = "CASE WHEN q.signed_at IS NULL THEN q.sign_due WHEN q.replied_at IS NULL THEN q.reply_due"
				  " ELSE q.close_due END";
		sqlbuf_add(b, " AND q.status NOT IN " CLOSED_STATUSES " AND ");
		sqlbuf_add(b, due);
		if (!strcmp(when, "overdue")) {
			sqlbuf_add(b, " < ");
			sqlbuf_int(b, now);
		} else if (!strcmp(when, "at_risk")) {
			sqlbuf_add(b, " >= ");
			sqlbuf_int(b, now);
			sqlbuf_add(b, " AND ");
			sqlbuf_add(b, due);
			sqlbuf_add(b, " < ");
			sqlbuf_int(b, now + AT_RISK_SECONDS);
		} else if (!strcmp(when, "on_time")) {
			sqlbuf_add(b, " >= ");
			sqlbuf_int(b, now + AT_RISK_SECONDS);
		} else
			return reply_error_msg(r, ERR_VALIDATION, "应为 on_time、at_risk 或 overdue",
					       "Expected on_time, at_risk or overdue", "timeliness");
	}
	return 0;
}

static json_t *list_row(struct req *r, struct db_stmt *st, const void *ctx)
{
	(void)ctx;
	return request_json(r, st, true);
}

int requests_list(struct req *r)
{
	if (requests_escalate(r->db, clock_now()) < 0)
		return reply_error(r, ERR_INTERNAL, NULL);
	const char *sort = req_query(r, "sort");
	struct listing l = {
		.columns = REQUEST_COLUMNS,
		.order = sort && !strcmp(sort, "due")
				 ? "CASE WHEN q.signed_at IS NULL THEN q.sign_due WHEN q.replied_at IS NULL THEN q.reply_due"
				   " ELSE q.close_due END, q.id"
				 : "q.created_at DESC, q.id DESC",
		.from = list_from, .row = list_row,
	};
	return listing_reply(r, &l);
}

/* ---- intake ---------------------------------------------------------------------- */

/* Read and check the fields of a new request from the body. */
static int read_new(struct req *r, struct request_new *n, bool public_form)
{
	static const char *const staff_keys[] = { "channel", "division", "category", "content", "name", "phone",
						   "urgency", "idempotency_key", "answer", NULL };
	static const char *const public_keys[] = { "division", "category", "content", "name", "phone", NULL };
	memset(n, 0, sizeof(*n));
	int st = body_object(r, public_form ? public_keys : staff_keys);
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
	if (!st && !public_form)
		st = body_string(r, "idempotency_key", false, 64, &n->idempotency_key);
	if (st)
		return st;
	if (public_form)
		n->channel = "web";
	if (dict_item(dict_find("request_channel"), n->channel) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知渠道", "Unknown channel", "channel");
	if (n->urgency && dict_item(dict_find("urgency"), n->urgency) == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知紧急程度", "Unknown urgency", "urgency");
	enum division_level level = division_level(n->division);
	if (level < DIV_TOWNSHIP)
		return reply_error_msg(r, ERR_BAD_DIVISION, "请选择所在乡镇、村或村民小组", "Choose a township, village or group",
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

/* Reply with the request id's record (201 for a new one). */
/* The request with its timeline and the actions the caller may take. */
static int reply_request(struct req *r, int64_t id, int status)
{
	int rc;
	struct db_stmt *st = load_request(r, id, &rc);
	json_t *o = rc == DB_ROW ? request_json(r, st, true) : NULL;
	if (o)
		json_object_set_new(o, "allowed_actions", allowed_actions(r, st));
	db_finalize(st);
	if (rc != DB_ROW)
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	json_object_set_new(o, "timeline", steps_json(r, id, true));
	return reply_json(r, status, o);
}

static int write_step(struct req *r, int64_t id, const char *action, const char *from, const char *to, int64_t org,
		      const char *note)
{
	return db_exec(r->db, "INSERT INTO request_steps (request_id, at, actor_id, actor_name, action, from_status,"
		       " to_status, org_id, note) VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF(CAST($8 AS BIGINT), 0), $9)", "iiitttti" "t",
		       id, clock_now(), r->user->id, r->user->username, action, from, to, org, note);
}

int requests_create(struct req *r)
{
	struct request_new n;
	const char *answer = NULL;
	int st = read_new(r, &n, false);
	if (!st)
		st = body_string(r, "answer", false, REPLY_MAX, &answer);
	if (st)
		return st;
	if (n.idempotency_key) {
		int64_t existing = 0;
		int rc = db_query_int(r->db, &existing, "SELECT id FROM requests WHERE idempotency_key = $1", "t",
				      n.idempotency_key);
		if (rc == DB_ROW)
			return reply_request(r, existing, 200);   /* sent twice, stored once */
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
			rc = write_step(r, id, "reply", "submitted", "replied", 0, "answered on the spot");
	}
	if (rc == DB_OK) {
		json_t *after = json_pack("{s:s, s:s, s:s, s:s}", "ticket", ticket, "channel", n.channel, "division",
					  n.division, "category", n.category);
		struct audit_entry e = { .action = "create", .entity = "request",
					 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = n.division,
					 .after = after };
		rc = audit_write(r, r->db, &e);
		json_decref(after);
	}
	if (rc == DB_OK)
		rc = db_commit(r->db);
	if (rc != DB_OK) {
		db_rollback(r->db);
		if (rc == DB_CONSTRAINT && n.idempotency_key) {
			/* a concurrent duplicate won the race */
			int64_t existing = 0;
			if (db_query_int(r->db, &existing, "SELECT id FROM requests WHERE idempotency_key = $1", "t",
					 n.idempotency_key) == DB_ROW)
				return reply_request(r, existing, 200);
		}
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_request(r, id, 201);
}

/* ---- actions ---------------------------------------------------------------------- */

static const struct transition *find_transition(const char *action)
{
	for (int i = 0; i < NTRANSITIONS; i++)
		if (!strcmp(transitions[i].action, action))
			return &transitions[i];
	return NULL;
}

static bool allowed_from(const struct transition *t, const char *status)
{
	for (int i = 0; i < 8 && t->from[i]; i++)
		if (!strcmp(t->from[i], status))
			return true;
	return false;
}

/* Which of the actor roles does the caller hold for this request? */
static unsigned actor_roles(struct req *r, const char *division, const char *org_division, const char *escalated_division)
{
	unsigned who = 0;
	if (!role_has(r->user->role, PERM_DATA_WRITE))
		return 0;
	if (scope_allows(r->user, division))
		who |= ACT_STAFF;
	if (org_division && scope_allows(r->user, org_division))
		who |= ACT_HANDLER;
	bool manager = r->user->role == ROLE_ADMIN || r->user->role == ROLE_COUNTY || r->user->role == ROLE_TOWNSHIP;
	if (manager && (scope_allows(r->user, division) || (escalated_division && scope_allows(r->user, escalated_division))))
		who |= ACT_DISPATCHER;
	return who;
}

static const char *escalated_division(struct req *r, int64_t org)
{
	const char *division = NULL;
	struct db_stmt *e = org ? db_query(r->db, "SELECT division FROM orgs WHERE id = $1", "i", org) : NULL;
	if (e && db_step(e) == DB_ROW)
		division = arena_strdup(r->arena, db_column_text(e, 0));
	db_finalize(e);
	return division;
}

/* The actions the caller may take on the loaded request st, by role, state
 * and kind (their other conditions are checked when one is taken). */
static json_t *allowed_actions(struct req *r, struct db_stmt *st)
{
	const char *status = db_column_text(st, 9), *kind = db_column_text(st, 32);
	unsigned who = actor_roles(r, db_column_text(st, 3), db_column_text(st, 11),
				   escalated_division(r, db_column_is_null(st, 12) ? 0 : db_column_int(st, 12)));
	json_t *a = json_array();
	for (int i = 0; i < NTRANSITIONS; i++) {
		const struct transition *t = &transitions[i];
		if ((t->who & who) && allowed_from(t, status) && kind_allows(t, kind))
			json_array_append_new(a, json_string(t->action));
	}
	return a;
}

int requests_action(struct req *r)
{
	static const char *const allowed[] = { "action", "note", "org_id", "reply", "satisfaction", "outcome", "into", NULL };
	int64_t id;
	if (parse_id(req_param(r, 0), &id))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	const char *action = NULL, *note = NULL, *reply = NULL, *satisfaction = NULL, *outcome = NULL;
	int64_t org = 0, into = 0;
	bool has_org = false, has_into = false;
	int st = body_object(r, allowed);
	if (!st)
		st = body_string(r, "action", true, 20, &action);
	if (!st)
		st = body_string(r, "note", false, 1000, &note);
	if (!st)
		st = body_string(r, "reply", false, REPLY_MAX, &reply);
	if (!st)
		st = body_string(r, "satisfaction", false, 20, &satisfaction);
	if (!st)
		st = body_string(r, "outcome", false, 1000, &outcome);
	if (!st)
		st = body_int(r, "org_id", false, 1, INT64_MAX, &org, &has_org);
	if (!st)
		st = body_int(r, "into", false, 1, INT64_MAX, &into, &has_into);
	if (st)
		return st;
	const struct transition *t = find_transition(action);
	if (t == NULL)
		return reply_error_msg(r, ERR_VALIDATION, "未知操作", "Unknown action", "action");

	int rc;
	struct db_stmt *q = load_request(r, id, &rc);
	if (rc != DB_ROW) {
		db_finalize(q);
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	}
	const char *status = arena_strdup(r->arena, db_column_text(q, 9));
	const char *division = arena_strdup(r->arena, db_column_text(q, 3));
	const char *org_division = arena_strdup(r->arena, db_column_text(q, 11));
	const char *category = arena_strdup(r->arena, db_column_text(q, 4));
	const char *kind = arena_strdup(r->arena, db_column_text(q, 32));
	const char *current_satisfaction = arena_strdup(r->arena, db_column_text(q, 17));
	const char *mediation = arena_strdup(r->arena, db_column_text(q, 18));
	int64_t escalated = db_column_is_null(q, 12) ? 0 : db_column_int(q, 12);
	int64_t transfers = db_column_int(q, 14);
	db_finalize(q);

	if (!(actor_roles(r, division, org_division, escalated_division(r, escalated)) & t->who))
		return reply_error_msg(r, ERR_FORBIDDEN, "您不能对该诉求执行此操作", "You may not take this action on the request",
				       "action");
	if (!allowed_from(t, status))
		return reply_error_msg(r, ERR_CONFLICT,
				       arena_printf(r->arena, "当前状态（%s）不能执行“%s”",
						    dict_item(dict_find("request_status"), status)->zh, t->zh),
				       arena_printf(r->arena, "The action \"%s\" is not allowed in status %s", t->action, status),
				       "action");
	if (!kind_allows(t, kind))
		return reply_error_msg(r, ERR_CONFLICT, "只有矛盾纠纷记录调解结果", "Only disputes have a mediation outcome",
				       "action");

	int64_t now = clock_now();
	const char *to = t->to ? t->to : status;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "UPDATE requests SET updated_at = ");
	sqlbuf_int(&b, now);
	int64_t step_org = 0;
	if (!strcmp(action, "sign")) {
		sqlbuf_add(&b, ", signed_at = ");
		sqlbuf_int(&b, now);
	} else if (!strcmp(action, "transfer")) {
		if (!has_org)
			return reply_error(r, ERR_MISSING_FIELD, "org_id");
		struct db_stmt *o = db_query(r->db, "SELECT division FROM orgs WHERE id = $1", "i", org);
		const char *target = o && db_step(o) == DB_ROW ? arena_strdup(r->arena, db_column_text(o, 0)) : NULL;
		db_finalize(o);
		if (target == NULL)
			return reply_error_msg(r, ERR_VALIDATION, "目标党组织不存在", "No such organisation", "org_id");
		struct category c;
		struct workday_calendar cal;
		if (load_category(r, r->db, category, &c) != DB_ROW || load_calendar(r->db, r->arena, now, &cal) != DB_OK)
			return reply_error(r, ERR_INTERNAL, NULL);
		sqlbuf_add(&b, ", org_id = ");
		sqlbuf_int(&b, org);
		sqlbuf_add(&b, ", org_division = ");
		sqlbuf_text(&b, target);
		sqlbuf_add(&b, ", signed_at = NULL, transfer_count = transfer_count + 1, sign_due = ");
		sqlbuf_int(&b, workdays_add(&cal, now, (int)c.sign_days));
		if (transfers + 1 >= SUPERVISE_TRANSFERS)
			sqlbuf_add(&b, ", supervised = 1");
		step_org = org;
	} else if (!strcmp(action, "return") || !strcmp(action, "note")) {
		if (note == NULL || *note == '\0')
			return reply_error(r, ERR_MISSING_FIELD, "note");
	} else if (!strcmp(action, "reply")) {
		if (reply == NULL || *reply == '\0')
			return reply_error(r, ERR_MISSING_FIELD, "reply");
		sqlbuf_add(&b, ", reply = ");
		sqlbuf_text(&b, reply);
		sqlbuf_add(&b, ", replied_at = ");
		sqlbuf_int(&b, now);
	} else if (!strcmp(action, "visit")) {
		if (satisfaction == NULL || dict_item(dict_find("satisfaction"), satisfaction) == NULL)
			return reply_error_msg(r, ERR_MISSING_FIELD, "回访须记录满意度：满意、基本满意或不满意",
					       "A callback records satisfaction: satisfied, basic or unsatisfied", "satisfaction");
		sqlbuf_add(&b, ", satisfaction = ");
		sqlbuf_text(&b, satisfaction);
		if (!strcmp(satisfaction, "unsatisfied")) {
			/* 不满意 reopens it, under supervision */
			to = "reopened";
			sqlbuf_add(&b, ", reopen_count = reopen_count + 1, supervised = 1, replied_at = NULL");
		}
	} else if (!strcmp(action, "close")) {
		if (current_satisfaction == NULL || !strcmp(current_satisfaction, "unsatisfied"))
			return reply_error_msg(r, ERR_CONFLICT, "办结前须回访并取得满意或基本满意的评价",
					       "Closing needs a callback with a satisfied or basic rating", "satisfaction");
		if (!strcmp(kind, "dispute") && (mediation == NULL || *mediation == '\0'))
			return reply_error_msg(r, ERR_CONFLICT, "矛盾纠纷办结前须记录调解结果",
					       "A dispute needs its mediation outcome before closing", "outcome");
		sqlbuf_add(&b, ", closed_at = ");
		sqlbuf_int(&b, now);
	} else if (!strcmp(action, "reopen")) {
		sqlbuf_add(&b, ", reopen_count = reopen_count + 1, supervised = 1, closed_at = NULL, replied_at = NULL,"
			       " satisfaction = NULL");
	} else if (!strcmp(action, "merge")) {
		if (!has_into || into == id)
			return reply_error_msg(r, ERR_MISSING_FIELD, "请指明合并到的诉求", "Name the request to merge into", "into");
		int irc;
		struct db_stmt *target = load_request(r, into, &irc);
		bool open_target = irc == DB_ROW && is_open(db_column_text(target, 9));
		db_finalize(target);
		if (!open_target)
			return reply_error_msg(r, ERR_VALIDATION, "合并目标不存在或已结束", "The target is unknown or finished", "into");
		sqlbuf_add(&b, ", merged_into = ");
		sqlbuf_int(&b, into);
	} else if (!strcmp(action, "mediate")) {
		if (outcome == NULL || *outcome == '\0')
			return reply_error(r, ERR_MISSING_FIELD, "outcome");
		sqlbuf_add(&b, ", mediation_outcome = ");
		sqlbuf_text(&b, outcome);
	}
	sqlbuf_add(&b, ", status = ");
	sqlbuf_text(&b, to);
	sqlbuf_add(&b, " WHERE id = ");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, " AND status = ");   /* nobody changed it meanwhile */
	sqlbuf_text(&b, status);

	rc = db_begin(r->db);
	if (rc == DB_OK) {
		struct db_stmt *u = sqlbuf_query(r->db, &b);
		rc = u ? db_step(u) : DB_ERROR;
		rc = rc == DB_DONE ? (db_changes(r->db) == 1 ? DB_OK : DB_CONSTRAINT) : rc;
		db_finalize(u);
	}
	const char *step_note = note ? note : reply ? reply : outcome ? outcome : satisfaction;
	if (rc == DB_OK)
		rc = write_step(r, id, action, status, to, step_org, step_note);
	if (rc == DB_OK) {
		json_t *before = json_pack("{s:s}", "status", status), *after = json_pack("{s:s}", "status", to);
		struct audit_entry e = { .action = "update", .entity = "request",
					 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = division,
					 .before = before, .after = after, .detail = action };
		rc = audit_write(r, r->db, &e);
		json_decref(before);
		json_decref(after);
	}
	if (rc == DB_OK)
		rc = db_commit(r->db);
	if (rc != DB_OK) {
		db_rollback(r->db);
		if (rc == DB_CONSTRAINT)
			return reply_error_msg(r, ERR_CONFLICT, "诉求已被他人处理，请刷新", "Someone else changed the request; reload",
					       NULL);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	/* a transfer may carry the request out of the caller's scope: say what happened */
	int vrc;
	struct db_stmt *v = load_request(r, id, &vrc);
	db_finalize(v);
	if (vrc == DB_DONE)
		return reply_json(r, 200, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)id, "status", to, "visible", 0));
	return reply_request(r, id, 200);
}

/* ---- escalation (督办) --------------------------------------------------------------- */

int requests_escalate(struct db *db, int64_t now)
{
	struct db_stmt *st = db_query(db,
		"SELECT q.id, q.status, (SELECT o.parent_id FROM orgs o WHERE o.id = q.org_id) FROM requests q"
		" WHERE q.escalated_org_id IS NULL AND q.org_id IS NOT NULL"
		/* once: a top organisation has no parent, so escalated_org_id stays NULL */
		" AND NOT EXISTS (SELECT 1 FROM request_steps s WHERE s.request_id = q.id AND s.action = 'escalate')"
		" AND q.status NOT IN " CLOSED_STATUSES
		" AND ((q.signed_at IS NULL AND q.sign_due < $1) OR (q.replied_at IS NULL AND q.reply_due < $1)"
		" OR q.close_due < $1) LIMIT 200", "i", now);
	if (st == NULL)
		return -1;
	int64_t ids[200], parents[200];
	char statuses[200][16];
	int n = 0;
	while (n < 200 && db_step(st) == DB_ROW) {
		ids[n] = db_column_int(st, 0);
		snprintf(statuses[n], sizeof(statuses[n]), "%s", db_column_text(st, 1));
		parents[n] = db_column_is_null(st, 2) ? 0 : db_column_int(st, 2);
		n++;
	}
	db_finalize(st);
	if (n == 0)
		return 0;
	int rc = db_begin(db);
	int done = 0;
	for (int i = 0; i < n && rc == DB_OK; i++) {
		rc = db_exec(db, "UPDATE requests SET escalated_org_id = NULLIF(CAST($1 AS BIGINT), 0), supervised = 1, updated_at = $2"
			     " WHERE id = $3 AND escalated_org_id IS NULL", "iii", parents[i], now, ids[i]);
		if (rc == DB_OK && db_changes(db) == 1) {
			done++;
			rc = db_exec(db, "INSERT INTO request_steps (request_id, at, actor_name, action, from_status, to_status,"
				     " org_id, note) VALUES ($1, $2, 'system', 'escalate', $3, $3, NULLIF(CAST($4 AS BIGINT), 0), $5)",
				     "iitit", ids[i], now, statuses[i], parents[i], "逾期，提级督办 (overdue: escalated)");
		}
	}
	if (rc == DB_OK)
		rc = db_commit(db);
	if (rc != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return done;
}

/* ---- figures ------------------------------------------------------------------------ */

static int stats_where(struct req *r, struct sqlbuf *b, const char *division, int64_t from, int64_t to)
{
	sqlbuf_add(b, " FROM requests q WHERE (");
	scope_where(b, r->user, "q.division");
	sqlbuf_add(b, ")");
	if (division) {
		char upper[DIVISION_CODE_MAX + 2];
		division_subtree_upper(division, upper);
		sqlbuf_add(b, " AND q.division >= ");
		sqlbuf_text(b, division);
		sqlbuf_add(b, " AND q.division < ");
		sqlbuf_text(b, arena_strdup(r->arena, upper));
	}
	sqlbuf_add(b, " AND q.created_at >= ");
	sqlbuf_int(b, from);
	sqlbuf_add(b, " AND q.created_at < ");
	sqlbuf_int(b, to);
	return 0;
}

#define STATS_COLUMNS                                                                                       \
	"COUNT(*), SUM(CASE WHEN q.signed_at IS NOT NULL AND q.signed_at <= q.sign_due THEN 1 ELSE 0 END),"   \
	" SUM(CASE WHEN q.status = 'closed' THEN 1 ELSE 0 END),"                                            \
	" SUM(CASE WHEN q.status = 'closed' AND q.closed_at <= q.close_due THEN 1 ELSE 0 END),"             \
	" SUM(CASE WHEN q.satisfaction IN ('satisfied', 'basic') THEN 1 ELSE 0 END),"                        \
	" SUM(CASE WHEN q.satisfaction IS NOT NULL THEN 1 ELSE 0 END),"                                       \
	" SUM(CASE WHEN q.reopen_count > 0 THEN 1 ELSE 0 END),"                                               \
	" SUM(CASE WHEN q.status = 'closed' THEN q.closed_at - q.created_at ELSE 0 END)"

static json_t *rate(int64_t num, int64_t den)
{
	return den ? json_real((double)num * 100.0 / (double)den) : json_null();
}

/* The STATS_COLUMNS sums of some requests. */
#define NSTATS 10
struct tally {
	const char *key;      /* of a breakdown row; NULL for none */
	int64_t v[NSTATS];    /* STATS_COLUMNS, then the settled disputes and the supervised requests */
};

static json_t *figures(const int64_t *v)
{
	int64_t received = v[0], closed = v[2], rated = v[5];
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "received", (json_int_t)received,
			 "signed_on_time", (json_int_t)v[1], "closed", (json_int_t)closed,
			 "closed_on_time", (json_int_t)v[3], "satisfaction_rate", rate(v[4], rated),
			 "reopen_rate", rate(v[6], received), "close_rate", rate(closed, received),
			 "on_time_close_rate", rate(v[3], closed),
			 "avg_hours_to_close", closed ? json_real((double)v[7] / (double)closed / 3600.0) : json_null());
}

/* ?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive, China time); default: the last 365 days. */
static int period(struct req *r, int64_t *from, int64_t *to)
{
	const char *f = req_query(r, "from"), *t = req_query(r, "to");
	int64_t now = clock_now();
	*to = now + 1;
	*from = now - 365 * 86400;
	const char *vals[2] = { f, t };
	for (int i = 0; i < 2; i++) {
		if (vals[i] == NULL)
			continue;
		struct tm tm = { 0 };
		char *end = strptime(vals[i], "%Y-%m-%d", &tm);
		if (end == NULL || *end)
			return reply_error_msg(r, ERR_VALIDATION, "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD", i ? "to" : "from");
		int64_t day = (int64_t)timegm(&tm) - 8 * 3600;
		if (i == 0)
			*from = day;
		else
			*to = day + 86400;
	}
	if (*to <= *from)
		return reply_error_msg(r, ERR_VALIDATION, "结束日期早于开始日期", "The period ends before it starts", "to");
	return 0;
}

/* Add v to the breakdown row of key in rows (at most max, kept in key order). */
static void tally_add(struct tally *rows, int *n, int max, const char *key, const int64_t *v)
{
	int i = 0;
	while (i < *n && strcmp(rows[i].key, key) < 0)
		i++;
	if (i == *n || strcmp(rows[i].key, key)) {
		if (*n == max)
			return;
		memmove(&rows[i + 1], &rows[i], (size_t)(*n - i) * sizeof(*rows));
		rows[i] = (struct tally){ .key = key };
		(*n)++;
	}
	for (int k = 0; k < NSTATS; k++)
		rows[i].v[k] += v[k];
}

#define MAX_KEYS 128  /* of one breakdown: channels, top-level categories, levels (dictionaries) */

/* The figures of a period, and by channel, top-level category and
 * responsible level: one pass over the requests grouped by all three,
 * summed here. */
int requests_stats(struct req *r)
{
	const char *division = req_query(r, "division");
	int64_t from, to;
	int st = period(r, &from, &to);
	if (st)
		return st;
	if (division && *division == '\0')
		division = NULL;
	if (division && (division_level(division) == DIV_INVALID || !scope_allows(r->user, division)))
		return reply_error(r, ERR_NOT_FOUND, "division");
	if (requests_escalate(r->db, clock_now()) < 0)
		return reply_error(r, ERR_INTERNAL, NULL);
	static const char *const keys[] = { "by_channel", "by_category", "by_level" };
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT q.channel,"
		       " COALESCE((SELECT c.parent_code FROM request_categories c WHERE c.code = q.category), q.category),"
		       " CASE length(q.org_division) WHEN 6 THEN 'county' WHEN 9 THEN 'township' WHEN 12 THEN 'village'"
		       " ELSE 'unassigned' END, " STATS_COLUMNS ", SUM(CASE WHEN q.mediation_outcome IS NOT NULL AND"
		       " q.status = 'closed' THEN 1 ELSE 0 END), SUM(CASE WHEN q.supervised = 1 THEN 1 ELSE 0 END)");
	stats_where(r, &b, division, from, to);
	sqlbuf_add(&b, " GROUP BY 1, 2, 3");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	int64_t total[NSTATS] = { 0 };
	struct tally rows[3][MAX_KEYS];
	int nrows[3] = { 0, 0, 0 }, rc;
	while ((rc = db_step(q)) == DB_ROW) {
		int64_t v[NSTATS];
		for (int k = 0; k < NSTATS; k++) {
			v[k] = db_column_int(q, 3 + k);
			total[k] += v[k];
		}
		for (int g = 0; g < 3; g++) {
			const char *key = db_column_text(q, g);
			tally_add(rows[g], &nrows[g], MAX_KEYS, arena_strdup(r->arena, key ? key : ""), v);
		}
	}
	db_finalize(q);
	if (rc != DB_DONE)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *out = figures(total);
	json_object_set_new(out, "disputes_settled", json_integer(total[8]));
	json_object_set_new(out, "supervised", json_integer(total[9]));
	for (int g = 0; g < 3; g++) {
		json_t *list = json_array();
		for (int i = 0; i < nrows[g]; i++) {
			json_t *row = figures(rows[g][i].v);
			json_object_set_new(row, "key", *rows[g][i].key ? json_string(rows[g][i].key) : json_null());
			json_array_append_new(list, row);
		}
		json_object_set_new(out, keys[g], list);
	}
	char f[21], t[21];
	clock_format_iso(from, f);
	clock_format_iso(to, t);
	json_object_set_new(out, "from", json_string(f));
	json_object_set_new(out, "to", json_string(t));
	return reply_json(r, 200, out);
}

/* ---- public side -------------------------------------------------------------------- */

int requests_public_categories(struct req *r)
{
	struct db_stmt *q = db_query(r->db, "SELECT code, parent_code, name, name_en, kind, level, sign_days, reply_days,"
				     " close_days FROM request_categories ORDER BY sort", NULL);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *items = json_array();
	int64_t n = 0;
	while (db_step(q) == DB_ROW) {
		json_array_append_new(items, json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:I, s:I, s:I}",
						       "code", db_column_text(q, 0), "parent_code", opt_text(q, 1),
						       "name", db_column_text(q, 2), "name_en", db_column_text(q, 3),
						       "kind", db_column_text(q, 4), "level", db_column_text(q, 5),
						       "sign_days", (json_int_t)db_column_int(q, 6),
						       "reply_days", (json_int_t)db_column_int(q, 7),
						       "close_days", (json_int_t)db_column_int(q, 8)));
		n++;
	}
	db_finalize(q);
	return reply_list(r, items, n, 1, n);
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
	int64_t id = 0;
	char ticket[24];
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = requests_insert(r, r->db, &n, &id, ticket);
	if (rc == DB_OK) {
		struct audit_entry e = { .action = "create", .entity = "request",
					 .entity_id = arena_printf(r->arena, "%lld", (long long)id), .division = n.division,
					 .detail = "public form", .username = "public" };
		rc = audit_write(r, r->db, &e);
	}
	if (rc == DB_OK)
		rc = db_commit(r->db);
	if (rc != DB_OK) {
		db_rollback(r->db);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 201, json_pack("{s:s, s:s}", "ticket", ticket, "message_zh",
					    "已受理，请记下受理编号，凭编号和手机号后四位查询办理进度"));
}

/* Status and replies for the ticket's holder: no personal data. */
int requests_public_track(struct req *r)
{
	const char *ticket = req_param(r, 0), *last4 = req_query(r, "phone_last4");
	if (last4 == NULL || strlen(last4) != 4)
		return reply_error_msg(r, ERR_MISSING_FIELD, "请输入手机号后四位", "Give the last four digits of the phone",
				       "phone_last4");
	const struct env *env = r->env;
	bool limited = false;
	if (ratelimit_hit(r->db, arena_printf(r->arena, "track:%s", r->remote_addr), env->cfg->rate_limit_per_minute, 60,
			  &limited) != DB_OK)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (limited)
		return reply_error(r, ERR_RATE_LIMITED, NULL);
	struct db_stmt *q = db_query(r->db, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.ticket = $1", "t", ticket);
	int rc = q ? db_step(q) : DB_ERROR;
	const char *phone = rc == DB_ROW ? db_column_text(q, 7) : NULL;
	size_t plen = phone ? strlen(phone) : 0;
	if (rc != DB_ROW || plen < 4 || strcmp(phone + plen - 4, last4)) {
		db_finalize(q);
		return reply_error(r, rc == DB_ROW || rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	}
	json_t *full = request_json(r, q, false);
	int64_t id = db_column_int(q, 0);
	db_finalize(q);
	/* only what the requester needs: no names, phones, handlers' notes or actors */
	static const char *const public_keys[] = { "ticket", "category", "category_name", "division_name", "status",
						   "reply", "created_at", "replied_at", "closed_at", "timeliness", "org_name",
						   "satisfaction" };
	json_t *out = json_object();
	for (size_t i = 0; i < sizeof(public_keys) / sizeof(public_keys[0]); i++)
		json_object_set(out, public_keys[i], json_object_get(full, public_keys[i]));
	json_decref(full);
	json_object_set_new(out, "timeline", steps_json(r, id, false));
	return reply_json(r, 200, out);
}

/* ---- Open311 GeoReport v2 ------------------------------------------------------------ */

int open311_services(struct req *r)
{
	struct db_stmt *q = db_query(r->db, "SELECT c.code, c.name, c.name_en, c.kind,"
				     " (SELECT p.name FROM request_categories p WHERE p.code = c.parent_code)"
				     " FROM request_categories c ORDER BY c.sort", NULL);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *a = json_array();
	while (db_step(q) == DB_ROW) {
		const char *group = db_column_text(q, 4);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:s}", "service_code", db_column_text(q, 0),
						   "service_name", db_column_text(q, 1), "description", db_column_text(q, 2),
						   "metadata", 0, "type", "realtime", "keywords", db_column_text(q, 3),
						   "group", group ? group : db_column_text(q, 1)));
	}
	db_finalize(q);
	return reply_json(r, 200, a);
}

static json_t *georeport(struct db_stmt *q)
{
	const char *status = db_column_text(q, 9);
	char requested[21], updated[21];
	clock_format_iso(db_column_int(q, 20), requested);
	clock_format_iso(db_column_int(q, 27), updated);
	json_t *o = json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:s, s:s, s:o}", "service_request_id", db_column_text(q, 1),
			      "status", is_open(status) ? "open" : "closed", "status_notes", opt_text(q, 16),
			      "service_code", db_column_text(q, 4), "service_name", opt_text(q, 29),
			      "description", db_column_text(q, 5), "agency_responsible", opt_text(q, 30),
			      "requested_datetime", requested, "updated_datetime", updated, "address", opt_text(q, 28));
	json_object_set_new(o, "address_id", json_string(db_column_text(q, 3)));
	json_object_set_new(o, "expected_datetime", opt_time(q, 23));
	return o;
}

/* requests.json?service_code=&status=open|closed&start_date=&end_date=&page=&page_size= */
int open311_requests(struct req *r)
{
	struct paging pg;
	int st = paging_from_query(r, &pg);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE (");
	scope_where(&b, r->user, "q.division");
	sqlbuf_add(&b, ")");
	const char *code = req_query(r, "service_code"), *status = req_query(r, "status");
	if (code && *code) {
		sqlbuf_add(&b, " AND q.category = ");
		sqlbuf_text(&b, code);
	}
	if (status && !strcmp(status, "open"))
		sqlbuf_add(&b, " AND q.status NOT IN " CLOSED_STATUSES);
	else if (status && !strcmp(status, "closed"))
		sqlbuf_add(&b, " AND q.status IN " CLOSED_STATUSES);
	else if (status && *status)
		return reply_error_msg(r, ERR_VALIDATION, "status 应为 open 或 closed", "status is open or closed", "status");
	static const char *const bounds[] = { "start_date", "end_date" };
	for (int i = 0; i < 2; i++) {
		const char *v = req_query(r, bounds[i]);
		if (v == NULL)
			continue;
		struct tm tm = { 0 };
		char *end = strptime(v, "%Y-%m-%dT%H:%M:%S", &tm);
		if (end == NULL)
			end = strptime(v, "%Y-%m-%d", &tm);
		if (end == NULL)
			return reply_error_msg(r, ERR_VALIDATION, "日期格式应为 ISO 8601", "Dates are ISO 8601", bounds[i]);
		sqlbuf_add(&b, i ? " AND q.created_at < " : " AND q.created_at >= ");
		sqlbuf_int(&b, (int64_t)timegm(&tm));
	}
	sqlbuf_add(&b, " ORDER BY q.created_at DESC, q.id DESC LIMIT ");
	sqlbuf_int(&b, pg.page_size);
	sqlbuf_add(&b, " OFFSET ");
	sqlbuf_int(&b, pg.offset);
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *a = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(a, georeport(q));
	db_finalize(q);
	return reply_json(r, 200, a);
}

int open311_request(struct req *r)
{
	char ticket[32];
	snprintf(ticket, sizeof(ticket), "%s", req_param(r, 0));
	char *dot = strstr(ticket, ".json");
	if (dot == NULL || dot[5])
		return reply_error(r, ERR_NOT_FOUND, NULL);
	*dot = '\0';
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT " REQUEST_COLUMNS " FROM requests q WHERE q.ticket = ");
	sqlbuf_text(&b, ticket);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "q.division");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	json_t *a = json_array();
	if (rc == DB_ROW)
		json_array_append_new(a, georeport(q));
	db_finalize(q);
	if (rc != DB_ROW) {
		json_decref(a);
		return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, a);
}

/* ---- the calendar ---------------------------------------------------------------------- */

int requests_calendar_get(struct req *r)
{
	const char *year = req_param(r, 0);
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	char lo[16], hi[16];
	snprintf(lo, sizeof(lo), "%s-01-01", year);
	snprintf(hi, sizeof(hi), "%s-12-31", year);
	struct db_stmt *q = db_query(r->db, "SELECT day, kind, name FROM calendar_days WHERE day >= $1 AND day <= $2"
				     " ORDER BY day", "tt", lo, hi);
	if (q == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	json_t *days = json_array();
	while (db_step(q) == DB_ROW)
		json_array_append_new(days, json_pack("{s:s, s:s, s:s}", "day", db_column_text(q, 0), "kind",
						      db_column_text(q, 1), "name", db_column_text(q, 2)));
	db_finalize(q);
	return reply_json(r, 200, json_pack("{s:s, s:o}", "year", year, "days", days));
}

/* Body {"days": [{"day": "2027-01-01", "kind": "off"|"work", "name": "元旦"}, ...]}: replaces the year. */
int requests_calendar_put(struct req *r)
{
	static const char *const allowed[] = { "days", NULL };
	const char *year = req_param(r, 0);
	if (strlen(year) != 4 || strspn(year, "0123456789") != 4)
		return reply_error(r, ERR_NOT_FOUND, NULL);
	int st = body_object(r, allowed);
	if (st)
		return st;
	json_t *days = json_object_get(r->json, "days");
	if (!json_is_array(days) || json_array_size(days) > 366)
		return reply_error_msg(r, ERR_VALIDATION, "days 应为日期数组", "days is an array of days", "days");
	size_t i;
	json_t *d;
	json_array_foreach(days, i, d) {
		const char *day = json_string_value(json_object_get(d, "day"));
		const char *kind = json_string_value(json_object_get(d, "kind"));
		const char *name = json_string_value(json_object_get(d, "name"));
		if (day == NULL || !clock_valid_date(day) || strncmp(day, year, 4) || kind == NULL ||
		    (strcmp(kind, "off") && strcmp(kind, "work")) || name == NULL || json_object_size(d) != 3)
			return reply_error_msg(r, ERR_VALIDATION,
					       arena_printf(r->arena, "第 %zu 项应为 {day: 本年日期, kind: off|work, name}", i + 1),
					       arena_printf(r->arena, "Item %zu must be {day in the year, kind: off|work, name}", i + 1),
					       "days");
	}
	char lo[16], hi[16];
	snprintf(lo, sizeof(lo), "%s-01-01", year);
	snprintf(hi, sizeof(hi), "%s-12-31", year);
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "DELETE FROM calendar_days WHERE day >= $1 AND day <= $2", "tt", lo, hi);
	json_array_foreach(days, i, d) {
		if (rc != DB_OK)
			break;
		rc = db_exec(r->db, "INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)", "ttt",
			     json_string_value(json_object_get(d, "day")), json_string_value(json_object_get(d, "kind")),
			     json_string_value(json_object_get(d, "name")));
	}
	if (rc == DB_OK) {
		struct audit_entry e = { .action = "update", .entity = "calendar", .entity_id = year, .after = days };
		rc = audit_write(r, r->db, &e);
	}
	if (rc == DB_OK)
		rc = db_commit(r->db);
	if (rc != DB_OK) {
		db_rollback(r->db);
		return reply_error(r, rc == DB_CONSTRAINT ? ERR_CONFLICT : ERR_INTERNAL, NULL);
	}
	return requests_calendar_get(r);
}
