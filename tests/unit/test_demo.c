/*
 * test_demo.c - the demo-county generator on a small county (乳源 440232
 * cut to its first three townships, written to a temporary data directory:
 * the demo's data_dir option): valid and unique identity numbers (people and
 * household members), a consistent organisation tree, the stats that are the
 * rows, a consistent household registry, run-once, determinism (same seed,
 * same people, households, requests and organisational life; other seed,
 * others), a year of villagers' requests consistent with their steps,
 * deadlines and routing, and a year of organisational life: meetings with
 * their attendance (none on 乳源's meeting-free days but the urgent ones),
 * receipts read before they are signed, 四议两公开 decisions in order and
 * with their quorums, trainings.  The seed figures of the whole counties
 * (琼中, 乳源) are checked by tests/slow/test_demo_full.c.
 * Runs from the repository root (data/divisions).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/division.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/workdays.h"
#include "db/db.h"
#include "db/migrate.h"
#include "demo/demo.h"
#include "demo/profiles.h"

#include "../demo_fixture.h"
#include "modules/partylife/partylife.h"

/* BLAKE2b of every person, household and household member, by id. */
static void people_digest(struct db *db, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	demo_digest_rows(&h, db, "SELECT name, id_number_hash, division FROM people ORDER BY id", 3);
	demo_digest_rows(&h, db, "SELECT household_no, head_name, division, status, main_cause FROM households ORDER BY id", 5);
	demo_digest_rows(&h, db, "SELECT name, id_number_hash, relation, household_id FROM members ORDER BY id", 4);
	demo_digest_rows(&h, db, "SELECT kind, division, person_id, household_id, target, area_id, group_name, start_on, end_on"
			    " FROM pairings ORDER BY id", 9);
	demo_digest_rows(&h, db, "SELECT person_id, household_id, visited_on, kind, purpose, satisfaction FROM visits ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT team_id, person_id, role, start_on, end_on, recalled FROM team_members ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT person_id, day FROM checkins ORDER BY id", 2);
	demo_digest_rows(&h, db, "SELECT household_id, year, net, per_capita FROM household_incomes ORDER BY household_id, year", 4);
	demo_digest_rows(&h, db, "SELECT ticket, channel, division, category, content, requester_name, status, org_id,"
			    " created_at, signed_at, replied_at, closed_at, satisfaction, mediation_outcome FROM requests"
			    " ORDER BY id", 14);
	demo_digest_rows(&h, db, "SELECT request_id, at, actor_name, action, from_status, to_status, org_id, note"
			    " FROM request_steps ORDER BY id", 8);
	demo_digest_rows(&h, db, "SELECT division, weekdays FROM meeting_free_days ORDER BY division", 2);
	demo_digest_rows(&h, db, "SELECT org_id, division, kind, starts_at, host, topic, minutes, decisions, expected, present,"
			    " free_day, urgent, urgent_reason, created_at FROM meetings ORDER BY id", 14);
	demo_digest_rows(&h, db, "SELECT meeting_id, person_id, present, reason FROM meeting_attendees"
			    " ORDER BY meeting_id, person_id", 4);
	demo_digest_rows(&h, db, "SELECT org_id, title, is_task, due_at, target_division, target_types, created_at FROM notices"
			    " ORDER BY id", 7);
	demo_digest_rows(&h, db, "SELECT notice_id, org_id, read_at, signed_at, signed_by, reported_at, report, reminders,"
			    " reminded_at FROM notice_receipts ORDER BY notice_id, org_id", 9);
	demo_digest_rows(&h, db, "SELECT division, title, content, stage, created_at, updated_at FROM decisions ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT decision_id, seq, step, meeting_id, total, present, votes_for, note, at"
			    " FROM decision_steps ORDER BY id", 9);
	demo_digest_rows(&h, db, "SELECT org_id, kind, title, venue, starts_at, minutes FROM trainings ORDER BY id", 6);
	demo_digest_rows(&h, db, "SELECT training_id, person_id, division FROM training_attendees ORDER BY training_id, person_id", 3);
	crypto_generichash_final(&h, out, 32);
}

/* BLAKE2b of the organisations and of the people the steps before "members" make (cadres), by id. */
static void cadres_digest(struct db *db, unsigned char out[32])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, 32);
	demo_digest_rows(&h, db, "SELECT name, type, division, parent_id, founded_on, secretary_id FROM orgs ORDER BY id", 6);
	/* the unit cadres the pairings step adds as helpers (assistance_cadre) are that later step's own */
	demo_digest_rows(&h, db, "SELECT name, id_number_hash, division, cadre_role, position, org_id FROM people"
			    " WHERE cadre_role IS NOT NULL AND cadre_role <> 'assistance_cadre' ORDER BY id", 6);
	crypto_generichash_final(&h, out, 32);
}

/* The household registry of a built county: counts, IDs, heads, incomes, causes. */
static void check_registry(struct db *db, const char *county, const struct demo_stats *st)
{
	assert_true(st->households > 1000 && st->households <= 30500);
	assert_true(st->registered_households > st->households / 50 && st->registered_households < st->households);
	assert_true(st->members > 3 * st->households && st->members < 5 * st->households);
	assert_true(st->measures >= 2 * st->registered_households);
	assert_true(st->monitored > st->households / 200 && st->monitored < st->households / 20);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2", county),
			 st->households);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2"
				   " AND identified_year IS NOT NULL", county), st->registered_households);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM members WHERE division >= $1 AND division < $2", county),
			 st->members);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM measures WHERE division >= $1 AND division < $2", county),
			 st->measures);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM monitoring WHERE division >= $1 AND division < $2", county),
			 st->monitored);

	/* every member's number valid, of the county, matching sex and birth date; unique with the people's */
	struct db_stmt *q = db_query(db, "SELECT id_number, sex, birth_date, phone FROM members", NULL);
	assert_non_null(q);
	while (db_step(q) == DB_ROW) {
		const char *id = opened("members.id_number", db_column_text(q, 0));
		const char *phone = opened("members.phone", db_column_text(q, 3));
		char birth[11];
		if (idcard_validate(id, 20261206, NULL)   /* the build day, DEMO_TEST_TODAY */ != IDCARD_OK)
			fail_msg("invalid member id number %s", id);
		assert_memory_equal(id, county, 6);
		assert_int_equal(idcard_sex(id), db_column_text(q, 1)[0]);
		idcard_birth_date(id, birth);
		assert_string_equal(birth, db_column_text(q, 2));
		if (phone && !phone_valid(phone))
			fail_msg("invalid phone %s", phone);
	}
	db_finalize(q);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM (SELECT id_number_hash FROM people UNION ALL"
				 " SELECT id_number_hash FROM members) a"),
			 one(db, "SELECT COUNT(DISTINCT id_number_hash) FROM (SELECT id_number_hash FROM people UNION ALL"
				 " SELECT id_number_hash FROM members) a"));

	/* exactly one head, whose name the household carries; members in the household's division */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h WHERE (SELECT COUNT(*) FROM members m"
				 " WHERE m.household_id = h.id AND m.relation = 'head') <> 1"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h JOIN members m ON m.household_id = h.id"
				 " AND m.relation = 'head' WHERE m.name <> h.head_name OR m.division <> h.division"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h WHERE NOT EXISTS (SELECT 1 FROM members m"
				 " WHERE m.household_id = h.id) OR (SELECT COUNT(*) FROM members m"
				 " WHERE m.household_id = h.id) > 7"), 0);
	/* spouses within 5 years of the head, children 20-35 years younger */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM members m JOIN members hd ON hd.household_id = m.household_id"
				 " AND hd.relation = 'head' WHERE (m.relation = 'spouse' AND ABS(CAST(substr(m.birth_date, 1, 4)"
				 " AS INTEGER) - CAST(substr(hd.birth_date, 1, 4) AS INTEGER)) > 5) OR (m.relation IN ('son',"
				 " 'daughter') AND (CAST(substr(m.birth_date, 1, 4) AS INTEGER) - CAST(substr(hd.birth_date,"
				 " 1, 4) AS INTEGER)) NOT BETWEEN 20 AND 35)"), 0);
	/* pupils of compulsory-school age in the data year (the latest complete one: 2025 for 2026-12-06) */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM members WHERE school_status IN ('primary', 'grade7', 'grade8',"
				 " 'grade9') AND 2025 - CAST(substr(birth_date, 1, 4) AS INTEGER) NOT BETWEEN 6 AND 15"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM members WHERE school_status = 'primary'"
			    " AND substr(birth_date, 1, 4) = '2019'") > 0);
	/* incomes run up to the data year and not beyond: every household has its 2025 row */
	assert_int_equal(one(db, "SELECT MAX(year) FROM household_incomes"), 2025);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h WHERE NOT EXISTS (SELECT 1 FROM household_incomes i"
				 " WHERE i.household_id = h.id AND i.year = 2025)"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM members WHERE insured_medical = 0") > 0);

	/* per_capita = round(net / people), people the member count */
	q = db_query(db, "SELECT i.net, i.people, i.per_capita, (SELECT COUNT(*) FROM members m"
			 " WHERE m.household_id = i.household_id), i.wages + i.production + i.property + i.transfers - i.costs"
			 " FROM household_incomes i", NULL);
	assert_non_null(q);
	int rows = 0;
	while (db_step(q) == DB_ROW) {
		int64_t net = db_column_int(q, 0), people = db_column_int(q, 1), pc = db_column_int(q, 2);
		assert_true(people > 0);
		int64_t off = 2 * (net - pc * people);   /* pc is the nearest integer to net / people, halves up */
		if (off >= people || off < -people)
			fail_msg("per_capita %lld of net %lld for %lld people", (long long)pc, (long long)net, (long long)people);
		assert_int_equal(people, db_column_int(q, 3));
		assert_int_equal(net, db_column_int(q, 4));
		rows++;
	}
	db_finalize(q);
	assert_true(rows > st->households);

	/* registered households: attribute, main cause and year; exits 2016-2020; secondary causes not the main one */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households WHERE status IN ('poor', 'exited_enjoying', 'exited',"
				 " 'relapsed') AND (attribute IS NULL OR main_cause IS NULL OR identified_year IS NULL)"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households WHERE identified_year IS NOT NULL AND (attribute IS NULL"
				 " OR main_cause IS NULL OR exited_year NOT BETWEEN 2016 AND 2020"
				 " OR exited_year <= identified_year)"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households WHERE identified_year IS NULL AND status <> 'not_registered'"), 0);
	/* the status is the poverty status only: monitoring is its own record */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households WHERE status NOT IN ('not_registered', 'poor',"
				 " 'exited_enjoying', 'exited', 'relapsed', 'removed')"), 0);
	q = db_query(db, "SELECT main_cause, secondary_causes FROM households WHERE secondary_causes IS NOT NULL", NULL);
	assert_non_null(q);
	while (db_step(q) == DB_ROW) {
		char list[128];
		snprintf(list, sizeof(list), ",%s,", db_column_text(q, 1));
		char main[64];
		snprintf(main, sizeof(main), ",%s,", db_column_text(q, 0));
		if (strstr(list, main))
			fail_msg("secondary causes %s repeat the main cause %s", db_column_text(q, 1), db_column_text(q, 0));
	}
	db_finalize(q);

	/* history, monitoring and help agree with the households */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h WHERE identified_year IS NOT NULL AND NOT EXISTS"
				 " (SELECT 1 FROM household_history x WHERE x.household_id = h.id AND x.field = 'status'"
				 " AND x.new_value = 'poor' AND x.reason = '登记')"), 0);
	/* monitoring: identified from 2021 up to the build day, some in its last months; exited households
	 * monitored while they stay exited; one open case a household, its category on the household and
	 * fitting its status; eliminated six months on at the soonest, never after the build day, with how */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM monitoring WHERE started_on < '2021-01-01'"
				 " OR started_on > '" DEMO_TEST_TODAY "' OR eliminated_on > '" DEMO_TEST_TODAY "'"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM monitoring WHERE started_on >= '2026-06-06'") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM monitoring WHERE started_on >= '2024-01-01'"
			    " AND started_on < '2026-01-01'") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM monitoring m JOIN households h ON h.id = m.household_id"
			    " WHERE m.eliminated_on IS NULL AND m.category = 'unstable'"
			    " AND h.status IN ('exited_enjoying', 'exited')") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM (SELECT household_id FROM monitoring WHERE eliminated_on IS NULL"
				 " GROUP BY household_id HAVING COUNT(*) > 1) x"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h WHERE COALESCE(h.monitor_category, '') <>"
				 " COALESCE((SELECT m.category FROM monitoring m WHERE m.household_id = h.id"
				 " AND m.eliminated_on IS NULL), '')"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM monitoring m JOIN households h ON h.id = m.household_id"
				 " WHERE (m.category = 'unstable' AND h.status NOT IN ('exited_enjoying', 'exited'))"
				 " OR (m.category = 'marginal' AND h.status <> 'not_registered')"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM monitoring WHERE eliminated_on IS NOT NULL") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM monitoring WHERE eliminated_on IS NOT NULL AND (elimination_method"
				 " NOT IN ('assisted', 'natural') OR elimination_method IS NULL"
				 " OR (CAST(substr(eliminated_on, 1, 4) AS INTEGER) * 12 + CAST(substr(eliminated_on, 6, 2) AS INTEGER))"
				 " - (CAST(substr(started_on, 1, 4) AS INTEGER) * 12 + CAST(substr(started_on, 6, 2) AS INTEGER)) < 7)"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM monitoring WHERE eliminated_on IS NULL AND elimination_method IS NOT NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM monitoring m WHERE m.elimination_method = 'assisted' AND NOT EXISTS"
				 " (SELECT 1 FROM measures x WHERE x.household_id = m.household_id AND x.given_on >= m.started_on"
				 " AND x.given_on <= m.eliminated_on)"), 0);
	/* help: none dated after the build day, each batch the one its kind belongs to */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM measures WHERE given_on > '" DEMO_TEST_TODAY "'"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM measures WHERE batch IS NOT NULL AND NOT ("
				 "(type IN ('industry', 'employment', 'public_post', 'microcredit', 'solar') AND batch = 'production')"
				 " OR (type = 'relocation' AND batch = 'relocation') OR (type = 'ecology' AND batch = 'ecology')"
				 " OR (type = 'education' AND batch = 'education') OR (type IN ('safety_net', 'health')"
				 " AND batch = 'safety_net') OR type IN ('social', 'other'))"), 0);
	/* ethnicities are GB 3304 codes */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM members WHERE ethnicity NOT IN ('01', '02', '03', '04', '05', '06',"
				 " '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22',"
				 " '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38',"
				 " '39', '40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54',"
				 " '55', '56', '97', '98')"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM measures x LEFT JOIN members m ON m.id = x.member_id"
				 " WHERE x.member_id IS NOT NULL AND (m.id IS NULL OR m.household_id <> x.household_id)"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM households h WHERE identified_year IS NOT NULL AND (SELECT COUNT(*)"
				 " FROM measures x WHERE x.household_id = h.id) < 2"), 0);
}

/* The transitions of requests.c: which statuses an action may start from. */
static bool action_allowed(const char *action, const char *from, const char *to)
{
	static const struct { const char *action, *from, *to; } t[] = {
		{ "sign", " submitted transferred reopened ", "signed" },
		{ "start", " signed ", "in_progress" },
		{ "transfer", " submitted signed in_progress reopened returned transferred ", "transferred" },
		{ "return", " submitted transferred signed ", "returned" },
		{ "reply", " signed in_progress reopened submitted ", "replied" },   /* submitted: answered on the spot */
		{ "visit", " replied ", NULL },
		{ "close", " visited ", "closed" },
		{ "confirm", " replied ", "closed" },   /* an enquiry answered on the call, confirmed by the caller */
		{ "merge", " submitted signed transferred returned ", "merged" },
		{ "withdraw", " submitted signed transferred in_progress returned ", "withdrawn" },
		{ "mediate", " signed in_progress replied visited reopened ", NULL },
		{ "escalate", " submitted signed transferred in_progress replied visited reopened returned ", NULL },
	};
	char pat[32];
	snprintf(pat, sizeof(pat), " %s ", from);
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(t[i].action, action)) {
			if (!strstr(t[i].from, pat))
				return false;
			if (!strcmp(action, "visit"))
				return !strcmp(to, "visited") || !strcmp(to, "reopened");
			return t[i].to ? !strcmp(t[i].to, to) : !strcmp(from, to);
		}
	return false;
}

static bool is_open(const char *s)
{
	return strcmp(s, "closed") && strcmp(s, "merged") && strcmp(s, "withdrawn");
}

/* The requests' year: the 365 days up to DEMO_TEST_TODAY (2026-12-06 00:00 CST). */
#define RQ_TEST_ASOF 1796486400
#define RQ_TEST_FROM (RQ_TEST_ASOF - 365 * 86400)

/* The year of requests: counts, tickets, statuses against timestamps and steps, deadlines, routing. */
static void check_requests(struct db *db, const char *county, const struct demo_stats *st)
{
	assert_true(st->requests > st->households / 32 && st->requests < st->households / 14);
	assert_true(st->open_requests > 0 && st->open_requests < st->requests / 10);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM requests WHERE division >= $1 AND division < $2", county),
			 st->requests);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM requests WHERE division >= $1 AND division < $2"
				   " AND status NOT IN ('closed', 'merged', 'withdrawn')", county), st->open_requests);
	assert_int_equal(one(db, "SELECT COUNT(DISTINCT ticket) FROM requests"), st->requests);
	/* the year up to the build day */
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM requests WHERE created_at < %d OR created_at >= %d OR updated_at >= %d",
		 RQ_TEST_FROM, RQ_TEST_ASOF, RQ_TEST_ASOF);
	assert_int_equal(one(db, sql), 0);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM request_steps WHERE at >= %d", RQ_TEST_ASOF);
	assert_int_equal(one(db, sql), 0);
	/* requests came in during the build day's last week, and most of those are still open */
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM requests WHERE created_at >= %d", RQ_TEST_ASOF - 7 * 86400);
	int64_t recent = one(db, sql);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM requests WHERE created_at >= %d AND status NOT IN ('closed', 'merged',"
		 " 'withdrawn')", RQ_TEST_ASOF - 7 * 86400);
	assert_true(recent > 0 && one(db, sql) * 2 > recent);

	/* statuses against timestamps and fields */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE status = 'closed' AND (closed_at IS NULL"
				 " OR signed_at IS NULL OR replied_at IS NULL OR satisfaction NOT IN ('satisfied', 'basic')"
				 " OR (satisfaction IS NULL AND NOT EXISTS (SELECT 1 FROM request_steps s WHERE s.request_id = requests.id"
				 " AND s.action = 'confirm')) OR reply IS NULL OR closed_at < replied_at OR replied_at < signed_at)"), 0);
	/* confirmed enquiries close without a callback; every callback keeps its rating on its step */
	assert_true(one(db, "SELECT COUNT(*) FROM request_steps WHERE action = 'confirm'") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM request_steps s WHERE s.action = 'confirm' AND EXISTS (SELECT 1"
				 " FROM request_steps v WHERE v.request_id = s.request_id AND v.action = 'visit')"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM request_steps WHERE (action = 'visit') <> (satisfaction IS NOT NULL)"
				 " OR (action = 'visit' AND satisfaction <> note)"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM request_steps WHERE action = 'visit' AND satisfaction = 'unsatisfied'"
			    " AND to_status = 'reopened'") > 0);
	/* the county's own requests are called back by the hotline, never by the county's handlers */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM request_steps s JOIN requests q ON q.id = s.request_id"
				 " WHERE s.action = 'visit' AND length(q.org_division) = 6 AND s.actor_name NOT LIKE '%热线'"), 0);
	/* escalation by organisation type, not the party tree: a village's to its township committee, a
	 * township's to the county committee, never to the organs' work committee; one language per note */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests q JOIN orgs o ON o.id = q.escalated_org_id"
				 " WHERE (q.transfer_count = 0 AND ((length(q.org_division) = 12 AND (o.type <> 'township_committee'"
				 " OR o.division <> substr(q.org_division, 1, 9))) OR (length(q.org_division) = 9"
				 " AND o.type <> 'county_committee'))) OR o.name LIKE '%直属机关工作委员会%'"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM request_steps WHERE action = 'escalate' AND note NOT IN"
				 " ('签收逾期，提级督办', '答复逾期，提级督办', '办结逾期，提级督办')"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests q JOIN request_categories c ON c.code = q.category"
				 " WHERE q.status = 'closed' AND c.kind = 'dispute' AND q.mediation_outcome IS NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests q JOIN request_categories c ON c.code = q.category"
				 " WHERE c.kind <> 'dispute' AND q.mediation_outcome IS NOT NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE status <> 'closed' AND closed_at IS NOT NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE status IN ('replied', 'visited') AND replied_at IS NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE status IN ('submitted', 'transferred', 'returned')"
				 " AND signed_at IS NOT NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE status = 'visited' AND satisfaction NOT IN"
				 " ('satisfied', 'basic')"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests q WHERE (q.status = 'merged') <> (q.merged_into IS NOT NULL)"
				 " OR (q.merged_into IS NOT NULL AND NOT EXISTS (SELECT 1 FROM requests t WHERE t.id = q.merged_into"
				 " AND t.category = q.category AND t.created_at < q.created_at))"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE (transfer_count >= 3 OR reopen_count > 0"
				 " OR escalated_org_id IS NOT NULL) AND supervised = 0"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests WHERE sign_due < created_at OR reply_due < created_at"
				 " OR close_due < reply_due"), 0);
	/* routed by the category's level when never transferred: county, township, village committee */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests q JOIN request_categories c ON c.code = q.category"
				 " JOIN orgs o ON o.id = q.org_id WHERE q.transfer_count = 0 AND NOT ("
				 " (c.level = 'county' AND o.type = 'county_committee' AND o.division = substr(q.division, 1, 6)) OR"
				 " (c.level = 'township' AND o.type = 'township_committee' AND o.division = substr(q.division, 1, 9)) OR"
				 " (c.level = 'village' AND o.type IN ('village_branch', 'general_branch', 'community_branch')"
				 "  AND o.division = substr(q.division, 1, 12)) OR"
				 /* a hotline enquiry with no place (a tourist): at the county, for the county committee */
				 " (length(q.division) = 6 AND c.kind = 'consult' AND q.channel = 'hotline'"
				 "  AND o.type = 'county_committee' AND o.division = q.division))"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM requests q JOIN orgs o ON o.id = q.org_id"
				 " WHERE o.division <> q.org_division"), 0);
	/* a spread of channels and outcomes */
	int64_t grid = count(db, "SELECT COUNT(*) FROM requests WHERE channel = 'grid' AND division >= $1"
				 " AND division < $2", county);
	assert_true(grid > st->requests * 35 / 100 && grid < st->requests * 55 / 100);
	assert_true(one(db, "SELECT COUNT(*) FROM requests WHERE status = 'closed'") > st->requests * 85 / 100);
	assert_true(one(db, "SELECT COUNT(*) FROM requests WHERE transfer_count > 0") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM requests WHERE reopen_count > 0") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM requests WHERE escalated_org_id IS NOT NULL") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM requests WHERE status = 'merged'") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM requests WHERE status = 'withdrawn'") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM request_steps WHERE action = 'return'") > 0);

	/* the calendar, as requests.c loads it */
	struct workday_override days[256];
	int nd = 0;
	struct db_stmt *q = db_query(db, "SELECT day, kind FROM calendar_days ORDER BY day", NULL);
	assert_non_null(q);
	while (nd < 256 && db_step(q) == DB_ROW) {
		snprintf(days[nd].day, sizeof(days[nd].day), "%s", db_column_text(q, 0));
		days[nd].kind = strcmp(db_column_text(q, 1), "work") == 0 ? WORKDAY_WORK : WORKDAY_OFF;
		nd++;
	}
	db_finalize(q);
	struct workday_calendar cal = { days, nd };

	/* each request against its steps: a chain of allowed actions in time order ending at its status;
	 * deadlines from the creation (sign: from the last transfer) in working days */
	q = db_query(db, "SELECT q.id, q.status, q.created_at, q.sign_due, q.reply_due, q.close_due, c.sign_days,"
			 " c.reply_days, c.close_days, q.ticket, q.escalated_org_id, q.transfer_count, q.reopen_count,"
			 " q.signed_at, q.replied_at, q.closed_at, q.updated_at, q.satisfaction"
			 " FROM requests q JOIN request_categories c ON c.code = q.category ORDER BY q.id", NULL);
	assert_non_null(q);
	struct db_stmt *s = db_prepare(db, "SELECT at, actor_name, action, from_status, to_status, note, request_id"
					   " FROM request_steps ORDER BY request_id, at, id");
	assert_non_null(s);
	int src = db_step(s);
	int n = 0;
	while (db_step(q) == DB_ROW) {
		int64_t id = db_column_int(q, 0), created = db_column_int(q, 2);
		const char *status = db_column_text(q, 1);
		char day[11], prefix[9];
		workdays_day(created, day);
		snprintf(prefix, sizeof(prefix), "%.4s%.2s%.2s", day, day + 5, day + 8);
		const char *ticket = db_column_text(q, 9);
		if (strlen(ticket) != 14 || strncmp(ticket, prefix, 8) != 0)
			fail_msg("ticket %s of a request created on %s", ticket, day);
		assert_int_equal(db_column_int(q, 4), workdays_add(&cal, created, (int)db_column_int(q, 7)));
		assert_int_equal(db_column_int(q, 5), workdays_add(&cal, created, (int)db_column_int(q, 8)));
		int64_t sign_from = created, last_at = 0, signed_at = 0, replied_at = 0, closed_at = 0;
		int nsteps = 0, escalations = 0, transfers = 0, reopens = 0;
		char last_to[16] = "", last_sat[16] = "";
		while (src == DB_ROW && db_column_int(s, 6) == id) {
			int64_t at = db_column_int(s, 0);
			const char *action = db_column_text(s, 2), *from = db_column_text(s, 3), *to = db_column_text(s, 4);
			const char *actor = db_column_text(s, 1);
			if (nsteps == 0) {
				assert_string_equal(action, "submit");
				assert_null(from);
				assert_int_equal(at, created);
			} else {
				assert_non_null(from);
				assert_string_equal(from, last_to);
				if (at < last_at)
					fail_msg("request %lld: steps out of time order", (long long)id);
				if (!action_allowed(action, from, to))
					fail_msg("request %lld: %s from %s to %s", (long long)id, action, from, to);
				if (!is_open(from))
					fail_msg("request %lld: an action after it ended", (long long)id);
			}
			assert_non_null(actor);
			assert_true(*actor != '\0');
			if (!strcmp(action, "escalate")) {
				assert_string_equal(actor, "system");
				escalations++;
				/* stamped with the deadline that passed (as the server's sweep does) */
				int64_t sign_due = workdays_add(&cal, sign_from, (int)db_column_int(q, 6));
				if (at != sign_due && at != db_column_int(q, 4) && at != db_column_int(q, 5) && at != last_at)
					fail_msg("request %lld: escalated at %lld, not at a deadline", (long long)id, (long long)at);
			}
			if (!strcmp(action, "transfer")) {
				sign_from = at;
				signed_at = 0;
				transfers++;
			}
			if (!strcmp(action, "sign"))
				signed_at = at;
			if (!strcmp(action, "reply")) {
				replied_at = at;
				if (!strcmp(from, "submitted"))
					signed_at = at;
			}
			if (!strcmp(action, "visit")) {
				snprintf(last_sat, sizeof(last_sat), "%s", db_column_text(s, 5));
				if (!strcmp(to, "reopened")) {
					replied_at = 0;
					reopens++;
				}
			}
			if (!strcmp(action, "close") || !strcmp(action, "confirm"))
				closed_at = at;
			snprintf(last_to, sizeof(last_to), "%s", to);
			last_at = at;
			nsteps++;
			src = db_step(s);
		}
		assert_true(nsteps > 0);
		assert_string_equal(last_to, status);
		assert_int_equal(last_at, db_column_int(q, 16));
		assert_int_equal(db_column_int(q, 3), workdays_add(&cal, sign_from, (int)db_column_int(q, 6)));
		assert_true(escalations <= 1);
		if (!db_column_is_null(q, 10))
			assert_int_equal(escalations, 1);
		assert_int_equal(transfers, db_column_int(q, 11));
		assert_int_equal(reopens, db_column_int(q, 12));
		assert_int_equal(signed_at, db_column_is_null(q, 13) ? 0 : db_column_int(q, 13));
		assert_int_equal(replied_at, db_column_is_null(q, 14) ? 0 : db_column_int(q, 14));
		assert_int_equal(closed_at, db_column_is_null(q, 15) ? 0 : db_column_int(q, 15));
		if (*last_sat)
			assert_string_equal(last_sat, db_column_text(q, 17));
		/* no open request past a deadline at the reference date without its escalation */
		if (is_open(status) && escalations == 0) {
			int64_t asof = RQ_TEST_ASOF;
			assert_true(db_column_int(q, 5) >= asof);
			assert_true(signed_at || db_column_int(q, 3) >= asof);
			assert_true(replied_at || db_column_int(q, 4) >= asof);
		}
		n++;
	}
	db_finalize(q);
	db_finalize(s);
	assert_int_equal(n, st->requests);
}

/* organisational life runs from the month a year before the build month up to the build day (DEMO_TEST_TODAY),
 * with a few meetings planned in the month after it */
#define PL_FROM 1764518400   /* 2025-12-01 00:00 CST */
#define PL_ASOF 1796486400   /* 2026-12-06 00:00 CST, the build day */
#define PL_AHEAD 1799164800  /* 2027-01-06 00:00 CST */
#define WEEKDAY(col) "((" col " + 28800) / 86400 + 3) % 7 + 1"

/* Quick counts of the organisational life: the stats are the rows, no free days outside 乳源.
 * The county's own notices (about 20) and trainings come with any number of townships. */
static void check_partylife_counts(struct db *db, const char *county, const struct demo_stats *st, int villages)
{
	assert_true(st->meetings > 100 * villages && st->meetings < 400 * villages);
	assert_true(st->notices >= 15 + st->townships && st->notices < 200);
	assert_true(st->decisions >= villages / 2 && st->decisions <= 3 * villages);
	assert_true(st->trainings >= 2 * st->townships);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM meetings WHERE division >= $1 AND division < $2", county),
			 st->meetings);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM notices WHERE division >= $1 AND division < $2", county),
			 st->notices);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM decisions WHERE division >= $1 AND division < $2", county),
			 st->decisions);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM trainings WHERE division >= $1 AND division < $2", county),
			 st->trainings);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM meetings WHERE division >= $1 AND division < $2"
				   " AND status = 'held' AND (starts_at < 1764518400 OR starts_at >= 1796486400)", county), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM meetings WHERE division >= $1 AND division < $2"
				   " AND status = 'planned' AND (starts_at < 1796486400 OR starts_at > 1799164800"
				   " OR created_at >= 1796486400)", county), 0);
	/* a few meetings planned after the build day */
	int64_t planned = count(db, "SELECT COUNT(*) FROM meetings WHERE division >= $1 AND division < $2"
				    " AND status = 'planned'", county);
	assert_true(planned > 0 && planned * 20 < st->meetings);
}

/* The year of organisational life in full (乳源: Thursday and Friday are meeting-free). */
static void check_partylife(struct db *db, const char *county, bool free_days)
{
	/* the attendance lists are the counts; the absent have a reason; everyone is on the roster */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meetings m WHERE m.present <> (SELECT COUNT(*) FROM meeting_attendees a"
				 " WHERE a.meeting_id = m.id AND a.present = 1) OR m.expected <> (SELECT COUNT(*)"
				 " FROM meeting_attendees a WHERE a.meeting_id = m.id)"), 0);
	/* held meetings have their attendance; planned ones none yet */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meetings WHERE status = 'held' AND (expected = 0 OR present = 0)"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meetings WHERE status = 'planned' AND (expected <> 0 OR minutes IS NOT NULL)"), 0);
	/* the month in progress is partly done: some of December's committee meetings held, most still to come */
	int64_t branches = one(db, "SELECT COUNT(*) FROM orgs WHERE type IN ('village_branch', 'general_branch', 'community_branch')");
	int64_t dec = one(db, "SELECT COUNT(*) FROM meetings WHERE kind = 'branch_committee' AND status = 'held'"
			      " AND starts_at >= 1796054400");
	assert_true(dec > 0 && dec * 2 < branches);
	/* and the week in progress (Monday 30 November .. Sunday 6 December) mostly done: 乳源's village-work meetings */
	int64_t week = one(db, "SELECT COUNT(*) FROM meetings WHERE kind = 'township_village_work' AND status = 'held'"
			       " AND urgent = 0 AND starts_at >= 1795968000");
	int64_t townships = one(db, "SELECT COUNT(*) FROM orgs WHERE type = 'township_committee'");
	assert_true(!free_days || week <= townships);
	/* a 党员大会 records its full members entitled and its quorum (more than half of them present) */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meetings m WHERE m.kind = 'branch_general' AND m.status = 'held'"
				 " AND (m.quorum IS NULL OR m.quorum <> ((SELECT COUNT(*) FROM meeting_attendees a JOIN people p"
				 " ON p.id = a.person_id WHERE a.meeting_id = m.id AND a.present = 1 AND p.political_status = 'member')"
				 " * 2 > m.entitled))"), 0);
	/* a 四议两公开 review stands on a held 党员大会 with its quorum */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM decision_steps s JOIN meetings m ON m.id = s.meeting_id"
				 " WHERE m.status <> 'held' OR (m.kind = 'branch_general' AND m.quorum <> 1)"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM meetings WHERE kind = 'branch_general' AND quorum = 1") >
		    one(db, "SELECT COUNT(*) FROM meetings WHERE kind = 'branch_general' AND quorum = 0") * 10);
	/* 民主评议党员 after each held review, one grade a member and year, of the organisation's own members */
	assert_true(one(db, "SELECT COUNT(*) FROM member_reviews") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM member_reviews r JOIN people p ON p.id = r.person_id"
				 " WHERE p.org_id IS NOT r.org_id OR p.political_status NOT IN ('member', 'probationary')"
				 " OR r.created_at >= 1796486400"), 0);
	/* 党务村务公开: monthly finances and quarterly affairs published after their period, and the decisions' publications */
	assert_true(one(db, "SELECT COUNT(*) FROM disclosures WHERE kind = 'finance'") > 0);
	assert_true(one(db, "SELECT COUNT(*) FROM disclosures WHERE kind = 'party_affairs'") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM disclosures WHERE published_on >= '2026-12-06' OR created_at >= 1796486400"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM disclosures d WHERE d.kind = 'decision' AND NOT EXISTS (SELECT 1"
				 " FROM decisions x WHERE x.id = d.decision_id AND x.division = d.division)"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM disclosures WHERE kind = 'decision'") > 0);
	/* the weekly dispatches run to the build day's week, the task lists are the build year's */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM schedules WHERE week_start > '2026-11-30'"), 0);
	assert_true(one(db, "SELECT COUNT(*) FROM schedules WHERE week_start = '2026-11-30'") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM task_items WHERE year <> 2026"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meeting_attendees WHERE present = 0 AND reason IS NULL"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meeting_attendees a JOIN meetings m ON m.id = a.meeting_id"
				 " JOIN orgs o ON o.id = m.org_id JOIN people p ON p.id = a.person_id"
				 " WHERE p.org_id IS NOT o.id AND substr(p.division, 1, length(o.division)) <> o.division"), 0);
	/* 80-95% present */
	int64_t att = one(db, "SELECT COUNT(*) FROM meeting_attendees"), present = one(db, "SELECT SUM(present) FROM meeting_attendees");
	assert_true(present * 100 >= att * 80 && present * 100 <= att * 95);

	/* meeting-free days: none but urgent ones with a reason, and the flag is the weekday's */
	if (free_days) {
		assert_int_equal(count(db, "SELECT COUNT(*) FROM meeting_free_days WHERE division = $1 AND weekdays = '4,5'"
					   " AND division < $2", county), 1);
		assert_int_equal(one(db, "SELECT COUNT(*) FROM meetings WHERE " WEEKDAY("starts_at") " IN (4, 5)"
					 " AND (urgent = 0 OR urgent_reason IS NULL OR urgent_reason = '')"), 0);
		assert_true(one(db, "SELECT COUNT(*) FROM meetings WHERE urgent = 1 AND free_day = 1") > 0);
	}
	assert_int_equal(one(db, free_days ? "SELECT COUNT(*) FROM meetings WHERE free_day <> (" WEEKDAY("starts_at") " IN (4, 5))"
					   : "SELECT COUNT(*) FROM meetings WHERE free_day <> 0"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM meetings WHERE urgent = 1 AND urgent_reason IS NULL"), 0);

	/* held in the twelve ended months: demonstration branches all their theme days, the weak ones noticeably fewer */
	int64_t demo = one(db, "SELECT 1000 * COUNT(*) / (SELECT COUNT(*) FROM orgs WHERE demonstration = 1) FROM meetings m"
			       " JOIN orgs o ON o.id = m.org_id WHERE o.demonstration = 1 AND m.kind = 'theme_day' AND m.status = 'held' AND m.starts_at < 1796054400");
	int64_t weak = one(db, "SELECT 1000 * COUNT(*) / (SELECT COUNT(*) FROM orgs WHERE weak = 1) FROM meetings m"
			       " JOIN orgs o ON o.id = m.org_id WHERE o.weak = 1 AND m.kind = 'theme_day' AND m.status = 'held' AND m.starts_at < 1796054400");
	int64_t normal = one(db, "SELECT 1000 * COUNT(*) / (SELECT COUNT(*) FROM orgs WHERE weak = 0 AND demonstration = 0"
				 " AND type IN ('village_branch', 'general_branch', 'community_branch') AND parent_id IN"
				 " (SELECT id FROM orgs WHERE type = 'township_committee')) FROM meetings m JOIN orgs o"
				 " ON o.id = m.org_id WHERE o.weak = 0 AND o.demonstration = 0 AND m.kind = 'theme_day' AND m.status = 'held' AND m.starts_at < 1796054400"
				 " AND o.type IN ('village_branch', 'general_branch', 'community_branch') AND o.parent_id IN"
				 " (SELECT id FROM orgs WHERE type = 'township_committee')");
	assert_true(demo >= 11500 && normal >= 9600 && normal <= 11600 && weak < 8500);

	/* 一肩挑: exactly the village branches whose village has no separate committee director */
	assert_true(one(db, "SELECT COUNT(*) FROM orgs WHERE secretary_is_director = 1") > 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM orgs o WHERE o.secretary_is_director = 1 AND (length(o.division) <> 12"
				 " OR EXISTS (SELECT 1 FROM people p WHERE p.division = o.division AND p.cadre_role = 'village_director'))"), 0);
	/* family party schools' sessions are family-school trainings; an exchange belongs to a school */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM trainings WHERE (school_id IS NOT NULL AND kind <> 'family_school')"
				 " OR (exchange = 1 AND school_id IS NULL)"), 0);

	/* receipts: signed after read after sent; reported after signed; most signed within 3 days, a few never read */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM notice_receipts r JOIN notices n ON n.id = r.notice_id"
				 " WHERE r.read_at < n.created_at OR r.signed_at < r.read_at OR (r.signed_at IS NOT NULL"
				 " AND r.read_at IS NULL) OR (r.reported_at IS NOT NULL AND (r.signed_at IS NULL"
				 " OR r.reported_at < r.signed_at)) OR (r.reported_at IS NOT NULL AND n.is_task = 0)"
				 " OR r.read_at >= 1796486400 OR r.signed_at >= 1796486400"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM notice_receipts r JOIN notices n ON n.id = r.notice_id"
				 " WHERE r.org_id = n.org_id OR substr(r.division, 1, length(n.target_division))"
				 " <> n.target_division"), 0);
	assert_int_equal(one(db, "SELECT COUNT(*) FROM notices WHERE is_task = 1 AND (due_at IS NULL OR due_at <= created_at)"), 0);
	int64_t receipts = one(db, "SELECT COUNT(*) FROM notice_receipts");
	int64_t quick = one(db, "SELECT COUNT(*) FROM notice_receipts r JOIN notices n ON n.id = r.notice_id"
				" WHERE r.signed_at <= n.created_at + 3 * 86400");
	int64_t unread = one(db, "SELECT COUNT(*) FROM notice_receipts WHERE read_at IS NULL");
	assert_true(quick * 100 > receipts * 75 && quick < receipts);
	assert_true(unread > 0 && unread * 100 < receipts * 10);

	/* 四议两公开: the steps in order, each on a meeting of its kind in the village; quorums met with the branch's members */
	static const char *const order[] = { "proposal", "joint_deliberation", "members_review", "reps_decision",
					     "publish_decision", "publish_result" };
	static const char *const kinds[] = { "branch_committee", "two_committees", "branch_general", "villager_reps" };
	struct db_stmt *q = db_query(db, "SELECT id, division, stage, created_at, updated_at FROM decisions ORDER BY id", NULL);
	assert_non_null(q);
	int n = 0, done = 0;
	while (db_step(q) == DB_ROW) {
		int64_t id = db_column_int(q, 0), stage = db_column_int(q, 2), last = db_column_int(q, 3);
		char division[16];
		snprintf(division, sizeof(division), "%s", db_column_text(q, 1));
		struct db_stmt *s = db_query(db, "SELECT s.seq, s.step, s.at, s.total, s.present, s.votes_for, m.kind,"
					     " m.division, m.expected, m.present, m.org_id, s.meeting_id IS NULL, m.starts_at FROM decision_steps s"
					     " LEFT JOIN meetings m ON m.id = s.meeting_id WHERE s.decision_id = $1 ORDER BY s.seq",
					     "i", id);
		assert_non_null(s);
		int k = 0;
		while (db_step(s) == DB_ROW) {
			assert_true(k < 6);
			assert_int_equal(db_column_int(s, 0), k + 1);
			assert_string_equal(db_column_text(s, 1), order[k]);
			assert_true(db_column_int(s, 2) >= last);
			last = db_column_int(s, 2);
			assert_true(last < PL_ASOF);
			if (k < 4) {
				assert_int_equal(db_column_int(s, 11), 0);
				assert_string_equal(db_column_text(s, 6), kinds[k]);
				assert_string_equal(db_column_text(s, 7), division);
				assert_true(db_column_int(s, 2) > db_column_int(s, 12));   /* recorded after the meeting */
			}
			if (k == 2 || k == 3) {
				int64_t total = db_column_int(s, 3), pres = db_column_int(s, 4), votes = db_column_int(s, 5);
				const char *why = NULL;
				if (!(k == 2 ? pl_members_quorum(total, pres, votes, &why) : pl_reps_quorum(total, pres, votes, &why)))
					fail_msg("decision %lld step %s: %s", (long long)id, order[k], why);
				assert_int_equal(total, db_column_int(s, 8));
				assert_int_equal(pres, db_column_int(s, 9));
				if (k == 2) {
					/* every member of the village branch (and of its branches, for a general branch) */
					int64_t members = -1, org = db_column_int(s, 10);
					assert_int_equal(db_query_int(db, &members, "SELECT COUNT(*) FROM people WHERE political_status"
								      " IN ('member', 'probationary') AND (org_id = $1 OR org_id IN"
								      " (SELECT id FROM orgs WHERE parent_id = $1 AND type <> 'party_group'))",
								      "i", org), DB_ROW);
					assert_int_equal(total, members);
				}
			} else {
				assert_true(db_column_is_null(s, 3) && db_column_is_null(s, 5));
			}
			k++;
		}
		db_finalize(s);
		assert_int_equal(k, stage);
		assert_true(stage >= 1);
		assert_int_equal(db_column_int(q, 4), last);
		done += stage == 6;
		n++;
	}
	db_finalize(q);
	assert_true(done > n / 3 && done < n);   /* most done, some still in progress */

	/* trainings: attendees, the branch secretaries' classes covering every village secretary */
	assert_int_equal(one(db, "SELECT COUNT(*) FROM trainings t WHERE NOT EXISTS (SELECT 1 FROM training_attendees a"
				 " WHERE a.training_id = t.id) OR minutes <= 0"), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people p WHERE p.cadre_role = 'village_secretary' AND division >= $1"
				   " AND division < $2 AND NOT EXISTS (SELECT 1 FROM training_attendees a JOIN trainings t"
				   " ON t.id = a.training_id WHERE a.person_id = p.id AND t.kind = 'branch_secretaries')", county), 0);
}

/* ---- the small county ------------------------------------------------------------ */

#define COUNTY "440232"   /* 乳源: meeting-free Thursdays and Fridays, its own income line */
/* three of its townships, 24 villages (the whole county: tests/slow/test_demo_full.c) */
static const char *const townships[] = { "440232103", "440232108", "440232113" };

static struct demo_cut cut = { COUNTY, townships, sizeof(townships) / sizeof(townships[0]), "" };

static int build(struct db *db, uint64_t seed, const char *skip, struct demo_stats *st)
{
	struct demo_options opt = { .county = COUNTY, .seed = seed, .data_dir = cut.dir, .skip = skip, .today = DEMO_TEST_TODAY };
	return demo_build(db, &opt, stderr, st);
}

/* Who helps whom (step pairings): every registered or monitored household has a current helper but
 * the three planted gaps, helpers take 3-5 households (one planted seven), one current batch and one
 * first secretary per village, nothing after the build day. */
static void check_pairings(struct db *db)
{
	const char *today = DEMO_TEST_TODAY;
	int64_t registered = 0, n = -1;
	assert_int_equal(db_query_int(db, &registered, "SELECT COUNT(*) FROM households WHERE status IN ('poor', 'exited_enjoying',"
						       " 'exited', 'relapsed') OR monitor_category IS NOT NULL", NULL), DB_ROW);
	assert_true(registered >= 50);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM households h WHERE (h.status IN ('poor', 'exited_enjoying',"
					      " 'exited', 'relapsed') OR h.monitor_category IS NOT NULL) AND NOT EXISTS (SELECT 1 FROM pairings p"
					      " WHERE p.household_id = h.id AND p.kind = 'cadre_household' AND p.start_on <= $1"
					      " AND (p.end_on IS NULL OR p.end_on >= $1))", "t", today), DB_ROW);
	assert_int_equal(n, 3);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM (SELECT person_id FROM pairings WHERE kind = 'cadre_household'"
					      " AND start_on <= $1 AND (end_on IS NULL OR end_on >= $1) GROUP BY person_id"
					      " HAVING COUNT(*) > 5) x", "t", today), DB_ROW);
	assert_int_equal(n, 1);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM pairings WHERE kind = 'cadre_household' AND end_on IS NOT NULL"
					      " AND end_on < start_on", NULL), DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM (SELECT division FROM teams WHERE start_on <= $1 AND end_on >= $1"
					      " GROUP BY division HAVING COUNT(*) > 1) x", "t", today), DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM (SELECT division FROM team_members WHERE role = 'first_secretary'"
					      " AND start_on <= $1 AND end_on >= $1 GROUP BY division HAVING COUNT(*) > 1) x", "t", today),
			 DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM teams WHERE start_on <= $1 AND end_on >= $1", "t", today), DB_ROW);
	assert_true(n > 0);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM visits WHERE visited_on > $1", "t", today), DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(*) FROM checkins WHERE day > $1", "t", today), DB_ROW);
	assert_int_equal(n, 0);
	assert_int_equal(db_query_int(db, &n, "SELECT COUNT(DISTINCT household_id) FROM visits", NULL), DB_ROW);
	assert_true(n > registered * 9 / 10);   /* the 90 days before the build day: nearly every household visited */
}

/* Who was helped and how they left, as the procedure engine records it (step_procedures.c). */
static void check_procedures(struct db *db, const char *county)
{
	/* every 2016-2020 exit went through a done exit case of that year, in its village's batch */
	assert_true(count(db, "SELECT COUNT(*) FROM households WHERE division >= $1 AND division < $2"
				  " AND exited_year BETWEEN 2016 AND 2020", county) > 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM households h WHERE h.division >= $1 AND h.division < $2"
				   " AND h.exited_year BETWEEN 2016 AND 2020 AND NOT EXISTS (SELECT 1 FROM procedures p"
				   " WHERE p.household_id = h.id AND p.kind = 'exit' AND p.status = 'done'"
				   " AND p.year = h.exited_year AND p.batch_id IS NOT NULL)", county), 0);
	/* each done exit has its eight steps, the announcement last and within its year */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM procedures p WHERE p.division >= $1 AND p.division < $2"
				   " AND p.kind = 'exit' AND (SELECT COUNT(*) FROM procedure_steps s"
				   " WHERE s.procedure_id = p.id) <> 8", county), 0);
	/* every monitoring case was opened by a done monitoring procedure, every elimination closed by one */
	assert_int_equal(count(db, "SELECT (SELECT COUNT(*) FROM monitoring WHERE division >= $1 AND division < $2)"
				   " - (SELECT COUNT(*) FROM procedures WHERE division >= $1 AND division < $2"
				   " AND kind = 'monitoring' AND status = 'done')", county), 0);
	assert_int_equal(count(db, "SELECT (SELECT COUNT(*) FROM monitoring WHERE division >= $1 AND division < $2"
				   " AND eliminated_on IS NOT NULL) - (SELECT COUNT(*) FROM procedures WHERE division >= $1"
				   " AND division < $2 AND kind = 'elimination' AND status = 'done')", county), 0);
	/* cases under way on the build day, one with its notice still running */
	assert_true(count(db, "SELECT COUNT(*) FROM procedures WHERE division >= $1 AND division < $2"
			      " AND status = 'open'", county) > 0);
	/* 1796486400: 00:00 CST of DEMO_TEST_TODAY (2026-12-06) */
	assert_true(count(db, "SELECT COUNT(*) FROM procedures WHERE division >= $1 AND division < $2"
			      " AND status = 'open' AND notice_ends_at > 1796486400", county) > 0);
	/* every poor village exited in 2016-2020 by a done village_exit case; the county by its own */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions d WHERE d.code >= $1 AND d.code < $2 AND d.poor_village = 1"
				   " AND (d.poverty_exit_year NOT BETWEEN 2016 AND 2020 OR NOT EXISTS (SELECT 1 FROM procedures p"
				   " WHERE p.division = d.code AND p.kind = 'village_exit' AND p.status = 'done'"
				   " AND p.year = d.poverty_exit_year))", county), 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM procedures WHERE division = $1 AND $2 <> '' AND kind = 'county_exit'"
				   " AND status = 'done'", county), 1);
	/* a township's 集中排查: one monitoring batch of the 回头看's findings, its cases at several steps */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM procedure_batches WHERE division >= $1 AND division < $2"
				   " AND kind = 'monitoring' AND length(division) = 9", county), 1);
	assert_true(count(db, "SELECT COUNT(DISTINCT p.step) FROM procedures p JOIN procedure_batches b ON b.id = p.batch_id"
			      " WHERE b.kind = 'monitoring' AND b.division >= $1 AND b.division < $2 AND p.status = 'open'"
			      " AND p.source = 'recheck'", county) >= 3);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM procedures p JOIN procedure_batches b ON b.id = p.batch_id"
				   " WHERE b.kind = 'monitoring' AND b.division >= $1 AND b.division < $2 AND (p.status <> 'open'"
				   " OR substr(p.division, 1, 9) <> b.division OR NOT EXISTS (SELECT 1 FROM recheck_households i"
				   " WHERE i.household_id = p.household_id AND (i.finding = 'missed'"
				   " OR i.reason = 'exited_under_monitoring_line')))", county), 0);
	/* a 回头看 of the build year, partly worked; a complete sampling audit */
	assert_true(count(db, "SELECT COUNT(*) FROM recheck_households i JOIN rechecks c ON c.id = i.recheck_id"
			      " WHERE c.division = $1 AND $2 <> '' AND i.finding IS NOT NULL", county) > 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM sampling_households h JOIN samplings s ON s.id = h.sampling_id"
				   " WHERE s.division = $1 AND $2 <> '' AND h.recognises IS NULL", county), 0);
}

static void test_small_county(void **state)
{
	(void)state;
	struct db *db = fresh_db();
	struct demo_stats st;
	assert_int_equal(build(db, 1, NULL, &st), 0);
	assert_int_equal(st.townships, 3);
	assert_int_equal(st.villages, 24);
	int villages = st.villages;
	check_registry(db, COUNTY, &st);
	check_requests(db, COUNTY, &st);
	check_partylife_counts(db, COUNTY, &st, villages);
	check_partylife(db, COUNTY, true);
	check_procedures(db, COUNTY);
	check_pairings(db);

	/* the stats are what is in the database */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2", COUNTY), st.orgs);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM units WHERE division >= $1 AND division < $2", COUNTY), st.units);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2", COUNTY),
			 st.people);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND political_status IN ('member', 'probationary')", COUNTY), st.party_members);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND level = 'group'",
			       COUNTY), st.grids);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND level = 'group'"
				   " AND grid_worker_id IS NOT NULL AND grid_supervisor_id IS NOT NULL", COUNTY), st.grid_workers);
	assert_int_equal(st.grid_workers, st.grids);
	assert_int_equal(count(db, "SELECT COUNT(DISTINCT grid_supervisor_id) FROM divisions WHERE code >= $1"
				   " AND code < $2", COUNTY), st.grid_supervisors);
	assert_true(st.grid_supervisors >= st.townships);
	/* the county's word for them: 网格长 here, 网格监管员 in 琼中 */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND cadre_role = 'grid_supervisor' AND position LIKE '%网格长%'", COUNTY), st.grid_supervisors);
	assert_string_equal(demo_profile_of("469030")->supervisor_title, "网格监管员");
	/* lianxin demo --scale N: the figures of people who help households times N, 凤庆's 6,730
	 * 挂包帮 cadres too (the old demo scaled the township cadres only), the others as they are */
	struct demo_profile scaled;
	demo_profile_scale(demo_profile_of("530921"), 3, &scaled);
	assert_int_equal(scaled.unit_cadres, 3 * 6730);
	assert_int_equal(scaled.county_leaders, 24);
	assert_int_equal(scaled.units, 160);
	demo_profile_scale(demo_profile_of("440232"), 2, &scaled);
	assert_int_equal(scaled.township_cadres, 2 * 580);
	assert_int_equal(scaled.unit_cadres, 0);   /* as needed */
	assert_int_equal(scaled.party_members, 10721);
	assert_null(demo_profile_of("440232")->supervisor_title);
	assert_true(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2"
				   " AND demonstration = 1", COUNTY) > 0);
	assert_true(count(db, "SELECT COUNT(*) FROM orgs WHERE division >= $1 AND division < $2 AND weak = 1",
			  COUNTY) > 0);
	assert_true(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
			      " AND wealth_leader = 1", COUNTY) > 0);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND level = 'village'"
				   " AND (households IS NULL OR population IS NULL)", COUNTY), 0);
	assert_true(count(db, "SELECT COUNT(*) FROM divisions WHERE code >= $1 AND code < $2 AND poor_village = 1",
			  COUNTY) > 0);
	assert_int_equal(count(db, "SELECT poor_county FROM divisions WHERE code = $1 AND code < $2", COUNTY), 1);
	/* 乳源's 90.4% of the villages: one person is secretary and director (of 24: 22) */
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2"
				   " AND position LIKE '%书记兼主任'", COUNTY), 22);
	/* poor households' per-capita income on 乳源's line: about 4,000 yuan in 2016 and 8,000 in 2018 */
	int64_t y2016 = one(db, "SELECT AVG(i.per_capita) FROM household_incomes i JOIN households h"
				" ON h.id = i.household_id WHERE h.identified_year IS NOT NULL AND i.year = 2016");
	int64_t y2018 = one(db, "SELECT AVG(i.per_capita) FROM household_incomes i JOIN households h"
				" ON h.id = i.household_id WHERE h.identified_year IS NOT NULL AND i.year = 2018");
	assert_true(y2016 > 3500 && y2016 < 4800);
	assert_true(y2018 > 7000 && y2018 < 9000);

	/* every identity number valid, of this county, matching sex and birth date, and unique */
	struct db_stmt *q = db_query(db, "SELECT id_number, sex, birth_date, phone FROM people", NULL);
	assert_non_null(q);
	int n = 0;
	while (db_step(q) == DB_ROW) {
		const char *id = opened("people.id_number", db_column_text(q, 0));
		char birth[11];
		if (idcard_validate(id, 20261206, NULL)   /* the build day, DEMO_TEST_TODAY */ != IDCARD_OK)
			fail_msg("invalid id number %s", id);
		assert_memory_equal(id, COUNTY, 6);
		assert_int_equal(idcard_sex(id), db_column_text(q, 1)[0]);
		idcard_birth_date(id, birth);
		assert_string_equal(birth, db_column_text(q, 2));
		if (!phone_valid(opened("people.phone", db_column_text(q, 3))))
			fail_msg("invalid phone %s", db_column_text(q, 3));
		n++;
	}
	db_finalize(q);
	assert_int_equal(n, st.people);
	int64_t distinct = 0, all = 0;
	assert_int_equal(db_query_int(db, &distinct, "SELECT COUNT(DISTINCT id_number_hash) FROM people", NULL), DB_ROW);
	assert_int_equal(db_query_int(db, &all, "SELECT COUNT(*) FROM people", NULL), DB_ROW);
	assert_int_equal(distinct, all);

	/* the tree: every division exists, every parent and secretary too */
	int64_t bad = -1;
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs o LEFT JOIN divisions d ON d.code = o.division"
					       " WHERE d.code IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id"
					       " WHERE o.parent_id IS NOT NULL AND p.id IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs o LEFT JOIN people p ON p.id = o.secretary_id"
					       " WHERE o.secretary_id IS NOT NULL AND p.id IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM orgs WHERE type IN ('village_branch',"
					       " 'general_branch', 'community_branch') AND parent_id IN (SELECT id FROM orgs"
					       " WHERE type = 'township_committee') AND secretary_id IS NULL", NULL), DB_ROW);
	assert_int_equal(bad, 0);
	assert_int_equal(db_query_int(db, &bad, "SELECT COUNT(*) FROM people WHERE political_status IN ('member',"
					       " 'probationary') AND (joined_party_on IS NULL OR member_status IS NULL"
					       " OR joined_party_on < birth_date)", NULL), DB_ROW);
	assert_int_equal(bad, 0);

	/* once per database */
	struct demo_stats again;
	FILE *devnull = fopen("/dev/null", "w");
	struct demo_options opt = { .county = COUNTY, .seed = 1, .data_dir = cut.dir, .today = DEMO_TEST_TODAY };
	assert_int_equal(demo_build(db, &opt, devnull, &again), -1);
	fclose(devnull);
	assert_int_equal(count(db, "SELECT COUNT(*) FROM people WHERE division >= $1 AND division < $2", COUNTY),
			 st.people);

	/* the same seed on a fresh database gives the same rows */
	unsigned char d1[32], d2[32], c1[32], c2[32], c3[32];
	people_digest(db, d1);
	cadres_digest(db, c1);
	db_close(db);
	db = fresh_db();
	struct demo_stats st2;
	assert_int_equal(build(db, 1, NULL, &st2), 0);
	assert_memory_equal(&st, &st2, sizeof(st));
	people_digest(db, d2);
	db_close(db);
	assert_memory_equal(d1, d2, 32);
	/* each step draws from its own stream: leaving later steps out changes nothing of the earlier ones;
	 * another seed gives other people */
	static const char *const later = "members,flags,households,requests,partylife,worklists,pairings";
	db = fresh_db();
	assert_int_equal(build(db, 1, later, &st2), 0);
	assert_int_equal(st2.households, 0);
	cadres_digest(db, c2);
	db_close(db);
	assert_memory_equal(c1, c2, 32);
	db = fresh_db();
	assert_int_equal(build(db, 2, later, &st2), 0);
	assert_int_equal(st2.villages, 24);
	cadres_digest(db, c3);
	db_close(db);
	assert_memory_not_equal(c1, c3, 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_county),
	};
	return demo_cut_run_tests(&cut, tests);
}
