/*
 * test_checks.c - the data-quality rules of the household registry: a
 * county with households that each break one rule (and clean ones that
 * break none), the findings per rule, subtrees, the check year, masking,
 * the API handlers and the command-line summary.  Runs against SQLite in
 * memory, and once more against PostgreSQL when PG_TEST_URL is set
 * (scripts/with-postgres.sh build/tests/test_checks).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/principal.h"
#include "core/arena.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "db/db.h"
#include "core/fieldcrypt.h"
#include "db/at_rest.h"
#include "db/migrate.h"
#include "db/migrations.h"
#include "db/sqlbuf.h"
#include "http/request.h"
#include "modules/registry/checks.h"

struct fix {
	const char *url;
	struct db *db;
	struct arena *a;
	int seq;                 /* next ID sequence number */
	char dup_id[19];         /* member 301's ID number (check character X) */
	char cadre_id[19];       /* member 402's ID number, also a person's */
};

static struct fix sqlite_fix = { .url = "sqlite::memory:" };
static struct fix pg_fix;

/* ---- building the data ----------------------------------------------------------- */

static void run(struct fix *f, const struct sqlbuf *b)
{
	struct db_stmt *st = sqlbuf_query(f->db, b);
	if (st == NULL)
		fail_msg("%s: %s", b->sql, db_errmsg(f->db));
	int rc = db_step(st);
	if (rc != DB_DONE)
		fail_msg("%s: rc %d: %s", b->sql, rc, db_errmsg(f->db));
	db_finalize(st);
}

static void exec(struct fix *f, const char *sql)
{
	if (db_exec(f->db, sql, NULL) != DB_OK)
		fail_msg("%s: %s", sql, db_errmsg(f->db));
}

/* An 18-character ID number for region 469030, birth YYYYMMDD, sequence seq. */
static void make_id(char out[19], const char *ymd, int seq)
{
	snprintf(out, 18, "469030%s%03d", ymd, seq);
	out[17] = idcard_check_char(out);
	out[18] = '\0';
}

static void division(struct fix *f, const char *code, const char *name, const char *level, const char *parent)
{
	struct sqlbuf b;
	sqlbuf_init(&b, f->a);
	sqlbuf_add(&b, "INSERT INTO divisions (code, name, level, parent_code, created_at, updated_at) VALUES (");
	sqlbuf_text(&b, code);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, name);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, level);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, parent);
	sqlbuf_add(&b, ", 0, 0)");
	run(f, &b);
}

/* Text fields: NULL takes the default, "NULL" stores NULL. */
struct hh {
	int64_t id;
	const char *division, *status, *attribute, *main_cause, *phone, *grade, *relocation;
	int64_t year;          /* identified_year: 0 = 2014, -1 = NULL */
	int rebuilt;
};

static const char *pick(const char *s, const char *dflt)
{
	return s == NULL ? dflt : strcmp(s, "NULL") == 0 ? NULL : s;
}

static void household(struct fix *f, struct hh h)
{
	struct sqlbuf b;
	sqlbuf_init(&b, f->a);
	sqlbuf_add(&b, "INSERT INTO households (id, household_no, head_name, division, status, attribute, main_cause,"
		       " identified_year, phone, housing_grade, housing_rebuilt, relocation, created_at, updated_at) VALUES (");
	sqlbuf_int(&b, h.id);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, arena_printf(f->a, "HH%04lld", (long long)h.id));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, arena_printf(f->a, "户主%lld", (long long)h.id));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, h.division);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, pick(h.status, "poor"));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, pick(h.attribute, "general"));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, pick(h.main_cause, "illness"));
	sqlbuf_add(&b, ", ");
	if (h.year < 0)
		sqlbuf_text(&b, NULL);
	else
		sqlbuf_int(&b, h.year ? h.year : 2014);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, pick(h.phone, NULL));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, pick(h.grade, "A"));
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, h.rebuilt);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, pick(h.relocation, "none"));
	sqlbuf_add(&b, ", 0, 0)");
	run(f, &b);
}

/* The division of household hid. */
static const char *hh_division(struct fix *f, int64_t hid)
{
	struct db_stmt *st = db_query(f->db, "SELECT division FROM households WHERE id = $1", "i", hid);
	if (st == NULL || db_step(st) != DB_ROW)
		fail_msg("household %lld: %s", (long long)hid, db_errmsg(f->db));
	const char *d = arena_strdup(f->a, db_column_text(st, 0));
	db_finalize(st);
	return d;
}

struct mem {
	int64_t id, hid;
	const char *rel, *sex, *birth, *id_number, *phone, *school, *note;
	const char *id_sex, *id_birth;   /* what the ID number says, when it differs */
	bool no_id, uninsured, dibao, tekun;
};

static void member(struct fix *f, struct mem m)
{
	const char *sex = m.sex ? m.sex : "M", *birth = m.birth ? m.birth : "1980-01-01";
	char id[19] = "";
	if (m.id_number)
		snprintf(id, sizeof(id), "%s", m.id_number);
	else if (!m.no_id) {
		const char *ib = m.id_birth ? m.id_birth : birth, *is = m.id_sex ? m.id_sex : sex;
		char ymd[9] = { ib[0], ib[1], ib[2], ib[3], ib[5], ib[6], ib[8], ib[9], '\0' };
		make_id(id, ymd, f->seq++ * 2 + (is[0] == 'M'));
	}
	struct sqlbuf b;
	sqlbuf_init(&b, f->a);
	sqlbuf_add(&b, "INSERT INTO members (id, household_id, division, relation, name, sex, birth_date, id_number, phone,"
		       " school_status, school_note, insured_medical, dibao, tekun, created_at, updated_at) VALUES (");
	sqlbuf_int(&b, m.id);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, m.hid);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, hh_division(f, m.hid));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, m.rel ? m.rel : "head");
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, arena_printf(f->a, "成员%lld", (long long)m.id));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, sex);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, birth);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, *id ? arena_strdup(f->a, id) : NULL);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, m.phone);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, m.school);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, m.note);
	sqlbuf_add(&b, ", ");
	if (m.uninsured)
		sqlbuf_text(&b, NULL);
	else
		sqlbuf_int(&b, 1);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, m.dibao);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, m.tekun);
	sqlbuf_add(&b, ", 0, 0)");
	run(f, &b);
}

static void income(struct fix *f, int64_t hid, int64_t year, int64_t wages, int64_t costs, int64_t people, int64_t net,
		   int64_t per_capita)
{
	if (db_exec(f->db, "INSERT INTO household_incomes (household_id, year, wages, costs, people, net, per_capita,"
		    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0)", "iiiiiii", hid, year, wages, costs, people,
		    net, per_capita) != DB_OK)
		fail_msg("income: %s", db_errmsg(f->db));
}

static void measure(struct fix *f, int64_t id, int64_t hid, const char *type, int64_t member_id, const char *given_on)
{
	struct sqlbuf b;
	sqlbuf_init(&b, f->a);
	sqlbuf_add(&b, "INSERT INTO measures (id, household_id, division, type, content, given_on, member_id, created_at,"
		       " updated_at) VALUES (");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, hid);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, hh_division(f, hid));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, type);
	sqlbuf_add(&b, ", '帮扶', ");
	sqlbuf_text(&b, given_on);
	sqlbuf_add(&b, ", ");
	if (member_id)
		sqlbuf_int(&b, member_id);
	else
		sqlbuf_text(&b, NULL);
	sqlbuf_add(&b, ", 0, 0)");
	run(f, &b);
}

static void monitoring_of(struct fix *f, int64_t id, int64_t hid, const char *category, const char *started_on,
			  const char *eliminated_on);

static void monitoring(struct fix *f, int64_t id, int64_t hid, const char *started_on, const char *eliminated_on)
{
	monitoring_of(f, id, hid, "unstable", started_on, eliminated_on);
}

static void monitoring_of(struct fix *f, int64_t id, int64_t hid, const char *category, const char *started_on,
			  const char *eliminated_on)
{
	struct sqlbuf b;
	sqlbuf_init(&b, f->a);
	sqlbuf_add(&b, "INSERT INTO monitoring (id, household_id, division, category, started_on, eliminated_on,"
		       " created_at, updated_at) VALUES (");
	sqlbuf_int(&b, id);
	sqlbuf_add(&b, ", ");
	sqlbuf_int(&b, hid);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, hh_division(f, hid));
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, category);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, started_on);
	sqlbuf_add(&b, ", ");
	sqlbuf_text(&b, eliminated_on);
	sqlbuf_add(&b, ", 0, 0)");
	run(f, &b);
}

#define A1 "469030100001"
#define A2 "469030100002"
#define B1 "469030101001"
#define OUT "469031100001"

static void build(struct fix *f)
{
	/* a database shared with earlier runs starts over */
	static const char *const tables[] = { "measures", "monitoring", "household_guarantees", "household_incomes",
					      "household_history", "members", "households", "people" };
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		exec(f, arena_printf(f->a, "DELETE FROM %s", tables[i]));
	exec(f, "DELETE FROM income_lines WHERE province <> ''");
	exec(f, "DELETE FROM divisions WHERE code LIKE '46903%'");
	f->seq = 10;

	division(f, "469030", "琼中黎族苗族自治县", "county", NULL);
	division(f, "469030100", "营根镇", "township", "469030");
	division(f, A1, "营根村", "village", "469030100");
	division(f, A2, "新市村", "village", "469030100");
	division(f, "469030101", "湾岭镇", "township", "469030");
	division(f, B1, "湾岭村", "village", "469030101");
	division(f, "469031", "外县", "county", NULL);
	division(f, "469031100", "外镇", "township", "469031");
	division(f, OUT, "外村", "village", "469031100");
	/* the province's own line is above the national one */
	exec(f, "INSERT INTO income_lines (year, province, poverty_line, monitoring_line) VALUES (2020, '46', 4300, NULL)");

	/* 1: clean */
	household(f, (struct hh){ .id = 1, .division = A1, .phone = "13800138000" });
	member(f, (struct mem){ .id = 101, .hid = 1, .phone = "010-12345678", .birth = "1970-05-01" });
	member(f, (struct mem){ .id = 102, .hid = 1, .rel = "spouse", .sex = "F", .birth = "1972-03-03" });
	member(f, (struct mem){ .id = 103, .hid = 1, .rel = "daughter", .sex = "F", .birth = "2012-09-01", .school = "primary" });
	income(f, 1, 2021, 26000, 2000, 3, 24000, 8000);
	/* 2: clean, exited: a C house rebuilt, dibao with a dibao member, monitoring ended */
	household(f, (struct hh){ .id = 2, .division = B1, .status = "exited", .attribute = "dibao",
				  .phone = "0898-86221234", .grade = "C", .rebuilt = 1 });
	member(f, (struct mem){ .id = 201, .hid = 2, .dibao = true });
	member(f, (struct mem){ .id = 202, .hid = 2, .rel = "spouse", .sex = "F" });
	income(f, 2, 2021, 16000, 0, 2, 16000, 8000);
	monitoring(f, 1, 2, "2020-03-01", "2020-12-01");

	/* 3: an ID number with the check character X, its lower-case twin outside the county */
	for (int seq = 1; seq < 999; seq += 2) {
		make_id(f->dup_id, "19750707", seq);
		if (f->dup_id[17] == 'X')
			break;
	}
	assert_int_equal(f->dup_id[17], 'X');
	household(f, (struct hh){ .id = 3, .division = A1 });
	member(f, (struct mem){ .id = 301, .hid = 3, .birth = "1975-07-07", .id_number = f->dup_id });
	household(f, (struct hh){ .id = 90, .division = OUT });
	member(f, (struct mem){ .id = 9001, .hid = 90 });
	char lower[19];
	snprintf(lower, sizeof(lower), "%.17sx", f->dup_id);
	member(f, (struct mem){ .id = 9002, .hid = 90, .rel = "sibling", .birth = "1975-07-07", .id_number = lower,
				.uninsured = true });
	/* 4: a member who is also a cadre */
	household(f, (struct hh){ .id = 4, .division = A1 });
	member(f, (struct mem){ .id = 401, .hid = 4 });
	make_id(f->cadre_id, "19850303", 901);
	member(f, (struct mem){ .id = 402, .hid = 4, .rel = "son", .birth = "1985-03-03", .id_number = f->cadre_id });
	if (db_exec(f->db, "INSERT INTO people (id, name, id_number, division, cadre_role, created_at, updated_at)"
		    " VALUES (1, '干部', $1, $2, 'village_cadre', 0, 0)", "tt", f->cadre_id, A1) != DB_OK)
		fail_msg("people: %s", db_errmsg(f->db));
	/* 5: no head; 6: two heads */
	household(f, (struct hh){ .id = 5, .division = A1 });
	member(f, (struct mem){ .id = 501, .hid = 5, .rel = "spouse", .sex = "F" });
	household(f, (struct hh){ .id = 6, .division = A1 });
	member(f, (struct mem){ .id = 601, .hid = 6 });
	member(f, (struct mem){ .id = 602, .hid = 6 });
	/* 7: birth date and ID disagree; 8: sex and ID disagree */
	household(f, (struct hh){ .id = 7, .division = A2 });
	member(f, (struct mem){ .id = 701, .hid = 7 });
	member(f, (struct mem){ .id = 702, .hid = 7, .rel = "son", .birth = "1995-01-02", .id_birth = "1995-01-01" });
	household(f, (struct hh){ .id = 8, .division = A2 });
	member(f, (struct mem){ .id = 801, .hid = 8 });
	member(f, (struct mem){ .id = 802, .hid = 8, .rel = "daughter", .sex = "M", .id_sex = "F", .birth = "1999-09-09" });
	/* 9: born in the future; 10: older than 110; 11: a head aged 11 */
	household(f, (struct hh){ .id = 9, .division = A2 });
	member(f, (struct mem){ .id = 901, .hid = 9 });
	member(f, (struct mem){ .id = 902, .hid = 9, .rel = "grandson", .birth = "2099-01-01", .no_id = true });
	household(f, (struct hh){ .id = 10, .division = A2 });
	member(f, (struct mem){ .id = 1001, .hid = 10 });
	member(f, (struct mem){ .id = 1002, .hid = 10, .rel = "father", .birth = "1900-01-01", .no_id = true });
	household(f, (struct hh){ .id = 11, .division = A2 });
	member(f, (struct mem){ .id = 1101, .hid = 11, .birth = "2010-06-01", .school = "primary" });
	/* 12: a child of 13 out of school (one of 12 out of school with a reason is fine) */
	household(f, (struct hh){ .id = 12, .division = A1 });
	member(f, (struct mem){ .id = 1201, .hid = 12 });
	member(f, (struct mem){ .id = 1202, .hid = 12, .rel = "daughter", .sex = "F", .birth = "2008-02-02", .school = "none" });
	member(f, (struct mem){ .id = 1203, .hid = 12, .rel = "son", .birth = "2009-03-03", .note = "因病休学" });
	/* 13: not insured; 14: not insured either, but not a registered household */
	household(f, (struct hh){ .id = 13, .division = A1 });
	member(f, (struct mem){ .id = 1301, .hid = 13 });
	member(f, (struct mem){ .id = 1302, .hid = 13, .rel = "spouse", .sex = "F", .uninsured = true });
	household(f, (struct hh){ .id = 14, .division = A1, .status = "not_registered", .attribute = "NULL",
				  .main_cause = "NULL", .year = -1 });
	member(f, (struct mem){ .id = 1401, .hid = 14, .uninsured = true });
	/* 15: exited, latest income up to 2021 under the province's line (above the national one) */
	household(f, (struct hh){ .id = 15, .division = B1, .status = "exited_enjoying" });
	member(f, (struct mem){ .id = 1501, .hid = 15 });
	member(f, (struct mem){ .id = 1502, .hid = 15, .rel = "spouse", .sex = "F" });
	income(f, 15, 2019, 10000, 0, 2, 10000, 5000);
	income(f, 15, 2021, 8400, 0, 2, 8400, 4200);
	income(f, 15, 2022, 18000, 0, 2, 18000, 9000);
	/* 16: exited in a D house; 17: exited from a D house, resettled */
	household(f, (struct hh){ .id = 16, .division = B1, .status = "exited", .grade = "D" });
	member(f, (struct mem){ .id = 1601, .hid = 16 });
	household(f, (struct hh){ .id = 17, .division = B1, .status = "exited", .grade = "D", .relocation = "centralized" });
	member(f, (struct mem){ .id = 1701, .hid = 17 });
	/* 18: net wrong; 19: per capita wrong; 20: people wrong */
	household(f, (struct hh){ .id = 18, .division = A1 });
	member(f, (struct mem){ .id = 1801, .hid = 18 });
	income(f, 18, 2021, 10000, 0, 1, 9000, 9000);
	household(f, (struct hh){ .id = 19, .division = A1 });
	member(f, (struct mem){ .id = 1901, .hid = 19 });
	member(f, (struct mem){ .id = 1902, .hid = 19, .rel = "spouse", .sex = "F" });
	income(f, 19, 2021, 9000, 0, 2, 9000, 4000);
	household(f, (struct hh){ .id = 20, .division = A1 });
	member(f, (struct mem){ .id = 2001, .hid = 20 });
	member(f, (struct mem){ .id = 2002, .hid = 20, .rel = "spouse", .sex = "F" });
	income(f, 20, 2021, 9000, 0, 3, 9000, 3000);
	/* 21: a service number as the household's phone; 22: a member's 9-digit phone */
	household(f, (struct hh){ .id = 21, .division = A2, .phone = "12345" });
	member(f, (struct mem){ .id = 2101, .hid = 21 });
	household(f, (struct hh){ .id = 22, .division = A2 });
	member(f, (struct mem){ .id = 2201, .hid = 22 });
	member(f, (struct mem){ .id = 2202, .hid = 22, .rel = "spouse", .sex = "F", .phone = "138001380" });
	/* 23: relapsed without attribute, cause or year; 24: dibao without a dibao member; 25: tekun with one */
	household(f, (struct hh){ .id = 23, .division = A2, .status = "relapsed", .attribute = "NULL", .main_cause = "",
				  .year = -1 });
	member(f, (struct mem){ .id = 2301, .hid = 23 });
	household(f, (struct hh){ .id = 24, .division = A2, .attribute = "dibao" });
	member(f, (struct mem){ .id = 2401, .hid = 24 });
	household(f, (struct hh){ .id = 25, .division = A2, .attribute = "tekun" });
	member(f, (struct mem){ .id = 2501, .hid = 25, .tekun = true });
	/* 26: 16 years old in primary school */
	household(f, (struct hh){ .id = 26, .division = A2 });
	member(f, (struct mem){ .id = 2601, .hid = 26 });
	member(f, (struct mem){ .id = 2602, .hid = 26, .rel = "son", .birth = "2005-03-03", .school = "primary" });
	/* 27: monitored, the only help before monitoring began; 28: monitored and helped (a public post, adult) */
	household(f, (struct hh){ .id = 27, .division = A1, .status = "exited_enjoying" });
	member(f, (struct mem){ .id = 2701, .hid = 27 });
	monitoring(f, 2, 27, "2021-03-01", NULL);
	measure(f, 1, 27, "industry", 0, "2020-12-01");
	household(f, (struct hh){ .id = 28, .division = A1, .status = "exited_enjoying" });
	member(f, (struct mem){ .id = 2801, .hid = 28 });
	monitoring(f, 3, 28, "2021-03-01", NULL);
	measure(f, 2, 28, "public_post", 2801, "2021-05-01");
	/* 29: a public post for a boy of 15 */
	household(f, (struct hh){ .id = 29, .division = A1 });
	member(f, (struct mem){ .id = 2901, .hid = 29 });
	member(f, (struct mem){ .id = 2902, .hid = 29, .rel = "son", .birth = "2007-01-01", .school = "grade9" });
	measure(f, 3, 29, "public_post", 2902, "2022-06-01");
	/* 30: removed, no members */
	household(f, (struct hh){ .id = 30, .division = A1, .status = "removed" });
	/* monitoring apart from the status: 31 poor yet a 边缘易致贫户; 32 two open cases; 33 eliminated
	 * after five months */
	household(f, (struct hh){ .id = 31, .division = A1 });
	member(f, (struct mem){ .id = 3101, .hid = 31 });
	monitoring_of(f, 4, 31, "marginal", "2021-03-01", NULL);
	measure(f, 4, 31, "industry", 0, "2021-04-01");
	household(f, (struct hh){ .id = 32, .division = A1, .status = "exited_enjoying" });
	member(f, (struct mem){ .id = 3201, .hid = 32 });
	monitoring(f, 5, 32, "2021-03-01", NULL);
	monitoring(f, 6, 32, "2021-05-01", NULL);
	measure(f, 5, 32, "industry", 0, "2021-06-01");
	household(f, (struct hh){ .id = 33, .division = A1, .status = "exited_enjoying" });
	member(f, (struct mem){ .id = 3301, .hid = 33 });
	monitoring(f, 7, 33, "2021-03-01", "2021-08-31");
	/* the households' monitor_category, as the monitoring's writes keep it */
	exec(f, "UPDATE households SET monitor_category = (SELECT m.category FROM monitoring m"
		" WHERE m.household_id = households.id AND m.eliminated_on IS NULL ORDER BY m.id DESC LIMIT 1)");
}

static int open_fix(struct fix *f)
{
	char err[512];
	if (db_open(f->url, NULL, &f->db, err, sizeof(err)) != DB_OK) {
		print_error("db_open %s: %s\n", f->url, err);
		return -1;
	}
	if (migrate_run(f->db, NULL) != DB_OK) {
		print_error("migrate_run: %s\n", db_errmsg(f->db));
		return -1;
	}
	f->a = arena_new();
	/* the rows are written in plaintext, as a database from before encryption
	 * held them; sealing them (at_rest_seal_plaintext, the start-up's
	 * migration) is what the rules then read */
	static const uint8_t key[FIELDCRYPT_KEY_BYTES] = { 7, 7, 7 };
	fieldcrypt_set_key(key);
	build(f);
	int64_t sealed = 0;
	if (at_rest_seal_plaintext(f->db, &sealed) != DB_OK || sealed == 0) {
		print_error("at_rest_seal_plaintext: %s (%lld sealed)\n", db_errmsg(f->db), (long long)sealed);
		return -1;
	}
	return 0;
}

static int sqlite_setup(void **state)
{
	*state = &sqlite_fix;
	return open_fix(&sqlite_fix);
}

static int pg_setup(void **state)
{
	*state = &pg_fix;
	const char *url = getenv("PG_TEST_URL");
	if (url == NULL || *url == '\0')
		return 0;   /* every test skips */
	pg_fix.url = url;
	return open_fix(&pg_fix);
}

static int teardown(void **state)
{
	struct fix *f = *state;
	if (f->db)
		db_close(f->db);
	if (f->a)
		arena_free(f->a);
	f->db = NULL;
	f->a = NULL;
	return 0;
}

static struct fix *fix(void **state)
{
	struct fix *f = *state;
	if (f->db == NULL)
		skip();
	return f;
}

/* ---- collecting --------------------------------------------------------------------- */

#define MAX_FOUND 200

struct found {
	const char *rule;
	int64_t household_id, member_id;
	char division[16], value[64], household_no[16], member_name[32], division_name[64];
};

struct found_list {
	struct found f[MAX_FOUND];
	int n;
};

static int collect(void *ctx, const struct check_finding *f)
{
	struct found_list *l = ctx;
	if (l->n == MAX_FOUND)
		return 7;
	struct found *x = &l->f[l->n++];
	x->rule = f->rule->code;
	x->household_id = f->household_id;
	x->member_id = f->member_id;
	snprintf(x->division, sizeof(x->division), "%s", f->division ? f->division : "");
	snprintf(x->value, sizeof(x->value), "%s", f->value ? f->value : "(null)");
	snprintf(x->household_no, sizeof(x->household_no), "%s", f->household_no ? f->household_no : "");
	snprintf(x->member_name, sizeof(x->member_name), "%s", f->member_name ? f->member_name : "");
	snprintf(x->division_name, sizeof(x->division_name), "%s", f->division_name ? f->division_name : "");
	return 0;
}

static struct found_list *run_checks(struct fix *f, const char *division, int64_t year)
{
	struct found_list *l = test_calloc(1, sizeof(*l));
	int rc = checks_collect(f->db, division, year, collect, l);
	if (rc != 0) {
		test_free(l);
		fail_msg("checks_collect: %d: %s", rc, db_errmsg(f->db));
	}
	return l;
}

static int count_rule(const struct found_list *l, const char *rule)
{
	int n = 0;
	for (int i = 0; i < l->n; i++)
		n += strcmp(l->f[i].rule, rule) == 0;
	return n;
}

static const struct found *first(const struct found_list *l, const char *rule)
{
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->f[i].rule, rule) == 0)
			return &l->f[i];
	return NULL;
}

struct expect {
	const char *rule;
	int64_t household_id, member_id;
	const char *value;   /* NULL: not checked */
};

/* Every rule once, in the county, for 2021. */
static const struct expect county_2021[] = {
	{ "member_id_duplicate", 3, 301, NULL },
	{ "member_is_cadre", 4, 402, NULL },
	{ "household_no_head", 5, 0, "0" },
	{ "household_many_heads", 6, 0, "2" },
	{ "member_birth_mismatch", 7, 702, "1995-01-02" },
	{ "member_sex_mismatch", 8, 802, "M" },
	{ "member_born_future", 9, 902, "2099-01-01" },
	{ "member_too_old", 10, 1002, "1900-01-01" },
	{ "head_too_young", 11, 1101, "2010-06-01" },
	{ "child_out_of_school", 12, 1202, "2008-02-02" },
	{ "member_no_medical", 13, 1302, "(null)" },
	{ "exit_below_line", 15, 0, "2021: 4200 < 4300" },
	{ "exit_unsafe_housing", 16, 0, "D" },
	{ "income_net_mismatch", 18, 0, "9000 ≠ 10000" },
	{ "income_per_capita_mismatch", 19, 0, "4000 ≠ 4500" },
	{ "income_people_mismatch", 20, 0, "3 ≠ 2" },
	{ "household_phone_format", 21, 0, NULL },
	{ "member_phone_format", 22, 2202, NULL },
	{ "registered_no_attribute", 23, 0, "(null)" },
	{ "registered_no_cause", 23, 0, "(null)" },
	{ "registered_no_year", 23, 0, "(null)" },
	{ "attribute_without_benefit", 24, 0, "dibao" },
	{ "primary_school_age", 26, 2602, "2005-03-03" },
	{ "monitored_no_measures", 27, 0, "2021-03-01" },
	{ "public_post_under_16", 29, 2902, "2022-06-01" },
	{ "monitor_category_mismatch", 31, 0, "marginal/poor" },
	{ "monitoring_two_open", 32, 0, "2" },
	{ "eliminated_too_soon", 33, 0, "2021-03-01/2021-08-31" },
};
#define NEXPECT (int)(sizeof(county_2021) / sizeof(county_2021[0]))

static void dump(const struct found_list *l)
{
	for (int i = 0; i < l->n; i++)
		print_message("  %s household %lld member %lld %s value %s\n", l->f[i].rule, (long long)l->f[i].household_id,
			      (long long)l->f[i].member_id, l->f[i].division, l->f[i].value);
}

/* ---- tests ------------------------------------------------------------------------- */

static void test_rules_table(void **state)
{
	(void)state;
	assert_int_equal(check_rules_count, NEXPECT);   /* the fixture breaks every rule */
	for (int i = 0; i < check_rules_count; i++) {
		const struct check_rule *r = &check_rules[i];
		assert_true(!strcmp(r->severity, "error") || !strcmp(r->severity, "warning"));
		assert_true(!strcmp(r->level, "household") || !strcmp(r->level, "member"));
		assert_non_null(r->zh);
		assert_non_null(r->en);
		assert_non_null(r->field);
		assert_non_null(r->sql);
		assert_ptr_equal(checks_rule_find(r->code), r);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(check_rules[k].code, r->code);
	}
	assert_null(checks_rule_find("no_such_rule"));
	assert_null(checks_rule_find(NULL));
}

static void test_each_rule_once(void **state)
{
	struct fix *f = fix(state);
	struct found_list *l = run_checks(f, "469030", 2021);
	if (l->n != NEXPECT)
		dump(l);
	for (int i = 0; i < NEXPECT; i++) {
		const struct expect *e = &county_2021[i];
		int n = count_rule(l, e->rule);
		if (n != 1)
			fail_msg("rule %s: %d findings, expected 1", e->rule, n);
		const struct found *x = first(l, e->rule);
		if (x->household_id != e->household_id || x->member_id != e->member_id)
			fail_msg("rule %s: household %lld member %lld, expected %lld/%lld", e->rule, (long long)x->household_id,
				 (long long)x->member_id, (long long)e->household_id, (long long)e->member_id);
		if (e->value)
			assert_string_equal(x->value, e->value);
		assert_string_equal(x->household_no, arena_printf(f->a, "HH%04lld", (long long)e->household_id));
		if (e->member_id)
			assert_string_equal(x->member_name, arena_printf(f->a, "成员%lld", (long long)e->member_id));
		else
			assert_string_equal(x->member_name, "");
		assert_true(strncmp(x->division, "469030", 6) == 0);
		assert_true(*x->division_name != '\0');
	}
	assert_int_equal(l->n, NEXPECT);
	test_free(l);
}

static void test_masked_values(void **state)
{
	struct fix *f = fix(state);
	struct found_list *l = run_checks(f, "469030", 2021);
	char want[64];
	idcard_mask(f->dup_id, want, sizeof(want));
	assert_string_equal(first(l, "member_id_duplicate")->value, want);
	assert_non_null(strstr(want, "****"));
	idcard_mask(f->cadre_id, want, sizeof(want));
	assert_string_equal(first(l, "member_is_cadre")->value, want);
	phone_mask("12345", want, sizeof(want));
	assert_string_equal(first(l, "household_phone_format")->value, want);
	phone_mask("138001380", want, sizeof(want));
	assert_string_equal(first(l, "member_phone_format")->value, want);
	/* nothing anywhere shows a whole ID number */
	for (int i = 0; i < l->n; i++) {
		assert_null(strstr(l->f[i].value, f->dup_id));
		assert_null(strstr(l->f[i].value, f->cadre_id));
	}
	test_free(l);
}

static void test_subtrees(void **state)
{
	struct fix *f = fix(state);
	/* a village: only its own households */
	struct found_list *l = run_checks(f, B1, 2021);
	if (l->n != 2)
		dump(l);
	assert_int_equal(l->n, 2);
	assert_int_equal(count_rule(l, "exit_below_line"), 1);
	assert_int_equal(count_rule(l, "exit_unsafe_housing"), 1);
	test_free(l);
	/* a township */
	l = run_checks(f, "469030100", 2021);
	assert_int_equal(l->n, NEXPECT - 2);
	for (int i = 0; i < l->n; i++)
		assert_true(strncmp(l->f[i].division, "469030100", 9) == 0);
	test_free(l);
	/* the county outside: its member shares the ID of member 301, and is not insured */
	l = run_checks(f, "469031", 2021);
	if (l->n != 2)
		dump(l);
	assert_int_equal(l->n, 2);
	assert_int_equal(first(l, "member_id_duplicate")->member_id, 9002);
	assert_int_equal(first(l, "member_no_medical")->member_id, 9002);
	test_free(l);
	/* a village without households */
	l = run_checks(f, "469030100003", 2021);
	assert_int_equal(l->n, 0);
	test_free(l);
}

static void test_years(void **state)
{
	struct fix *f = fix(state);
	assert_int_equal(checks_default_year(f->db), 2022);
	/* 2022: household 15 is above the line; only its 2022 income row exists */
	struct found_list *l = run_checks(f, "469030", 0);
	assert_int_equal(count_rule(l, "exit_below_line"), 0);
	assert_int_equal(count_rule(l, "income_net_mismatch"), 0);
	assert_int_equal(count_rule(l, "income_per_capita_mismatch"), 0);
	assert_int_equal(count_rule(l, "income_people_mismatch"), 0);
	/* ages move with the year: the head of 11 is 12 now, the pupil of 16 is 17 */
	assert_int_equal(count_rule(l, "head_too_young"), 1);
	assert_int_equal(count_rule(l, "primary_school_age"), 1);
	/* the girl of 13 is 14, still of school age; her brother with a reason too */
	assert_int_equal(count_rule(l, "child_out_of_school"), 1);
	test_free(l);
	/* 2020: the latest income up to 2020 is 2019's 5000, over the 2013 line that was in force then */
	l = run_checks(f, "469030", 2020);
	assert_int_equal(count_rule(l, "exit_below_line"), 0);
	assert_int_equal(count_rule(l, "income_net_mismatch"), 0);
	/* born 2005: 15 in 2020, out of primary school age; 2008: 12 */
	assert_int_equal(count_rule(l, "primary_school_age"), 1);
	test_free(l);
	/* 2026: the boy given the public post (born 2007) is an adult, but on the day given he was 15;
	 * the head born 2010 is 16 */
	l = run_checks(f, "469030", 2026);
	assert_int_equal(count_rule(l, "public_post_under_16"), 1);
	assert_int_equal(count_rule(l, "head_too_young"), 0);
	test_free(l);
}

static int stop_early(void *ctx, const struct check_finding *f)
{
	(void)f;
	int *n = ctx;
	return ++*n == 3 ? 42 : 0;
}

static void test_stop(void **state)
{
	struct fix *f = fix(state);
	int n = 0;
	assert_int_equal(checks_collect(f->db, "469030", 2021, stop_early, &n), 42);
	assert_int_equal(n, 3);
}

/* ---- API --------------------------------------------------------------------------- */

struct call {
	struct req r;
	struct principal p;
	struct kv q[8];
};

static int call(struct fix *f, struct call *c, const char *scope, int (*handler)(struct req *), ...)
{
	static const char *scopes[1];
	scopes[0] = scope;
	memset(c, 0, sizeof(*c));
	req_init(&c->r, f->a);
	c->p = (struct principal){ .id = 1, .username = "tester", .role = ROLE_COUNTY, .scopes = scopes, .nscopes = 1 };
	c->r.user = &c->p;
	c->r.db = f->db;
	c->r.method = "GET";
	va_list ap;
	va_start(ap, handler);
	const char *name;
	while ((name = va_arg(ap, const char *)) != NULL && c->r.nquery < 8) {
		c->q[c->r.nquery].name = name;
		c->q[c->r.nquery].value = va_arg(ap, const char *);
		c->r.nquery++;
	}
	va_end(ap);
	c->r.query = c->q;
	return handler(&c->r);
}

static int64_t jint(json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void test_api(void **state)
{
	struct fix *f = fix(state);
	struct call c;
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "year", "2021", "page_size", "10", NULL), 200);
	json_t *out = c.r.out;
	assert_int_equal(jint(out, "total"), NEXPECT);
	assert_int_equal(jint(out, "year"), 2021);
	assert_int_equal(json_array_size(json_object_get(out, "items")), 10);
	json_t *by_rule = json_object_get(out, "by_rule");
	assert_int_equal(json_array_size(by_rule), check_rules_count);
	size_t i;
	json_t *v;
	json_array_foreach(by_rule, i, v)
		assert_int_equal(jint(v, "count"), 1);
	json_t *by_div = json_object_get(out, "by_division");
	assert_int_equal(json_array_size(by_div), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(by_div, 0), "division")), "469030100");
	assert_string_equal(json_string_value(json_object_get(json_array_get(by_div, 0), "name")), "营根镇");
	assert_int_equal(jint(json_array_get(by_div, 0), "count"), NEXPECT - 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(by_div, 1), "division")), "469030101");
	assert_int_equal(jint(json_array_get(by_div, 1), "count"), 2);
	json_t *item = json_array_get(json_object_get(out, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(item, "rule")), "member_id_duplicate");
	assert_string_equal(json_string_value(json_object_get(item, "severity")), "error");
	assert_int_equal(jint(item, "household_id"), 3);
	assert_string_equal(json_string_value(json_object_get(item, "household_no")), "HH0003");
	assert_int_equal(jint(item, "member_id"), 301);
	assert_string_equal(json_string_value(json_object_get(item, "member_name")), "成员301");
	assert_string_equal(json_string_value(json_object_get(item, "division_name")), "营根村");
	assert_string_equal(json_string_value(json_object_get(item, "field")), "id_number");
	assert_null(strstr(json_string_value(json_object_get(item, "value")), f->dup_id));
	req_release(&c.r);

	/* the third page of 10 has the last 5 */
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "year", "2021", "page_size", "10",
			      "page", "3", NULL), 200);
	assert_int_equal(json_array_size(json_object_get(c.r.out, "items")), NEXPECT - 20);
	req_release(&c.r);

	/* one rule; by_rule still counts every rule */
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "year", "2021", "rule", "exit_below_line",
			      NULL), 200);
	assert_int_equal(jint(c.r.out, "total"), 1);
	item = json_array_get(json_object_get(c.r.out, "items"), 0);
	assert_int_equal(jint(item, "household_id"), 15);
	assert_true(json_is_null(json_object_get(item, "member_id")));
	assert_true(json_is_null(json_object_get(item, "member_name")));
	assert_int_equal(json_array_size(json_object_get(c.r.out, "by_rule")), check_rules_count);
	by_div = json_object_get(c.r.out, "by_division");
	assert_int_equal(jint(json_array_get(by_div, 0), "count"), 0);
	assert_int_equal(jint(json_array_get(by_div, 1), "count"), 1);
	req_release(&c.r);

	/* a village: counts per group are the village itself */
	assert_int_equal(call(f, &c, "469030", checks_run, "division", B1, "year", "2021", NULL), 200);
	assert_int_equal(jint(c.r.out, "total"), 2);
	by_div = json_object_get(c.r.out, "by_division");
	assert_int_equal(json_array_size(by_div), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(by_div, 0), "division")), B1);
	assert_int_equal(jint(json_array_get(by_div, 0), "count"), 2);
	req_release(&c.r);

	/* the default year is the newest income year */
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", NULL), 200);
	assert_int_equal(jint(c.r.out, "year"), 2022);
	req_release(&c.r);

	/* outside the scope, or unknown: 404; malformed input: 400 */
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469031", NULL), 404);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030100", checks_run, "division", "469030", NULL), 404);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030102", NULL), 404);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, NULL), 400);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "year", "x", NULL), 400);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "46903x", NULL), 400);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "year", "1999", NULL), 400);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "rule", "nope", NULL), 400);
	req_release(&c.r);
	assert_int_equal(call(f, &c, "469030", checks_run, "division", "469030", "page_size", "0", NULL), 400);
	req_release(&c.r);

	/* the rules */
	assert_int_equal(call(f, &c, "469030", checks_rules, NULL), 200);
	assert_int_equal(jint(c.r.out, "total"), check_rules_count);
	item = json_array_get(json_object_get(c.r.out, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(item, "code")), check_rules[0].code);
	assert_string_equal(json_string_value(json_object_get(item, "level")), "member");
	assert_non_null(json_object_get(item, "field"));
	assert_null(json_object_get(item, "sql"));
	req_release(&c.r);
}

/* ---- migration 14: monitored statuses move into the monitoring record ---------------------- */

static int64_t one_int(struct fix *f, const char *sql)
{
	int64_t n = -1;
	if (db_query_int(f->db, &n, sql, NULL) != DB_ROW)
		fail_msg("%s: %s", sql, db_errmsg(f->db));
	return n;
}

static void test_monitoring_migration(void **state)
{
	struct fix *f = fix(state);
	const struct migration *m = NULL;
	for (int i = 0; i < migrations_count; i++)
		if (strstr(migrations[i].name, "monitoring apart"))
			m = &migrations[i];
	assert_non_null(m);
	/* a village of another county, so the checks above never see these households */
	division(f, "130728", "怀安县", "county", NULL);
	division(f, "130728100", "柴沟堡镇", "township", "130728");
	division(f, "130728100200", "东关村委会", "village", "130728100");
	/* 901: exited, then monitored (its history says so); 902: never registered, its risk eliminated,
	 * no history; 903: monitored with a record already; 904: an ordinary exited household */
	exec(f, "INSERT INTO households (id, household_no, head_name, division, status, identified_year, exited_year,"
		" created_at, updated_at) VALUES"
		" (901, 'M901', '甲', '130728100200', 'monitored', 2014, 2018, 1609430400, 1609430400),"
		" (902, 'M902', '乙', '130728100200', 'risk_eliminated', NULL, NULL, 1609430400, 1640966400),"
		" (903, 'M903', '丙', '130728100200', 'monitored', 2014, 2019, 1609430400, 1609430400),"
		" (904, 'M904', '丁', '130728100200', 'exited_enjoying', 2014, 2019, 1609430400, 1609430400)");
	exec(f, "INSERT INTO household_history (household_id, at, field, old_value, new_value, reason) VALUES"
		" (901, 1530000000, 'status', 'poor', 'exited_enjoying', '脱贫'),"
		" (901, 1622476800, 'status', 'exited_enjoying', 'monitored', '纳入监测')");
	exec(f, "INSERT INTO monitoring (id, household_id, division, category, started_on, created_at, updated_at)"
	        " VALUES (903, 903, '130728100200', 'sudden', '2022-02-02', 1609430400, 1609430400)");
	/* the old ethnicity codes: 22 was 佤族's, 33 德昂族's */
	exec(f, "INSERT INTO members (id, household_id, division, relation, name, ethnicity, created_at, updated_at) VALUES"
		" (90101, 901, '130728100200', 'head', '甲', '22', 0, 0), (90201, 902, '130728100200', 'head', '乙', '33', 0, 0)");
	exec(f, "UPDATE members SET ethnicity = '21' WHERE ethnicity = '22'");   /* the shared part, as migration 14 runs it */
	exec(f, "UPDATE members SET ethnicity = '46' WHERE ethnicity = '33'");
	if (db_backend(f->db) == DB_POSTGRES)   /* the fixture wrote its own ids: move the sequence past them */
		one_int(f, "SELECT setval(pg_get_serial_sequence('monitoring', 'id'), 100000)");
	if (db_exec_script(f->db, db_backend(f->db) == DB_SQLITE ? m->sqlite_sql : m->pg_sql) != DB_OK)
		fail_msg("migration 14: %s", db_errmsg(f->db));
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM households WHERE status IN ('monitored', 'risk_eliminated')"), 0);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM households WHERE id = 901 AND status = 'exited_enjoying'"
				 " AND monitor_category = 'unstable'"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM monitoring WHERE household_id = 901 AND category = 'unstable'"
				 " AND started_on = '2021-06-01' AND eliminated_on IS NULL"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM households WHERE id = 902 AND status = 'not_registered'"
				 " AND monitor_category IS NULL"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM monitoring WHERE household_id = 902 AND category = 'marginal'"
				 " AND eliminated_on = '2022-01-01'"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM monitoring WHERE household_id = 903"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM households WHERE id = 903 AND status = 'exited_enjoying'"
				 " AND monitor_category = 'sudden'"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM households WHERE id = 904 AND status = 'exited_enjoying'"
				 " AND monitor_category IS NULL"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM household_history WHERE household_id IN (901, 902, 903)"
				 " AND username = 'migration' AND field = 'status'"), 3);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM household_history WHERE household_id = 901"
				 " AND username = 'migration' AND old_value = 'monitored' AND new_value = 'exited_enjoying'"), 1);
	assert_int_equal(one_int(f, "SELECT COUNT(*) FROM members WHERE (id = 90101 AND ethnicity = '21')"
				 " OR (id = 90201 AND ethnicity = '46')"), 2);
}

/* ---- command line ------------------------------------------------------------------ */

static void test_cli(void **state)
{
	struct fix *f = fix(state);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int errors = -1;
	int n = checks_cli_ex(f->db, "469030", 2021, out, &errors);
	fclose(out);
	assert_int_equal(n, NEXPECT);
	int warnings = 0;
	for (int i = 0; i < check_rules_count; i++)
		warnings += strcmp(check_rules[i].severity, "warning") == 0;
	assert_int_equal(errors, NEXPECT - warnings);
	assert_non_null(strstr(text, "469030 琼中黎族苗族自治县, year 2021"));
	assert_non_null(strstr(text, "member_id_duplicate"));
	assert_non_null(strstr(text, arena_printf(f->a, "%8d  %-15s %s", NEXPECT - 2, "469030100", "营根镇")));
	assert_non_null(strstr(text, arena_printf(f->a, "%d findings: %d errors, %d warnings", NEXPECT, errors, warnings)));
	free(text);

	/* a clean village: nothing, no errors */
	out = open_memstream(&text, &len);
	assert_int_equal(checks_cli_ex(f->db, "469030100003", 2021, out, &errors), -1);   /* not a division */
	assert_int_equal(checks_cli(f->db, "469030", 2021, out), NEXPECT);
	fclose(out);
	free(text);
	division(f, "469030100003", "空村", "village", "469030100");
	out = open_memstream(&text, &len);
	assert_int_equal(checks_cli_ex(f->db, "469030100003", 2021, out, &errors), 0);
	fclose(out);
	assert_int_equal(errors, 0);
	assert_non_null(strstr(text, "0 findings: 0 errors, 0 warnings"));
	free(text);
	exec(f, "DELETE FROM divisions WHERE code = '469030100003'");
}

#define CHECK_TESTS                                  \
	cmocka_unit_test(test_each_rule_once),       \
	cmocka_unit_test(test_masked_values),        \
	cmocka_unit_test(test_subtrees),             \
	cmocka_unit_test(test_years),                \
	cmocka_unit_test(test_stop),                 \
	cmocka_unit_test(test_api),                  \
	cmocka_unit_test(test_cli),                  \
	cmocka_unit_test(test_monitoring_migration)

int main(void)
{
	const struct CMUnitTest plain[] = { cmocka_unit_test(test_rules_table) };
	const struct CMUnitTest sqlite_tests[] = { CHECK_TESTS };
	const struct CMUnitTest pg_tests[] = { CHECK_TESTS };
	int failed = cmocka_run_group_tests_name("checks", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("checks sqlite", sqlite_tests, sqlite_setup, teardown);
	failed += cmocka_run_group_tests_name("checks postgres", pg_tests, pg_setup, teardown);
	return failed;
}
