/*
 * pairings_api.c - the pairings domain's handlers beyond the generic CRUD:
 * a cadre's own pairings and visits (one record and "mine", overdue first),
 * idempotent visit submission, leave decisions by the approver level,
 * recalls of team members and the month's presence of resident cadres.
 */
#include "modules/pairings/pairings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/roles.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "db/db.h"
#include "db/sqlbuf.h"
#include "http/reply.h"
#include "http/router.h"
#include "model/audit.h"
#include "model/crud.h"
#include "modules/pairings/pairings_entities.h"
#include "modules/pairings/pairings_internal.h"
#include "modules/requests/requests.h"

/* The row of table named by path parameter 0 inside the caller's scope: 0 with *out on it
 * (columns after t.id), or the reply's status (404 for a missing or hidden one). */
static int path_row(struct req *r, const char *table, const char *columns, int64_t *id, struct db_stmt **out)
{
	int st = req_path_id(r, 0, id);
	if (st)
		return st;
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, arena_printf(r->arena, "SELECT %s FROM %s t WHERE t.id = ", columns, table));
	sqlbuf_int(&b, *id);
	sqlbuf_add(&b, " AND ");
	scope_where(&b, r->user, "t.division");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	int rc = q ? db_step(q) : DB_ERROR;
	if (rc == DB_ROW) {
		*out = q;
		return 0;
	}
	db_finalize(q);
	return reply_error(r, rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL, NULL);
}

/*
 * What of each entity is a cadre's own (a condition on its row t, the cadre's
 * person as %lld) and whether a cadre may delete its own: visits, leave and
 * check-ins it keeps itself; pairings, areas, teams, members and absences it
 * only reads.
 */
static const struct own_rule {
	const struct entity *entity;
	const char *own;
	bool cadre_deletes;
} own_rules[] = {
	{ &entity_pairing, "t.person_id = %lld", false },
	{ &entity_pairing_area, CADRE_OWN_AREA, false },
	{ &entity_team, CADRE_OWN_TEAM, false },
	{ &entity_team_member, "t.person_id = %lld", false },
	{ &entity_absence, "t.person_id = %lld", false },
	{ &entity_visit, "t.person_id = %lld", true },
	{ &entity_leave, "t.person_id = %lld", true },
	{ &entity_checkin, "t.person_id = %lld", true },
};

static const struct own_rule *own_rule_of(const struct entity *e)
{
	for (size_t i = 0; i < sizeof(own_rules) / sizeof(own_rules[0]); i++)
		if (own_rules[i].entity == e)
			return &own_rules[i];
	return NULL;
}

/* The rule of the route's entity: the one whose path the route's pattern continues with "/:id". */
static const struct own_rule *own_rule_of_route(const struct req *r)
{
	for (size_t i = 0; i < sizeof(own_rules) / sizeof(own_rules[0]); i++) {
		const char *path = own_rules[i].entity->path;
		size_t len = strlen(path);
		if (!strncmp(r->route->pattern, path, len) && !strcmp(r->route->pattern + len, "/:id"))
			return &own_rules[i];
	}
	return NULL;
}

/* For a cadre: is the record of path parameter 0 its own?  0 when it is, else the reply's status (404). */
static int cadre_owns(struct req *r, const struct own_rule *o)
{
	int64_t id, person = pairing_cadre_person(r);
	struct db_stmt *q;
	const char *own = arena_printf(r->arena, o->own, (long long)person);
	int st = path_row(r, o->entity->table, arena_printf(r->arena, "CASE WHEN %s THEN 1 ELSE 0 END", own), &id, &q);
	if (st)
		return st;
	bool mine = db_column_int(q, 0) != 0;
	db_finalize(q);
	return person != 0 && mine ? 0 : reply_error(r, ERR_NOT_FOUND, NULL);
}

/* GET /<entity>/:id (the entity named by the route's path): a cadre reads its own records only; others the record in their scope. */
int pairings_get_own(struct req *r)
{
	const struct own_rule *o = own_rule_of_route(r);
	if (o == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (pairing_is_cadre(r)) {
		int st = cadre_owns(r, o);
		if (st)
			return st;
	}
	return crud_get_of(r, o->entity);
}

/* DELETE /<entity>/:id: a cadre its own records of the kinds it keeps, none of the others (403). */
int pairings_delete_own(struct req *r)
{
	const struct own_rule *o = own_rule_of_route(r);
	if (o == NULL)
		return reply_error(r, ERR_INTERNAL, NULL);
	if (pairing_is_cadre(r)) {
		if (!o->cadre_deletes)
			return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部不能删除此类记录", "A cadre cannot delete these records", NULL);
		int st = cadre_owns(r, o);
		if (st)
			return st;
	}
	return crud_delete_of(r, o->entity);
}

/* ---- my households and villages -------------------------------------------------------- */

static json_t *opt_text(struct db_stmt *q, int col)
{
	return db_column_is_null(q, col) ? json_null() : json_string(db_column_text(q, col));
}

/* The person whose pairings are listed: a cadre's own, else ?person_id= inside the caller's scope. */
static int mine_person(struct req *r, int64_t *person)
{
	int st = pairing_caller_cadre(r, person);
	if (st || *person)
		return st;
	st = req_query_int(r, "person_id", 1, INT64_MAX, person);
	if (st)
		return st;
	if (*person == 0)
		return reply_error(r, ERR_MISSING_FIELD, "person_id");
	char place[64];
	st = pr_division_of(r, "SELECT division FROM people WHERE id = $1", *person, "person_id", place);
	if (!st && !scope_allows(r->user, place))
		return reply_error(r, ERR_NOT_FOUND, "person_id");
	return st;
}

#define MINE_FROM                                                                                              \
	" FROM pairings p JOIN households h ON h.id = p.household_id WHERE p.person_id = $1 AND p.start_on <= $2" \
	" AND (p.end_on IS NULL OR p.end_on >= $2)"

/*
 * The households paired with the person on the date (helper, 1+X, mutual
 * aid), the longest unvisited first, each with its last visit and whether
 * it is overdue by the place's visit rule; and the villages paired with
 * the person.
 */
int pairings_mine(struct req *r)
{
	int64_t person;
	char date[11];
	struct paging pg;
	int st = mine_person(r, &person);
	if (!st)
		st = pairing_query_place(r, NULL, date, &pg);
	if (st)
		return st;
	int64_t total = 0;
	if (db_query_int(r->db, &total, "SELECT COUNT(*)" MINE_FROM, "it", person, date) != DB_ROW)
		return reply_error(r, ERR_INTERNAL, NULL);
	struct db_stmt *q = db_query(r->db, "SELECT h.id, h.head_name, h.division, h.status, p.kind, p.id, p.start_on,"
					    " (SELECT MAX(v.visited_on) FROM visits v WHERE v.household_id = h.id AND v.visited_on <= $2) AS last,"
					    " (SELECT d.name FROM divisions d WHERE d.code = h.division), h.monitor_category" MINE_FROM
					    " ORDER BY COALESCE((SELECT MAX(v.visited_on) FROM visits v WHERE v.household_id = h.id"
					    " AND v.visited_on <= $2), '0000-00-00'), h.id LIMIT $3 OFFSET $4",
				     "itii", person, date, pg.page_size, pg.offset);
	json_t *items = json_array();
	int rc = DB_ERROR;
	int64_t today = pr_day_number(date);
	while (q && (rc = db_step(q)) == DB_ROW) {
		const char *status = db_column_text(q, 3), *division = db_column_text(q, 2);
		bool monitored = !db_column_is_null(q, 9);
		int64_t every = pairing_rule_value(r, monitored ? "visit_monitored" : "visit_registered", division, true,
						   monitored ? VISIT_MONITORED_DAYS : VISIT_REGISTERED_DAYS);
		int64_t since = db_column_is_null(q, 7) ? -1 : today - pr_day_number(db_column_text(q, 7));
		json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:s, s:I, s:s, s:o, s:o, s:I, s:b}", "household_id",
						       (json_int_t)db_column_int(q, 0), "head_name", db_column_text(q, 1),
						       "division", division, "division_name", opt_text(q, 8), "status", status,
						       "monitor_category", opt_text(q, 9),
						       "kind", db_column_text(q, 4), "pairing_id", (json_int_t)db_column_int(q, 5),
						       "since", db_column_text(q, 6), "last_visit", opt_text(q, 7),
						       "days_since_visit", since < 0 ? json_null() : json_integer(since),
						       "visit_every_days", (json_int_t)every, "overdue", since < 0 || since >= every));
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	q = db_query(r->db, "SELECT p.id, p.kind, p.target, d.name FROM pairings p LEFT JOIN divisions d ON d.code = p.target"
			    " WHERE p.person_id = $1 AND p.target IS NOT NULL AND p.start_on <= $2 AND (p.end_on IS NULL OR p.end_on >= $2)"
			    " ORDER BY p.target LIMIT 200", "it", person, date);
	json_t *villages = json_array();
	while (q && (rc = db_step(q)) == DB_ROW)
		json_array_append_new(villages, json_pack("{s:I, s:s, s:s, s:o}", "pairing_id", (json_int_t)db_column_int(q, 0), "kind",
							  db_column_text(q, 1), "division", db_column_text(q, 2), "division_name",
							  opt_text(q, 3)));
	db_finalize(q);
	return reply_json(r, 200, json_pack("{s:I, s:s, s:o, s:I, s:I, s:I, s:o}", "person_id", (json_int_t)person, "date", date,
					    "items", items, "total", (json_int_t)total, "page", (json_int_t)pg.page, "page_size",
					    (json_int_t)pg.page_size, "villages", villages));
}

/* ---- visits ------------------------------------------------------------------------- */

/*
 * A visit sent again with the same client_key (a phone resending after the
 * network came back) answers the stored visit with 200 instead of storing
 * a second one.
 */
int visits_create(struct req *r)
{
	const char *key = json_string_value(json_object_get(r->json, "client_key"));
	int64_t id = 0;
	int st;
	if (key && *key && db_query_int(r->db, &id, "SELECT id FROM visits WHERE client_key = $1", "t", key) == DB_ROW) {
		const char *ids = arena_printf(r->arena, "%lld", (long long)id);
		r->params[0] = ids;
		r->nparams = 1;
		if (pairing_is_cadre(r)) {
			st = cadre_owns(r, own_rule_of(&entity_visit));
			if (st)
				return st;
		}
		return crud_get_of(r, &entity_visit);
	}
	return crud_create_of(r, &entity_visit);
}

/* The keys of visits_raise_request's body (also the route's documented fields, app/routes.c). */
const char *const visits_raise_request_fields[] = { "category", "content", "urgency", NULL };

/*
 * A problem found on a visit becomes a villager's request (channel
 * "visit") with one action: the category given, the content the visit's
 * follow-up (or its findings) unless given, the household's head as the
 * requester; the visit keeps the request's id, so it is raised once.
 */
int visits_raise_request(struct req *r)
{
	int64_t id;
	struct db_stmt *q;
	int st = path_row(r, "visits", "t.person_id, t.division, t.follow_up, t.findings, t.request_id,"
				       " (SELECT h.head_name FROM households h WHERE h.id = t.household_id)", &id, &q);
	if (st)
		return st;
	int64_t person = db_column_int(q, 0);
	bool raised = !db_column_is_null(q, 4);
	const char *division = arena_strdup(r->arena, db_column_text(q, 1));
	const char *found = db_column_is_null(q, 2) ? (db_column_is_null(q, 3) ? NULL : arena_strdup(r->arena, db_column_text(q, 3)))
						    : arena_strdup(r->arena, db_column_text(q, 2));
	const char *head = db_column_is_null(q, 5) ? NULL : arena_strdup(r->arena, db_column_text(q, 5));
	db_finalize(q);
	if (pairing_is_cadre(r) && person != pairing_cadre_person(r))
		return reply_error(r, ERR_NOT_FOUND, NULL);
	const char *category, *content = NULL, *urgency = NULL;
	st = body_object(r, visits_raise_request_fields);
	if (!st)
		st = body_string(r, "category", true, 64, &category);
	if (!st)
		st = body_string(r, "content", false, 2000, &content);
	if (!st)
		st = body_string(r, "urgency", false, 20, &urgency);
	if (st)
		return st;
	if (content == NULL || *content == '\0')
		content = found;
	if (content == NULL || *content == '\0')
		return reply_error_msg(r, ERR_MISSING_FIELD, "走访记录没有需跟进的问题，请填写诉求内容",
				       "The visit records no problem: give the request's content", "content");
	int64_t known = 0;
	if (db_query_int(r->db, &known, "SELECT COUNT(*) FROM request_categories WHERE code = $1", "t", category) != DB_ROW || !known)
		return reply_error_msg(r, ERR_VALIDATION, "诉求类别不存在", "No such request category", "category");
	if (urgency && strcmp(urgency, "normal") && strcmp(urgency, "urgent"))
		return reply_error_msg(r, ERR_VALIDATION, "紧急程度应为 normal 或 urgent", "urgency is normal or urgent", "urgency");
	if (raised)
		return reply_error_msg(r, ERR_CONFLICT, "该走访发现的问题已转为诉求", "This visit has raised its request already", NULL);
	struct request_new n = { .channel = "visit", .division = division, .category = category, .content = content, .name = head,
				 .urgency = urgency, .idempotency_key = arena_printf(r->arena, "visit-%lld", (long long)id),
				 .source_ref = arena_printf(r->arena, "visit:%lld", (long long)id), .created_by = r->user->id };
	int64_t request = 0;
	char ticket[24] = "";
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = requests_insert(r, r->db, &n, &request, ticket);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE visits SET request_id = $1, updated_at = $2 WHERE id = $3 AND request_id IS NULL", "iii",
			     request, clock_now(), id);
	if (rc == DB_OK && db_changes(r->db) != 1)
		rc = DB_CONSTRAINT;
	json_t *after = json_pack("{s:I, s:s, s:s}", "request_id", (json_int_t)request, "ticket", ticket, "category", category);
	struct audit_entry e = { .action = "raise_request", .entity = "visit", .entity_id = arena_printf(r->arena, "%lld", (long long)id),
				 .division = division, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	if (st)
		return st;
	return reply_json(r, 201, json_pack("{s:I, s:I, s:s}", "visit_id", (json_int_t)id, "request_id", (json_int_t)request,
					    "ticket", ticket));
}

/* ---- leave decisions ------------------------------------------------------------------ */

/* May the caller's role decide a leave of this approver level? */
static bool may_decide(const struct req *r, const char *level)
{
	enum role role = r->user->role;
	if (role == ROLE_ADMIN || role == ROLE_COUNTY)
		return true;
	return role == ROLE_TOWNSHIP && !strcmp(level, "township");
}

/* The keys of leaves_decide's body (also the route's documented fields, app/routes.c). */
const char *const leaves_decide_fields[] = { "approve", "note", NULL };

int leaves_decide(struct req *r)
{
	int64_t id;
	struct db_stmt *q;
	bool approve;
	const char *note = NULL;
	int st = path_row(r, "leaves", "t.status, t.approver_level, t.division", &id, &q);
	if (st)
		return st;
	const char *status = arena_strdup(r->arena, db_column_text(q, 0)), *level = arena_strdup(r->arena, db_column_text(q, 1));
	const char *division = arena_strdup(r->arena, db_column_text(q, 2));
	db_finalize(q);
	st = body_object(r, leaves_decide_fields);
	if (!st)
		st = body_bool(r, "approve", true, &approve, NULL);
	if (!st)
		st = body_string(r, "note", false, 500, &note);
	if (st)
		return st;
	if (!may_decide(r, level))
		return reply_error_msg(r, ERR_FORBIDDEN, "超过乡镇审批权限的请假由县委组织部审批",
				       "Leave beyond the township's limit is decided by the county organisation department", NULL);
	if (strcmp(status, "pending"))
		return reply_error_msg(r, ERR_CONFLICT, "请假已审批", "The leave has been decided", NULL);
	char today[11];
	pr_today(today);
	const char *to = approve ? "approved" : "rejected";
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE leaves SET status = $1, decided_by = $2, decided_on = $3, decision_note = $4, updated_at = $5"
				    " WHERE id = $6 AND status = 'pending'", "ttttii", to, r->user->username,
			     today, note, clock_now(), id);
	if (rc == DB_OK && db_changes(r->db) != 1)
		rc = DB_CONSTRAINT;
	json_t *after = json_pack("{s:s, s:o}", "status", to, "decision_note", note ? json_string(note) : json_null());
	struct audit_entry e = { .action = "decide", .entity = "leave", .entity_id = arena_printf(r->arena, "%lld", (long long)id),
				 .division = division, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(after);
	return st ? st : crud_get_of(r, &entity_leave);
}

/* ---- recalls ----------------------------------------------------------------------------- */

/* The keys of team_members_recall's body (also the route's documented fields, app/routes.c). */
const char *const team_members_recall_fields[] = { "reason", "on", NULL };

/* A member recalled (召回) leaves the team on the day given (default today), with the reason. */
int team_members_recall(struct req *r)
{
	if (pairing_is_cadre(r))
		return reply_error_msg(r, ERR_FORBIDDEN, "帮扶干部不能召回队员", "A cadre cannot recall team members", NULL);
	int64_t id;
	struct db_stmt *q;
	const char *reason, *on = NULL;
	int st = path_row(r, "team_members", "t.start_on, t.end_on, t.recalled, t.division", &id, &q);
	if (st)
		return st;
	const char *from = arena_strdup(r->arena, db_column_text(q, 0)), *to = arena_strdup(r->arena, db_column_text(q, 1));
	bool recalled = db_column_int(q, 2) != 0;
	const char *division = arena_strdup(r->arena, db_column_text(q, 3));
	db_finalize(q);
	st = body_object(r, team_members_recall_fields);
	if (!st)
		st = body_string(r, "reason", true, 500, &reason);
	if (!st)
		st = body_string(r, "on", false, 10, &on);
	if (st)
		return st;
	char today[11];
	pr_today(today);
	if (on == NULL || *on == '\0')
		on = arena_strdup(r->arena, today);
	if (!clock_valid_date(on))
		return reply_error_msg(r, ERR_VALIDATION, "日期应为有效的 YYYY-MM-DD", "Expected a real date as YYYY-MM-DD", "on");
	if (recalled)
		return reply_error_msg(r, ERR_CONFLICT, "该队员已召回", "The member has been recalled", NULL);
	if (strcmp(on, from) < 0 || strcmp(on, to) > 0)
		return reply_error_msg(r, ERR_VALIDATION, "召回日期应在任期之内", "The recall falls within the term", "on");
	int rc = db_begin(r->db);
	if (rc == DB_OK)
		rc = db_exec(r->db, "UPDATE team_members SET end_on = $1, recalled = 1, recall_reason = $2, updated_at = $3 WHERE id = $4",
			     "ttii", on, reason, clock_now(), id);
	json_t *before = json_pack("{s:s}", "end_on", to);
	json_t *after = json_pack("{s:s, s:b, s:s}", "end_on", on, "recalled", 1, "recall_reason", reason);
	struct audit_entry e = { .action = "recall", .entity = "team_member", .entity_id = arena_printf(r->arena, "%lld", (long long)id),
				 .division = division, .before = before, .after = after };
	st = audit_commit_reply(r, rc, &e);
	json_decref(before);
	json_decref(after);
	return st ? st : crud_get_of(r, &entity_team_member);
}

/* ---- presence ----------------------------------------------------------------------------- */

/* What unexcused absences found by inspections in a year cost a resident cadre's annual rating
 * (local rules, domain.md 6.3): from this many on, the best rating open to the person. */
static const struct absence_rule {
	int64_t from;
	const char *cap;
} absence_rules[] = {
	{ 3, "incompetent" },     /* 不称职 */
	{ 2, "basic" },           /* 基本称职 */
	{ 1, "not_excellent" },   /* 不能评为优秀 */
};

static const char *rating_cap(int64_t absences)
{
	for (size_t i = 0; i < sizeof(absence_rules) / sizeof(absence_rules[0]); i++)
		if (absences >= absence_rules[i].from)
			return absence_rules[i].cap;
	return NULL;
}

static int64_t overlap(const char *a0, const char *a1, const char *b0, const char *b1)
{
	int64_t lo = pr_day_number(strcmp(a0, b0) > 0 ? a0 : b0), hi = pr_day_number(strcmp(a1, b1) < 0 ? a1 : b1);
	return hi >= lo ? hi - lo + 1 : 0;
}

/*
 * The resident cadres serving in the subtree in ?month= (default this
 * month): days checked in, approved leave days, the days required (the
 * place's presence_days, default 20, in proportion to the days served that
 * month; a month in progress up to today) and how many short; ?short=1
 * keeps those short.
 */
int presence_month(struct req *r)
{
	const char *division, *month = req_query(r, "month"), *short_only = req_query(r, "short");
	char today[11], first[11], last[11], upper[DIVISION_CODE_MAX + 2];
	struct paging pg;
	pr_today(today);
	int st = req_query_division(r, "division", &division);
	if (!st)
		st = paging_from_query(r, &pg);
	if (st)
		return st;
	if (division == NULL)
		division = r->user->nscopes > 0 ? r->user->scopes[0] : "";
	if (!scope_allows(r->user, division))
		return reply_error(r, ERR_NOT_FOUND, "division");
	if (month == NULL || *month == '\0')
		month = arena_printf(r->arena, "%.7s", today);
	if (strlen(month) != 7 || !clock_valid_date(arena_printf(r->arena, "%s-01", month)))
		return reply_error_msg(r, ERR_VALIDATION, "月份应为 YYYY-MM", "month is YYYY-MM", "month");
	snprintf(first, sizeof(first), "%s-01", month);
	int y = (int)strtol(month, NULL, 10), m = (int)strtol(month + 5, NULL, 10);
	const char *next = arena_printf(r->arena, "%04d-%02d-01", y + (m == 12), m == 12 ? 1 : m + 1);
	pr_date_of(pr_day_number(next) - 1, last);
	int64_t month_days = pr_day_number(last) - pr_day_number(first) + 1;
	/* the month in progress is measured up to today: the days required so far */
	const char *until = strcmp(today, last) < 0 ? today : last;
	int64_t required_full = pairing_rule_value(r, "presence_days", division, false, 20);
	division_subtree_upper(division, upper);
	struct sqlbuf b;
	sqlbuf_init(&b, r->arena);
	sqlbuf_add(&b, "SELECT m.id, m.person_id, pe.name, m.role, m.division, d.name, m.start_on, m.end_on,"
		       " (SELECT COUNT(*) FROM checkins c WHERE c.person_id = m.person_id AND c.day >= ");
	sqlbuf_text(&b, first);
	sqlbuf_add(&b, " AND c.day <= ");
	sqlbuf_text(&b, last);
	sqlbuf_add(&b, ") FROM team_members m JOIN people pe ON pe.id = m.person_id LEFT JOIN divisions d ON d.code = m.division"
		       " WHERE m.start_on <= ");
	sqlbuf_text(&b, last);
	sqlbuf_add(&b, " AND m.end_on >= ");
	sqlbuf_text(&b, first);
	sqlbuf_add(&b, " AND ");
	scope_where_under(&b, r->user, "m.division", division);
	if (pairing_is_cadre(r)) {
		sqlbuf_add(&b, " AND m.person_id = ");
		sqlbuf_int(&b, pairing_cadre_person(r));
	}
	sqlbuf_add(&b, " ORDER BY m.division, m.role, m.id");
	struct db_stmt *q = sqlbuf_query(r->db, &b);
	json_t *items = json_array();
	int64_t total = 0, shorts = 0;
	int rc = DB_ERROR;
	bool want_short = short_only && (!strcmp(short_only, "1") || !strcmp(short_only, "true"));
	while (q && (rc = db_step(q)) == DB_ROW) {
		const char *from = db_column_text(q, 6), *to = db_column_text(q, 7);
		int64_t served = overlap(from, to, first, until), present = db_column_int(q, 8);
		int64_t required = (required_full * served + month_days / 2) / month_days;
		int64_t leave_days = 0;
		struct db_stmt *lq = db_query(r->db, "SELECT from_on, to_on FROM leaves WHERE person_id = $1 AND status = 'approved'"
						     " AND from_on <= $2 AND to_on >= $3", "itt", db_column_int(q, 1), last, first);
		while (lq && db_step(lq) == DB_ROW)
			leave_days += overlap(db_column_text(lq, 0), db_column_text(lq, 1), first, last);
		db_finalize(lq);
		int64_t absences = 0;
		db_query_int(r->db, &absences, "SELECT COUNT(*) FROM absences WHERE person_id = $1 AND day >= $2 AND day <= $3"
					       " AND (excused IS NULL OR excused = 0)", "itt", db_column_int(q, 1),
			     arena_printf(r->arena, "%.4s-01-01", first), last);
		const char *cap = rating_cap(absences);
		int64_t short_by = required > present ? required - present : 0;
		shorts += short_by > 0;
		if (want_short && short_by == 0)
			continue;
		total++;
		if (total <= pg.offset || total > pg.offset + pg.page_size)
			continue;
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
						       "team_member_id", (json_int_t)db_column_int(q, 0), "person_id",
						       (json_int_t)db_column_int(q, 1), "name", db_column_text(q, 2), "role",
						       db_column_text(q, 3), "division", db_column_text(q, 4), "division_name",
						       opt_text(q, 5), "start_on", from, "end_on", to, "days_served", (json_int_t)served,
						       "days_present", (json_int_t)present, "leave_days", (json_int_t)leave_days,
						       "days_required", (json_int_t)required, "short_by", (json_int_t)short_by,
						       "absences_this_year", (json_int_t)absences, "rating_cap",
						       cap ? json_string(cap) : json_null()));
	}
	db_finalize(q);
	if (q == NULL || rc != DB_DONE) {
		json_decref(items);
		return reply_error(r, ERR_INTERNAL, NULL);
	}
	return reply_json(r, 200, json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:o, s:I, s:I, s:I}", "division", division, "month", month,
					    "month_complete", strcmp(today, last) > 0, "month_days", (json_int_t)month_days,
					    "required_days", (json_int_t)required_full,
					    "short", (json_int_t)shorts, "items", items, "total", (json_int_t)total, "page",
					    (json_int_t)pg.page, "page_size", (json_int_t)pg.page_size));
}
