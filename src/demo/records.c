/* records.c - the rows most steps write: party organisations and people (names, identity numbers, phones). */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/idcard.h"
#include "core/mem.h"

int org_add(struct demo_ctx *c, const struct org_new *o, int64_t *id)
{
	char founded[11];
	random_date(c, o->founded_lo, o->founded_hi, founded);
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO orgs (name, type, division, parent_id, founded_on, demonstration,"
					      " weak, theme_day, note, created_at, updated_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare orgs");
	int rc = db_bind_text(q, 1, o->name);
	rc = rc ? rc : db_bind_text(q, 2, o->type);
	rc = rc ? rc : db_bind_text(q, 3, o->division);
	rc = rc ? rc : bind_id(q, 4, o->parent_id);
	rc = rc ? rc : db_bind_text(q, 5, founded);
	rc = rc ? rc : db_bind_int(q, 6, o->demonstration);
	rc = rc ? rc : db_bind_int(q, 7, o->weak);
	rc = rc ? rc : bind_id(q, 8, o->theme_day);
	rc = rc ? rc : db_bind_text(q, 9, o->note);
	rc = rc ? rc : db_bind_int(q, 10, c->now);
	if (returning_id(c, q, rc, id, "insert org"))
		return -1;
	c->st->orgs++;
	return 0;
}

int set_secretary(struct demo_ctx *c, int64_t org, int64_t person)
{
	if (org <= 0 || person <= 0)
		return 0;
	return db_exec(c->db, "UPDATE orgs SET secretary_id = $1 WHERE id = $2", "ii", person, org) == DB_OK
		       ? 0 : fail(c, "set secretary");
}

bool ids_insert(struct demo_ctx *c, uint64_t key)
{
	if ((c->ids_n + 1) * 2 > c->ids_cap) {
		size_t cap = c->ids_cap ? c->ids_cap * 2 : 1 << 15;
		uint64_t *t = xcalloc(cap, sizeof(*t));
		for (size_t i = 0; i < c->ids_cap; i++)
			if (c->ids[i]) {
				size_t j = (size_t)(c->ids[i] * 0x9e3779b97f4a7c15ULL) & (cap - 1);
				while (t[j])
					j = (j + 1) & (cap - 1);
				t[j] = c->ids[i];
			}
		free(c->ids);
		c->ids = t;
		c->ids_cap = cap;
	}
	size_t j = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (c->ids_cap - 1);
	while (c->ids[j]) {
		if (c->ids[j] == key)
			return false;
		j = (j + 1) & (c->ids_cap - 1);
	}
	c->ids[j] = key;
	c->ids_n++;
	return true;
}

/* A fresh identity number of this county for someone born in [by_lo, by_hi]. */
void make_id_number(struct demo_ctx *c, int by_lo, int by_hi, bool male, char id[19], char birth[11])
{
	for (;;) {
		int y = rng_range(&c->rng, by_lo, by_hi), m = rng_range(&c->rng, 1, 12), d = rng_range(&c->rng, 1, days_in_month(y, m));
		int seq = rng_below(&c->rng, 500) * 2 + (male ? 1 : 0);
		uint64_t key = ((uint64_t)y * 10000 + (uint64_t)m * 100 + (uint64_t)d) * 1000 + (uint64_t)seq;
		if (!ids_insert(c, key))
			continue;
		fmt(id, 19, "%.6s%04d%02d%02d%03d", c->county, y % 10000, m % 100, d % 100, seq % 1000);
		id[17] = idcard_check_char(id);
		id[18] = '\0';
		date_str(birth, y, m, d);
		return;
	}
}

void make_phone(struct demo_ctx *c, char out[12])
{
	static const char *const prefixes[] = {
		"130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "147", "150", "151", "152",
		"153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182", "183", "185",
		"186", "187", "188", "189", "191", "198", "199",
	};
	fmt(out, 12, "%s%08d", prefixes[rng_below(&c->rng, N(prefixes))], rng_below(&c->rng, 100000000));
}

const char *pick_ethnicity(struct demo_ctx *c)
{
	int r = rng_below(&c->rng, 1000);
	for (int i = 0; i < MAX_ETHNIC && c->p->ethnic[i].code; i++) {
		if (r < c->p->ethnic[i].permille)
			return c->p->ethnic[i].code;
		r -= c->p->ethnic[i].permille;
	}
	return "01";
}

void make_name(struct demo_ctx *c, const char *ethnicity, bool male, char *out, size_t n)
{
	int ns, ng, nm;
	const struct demo_weighted *sur = demo_surnames(ethnicity, &ns);
	const char *const *given = demo_given_chars(male ? 0 : 1, &ng);
	const char *const *middle = demo_given_chars(2, &nm);
	const char *s = pick_weighted(&c->rng, sur, ns);
	if (rng_permille(&c->rng, 700))
		fmt(out, n, "%s%s%s", s, middle[rng_below(&c->rng, nm)], given[rng_below(&c->rng, ng)]);
	else
		fmt(out, n, "%s%s", s, given[rng_below(&c->rng, ng)]);
}

static const char *pick_education(struct demo_ctx *c, enum edu e, int birth_year)
{
	static const struct demo_weighted high[] = {
		{ "bachelor", 60 }, { "postgraduate", 20 }, { "college", 20 } };
	static const struct demo_weighted staff[] = {
		{ "bachelor", 50 }, { "college", 35 }, { "senior", 10 }, { "postgraduate", 5 } };
	static const struct demo_weighted village[] = {
		{ "junior", 30 }, { "senior", 30 }, { "vocational", 15 }, { "college", 20 }, { "bachelor", 5 } };
	static const struct demo_weighted rural_old[] = {
		{ "none", 10 }, { "primary", 45 }, { "junior", 35 }, { "senior", 10 } };
	static const struct demo_weighted rural[] = {
		{ "primary", 5 }, { "junior", 40 }, { "senior", 22 }, { "vocational", 10 }, { "college", 15 },
		{ "bachelor", 8 } };
	switch (e) {
	case EDU_HIGH: return pick_weighted(&c->rng, high, N(high));
	case EDU_STAFF: return pick_weighted(&c->rng, staff, N(staff));
	case EDU_VILLAGE: return pick_weighted(&c->rng, village, N(village));
	default:
		return birth_year < 1965 ? pick_weighted(&c->rng, rural_old, N(rural_old)) : pick_weighted(&c->rng, rural, N(rural));
	}
}

const char *demo_seal(const char *ad, const char *v, char out[DEMO_SEALED])
{
	if (v == NULL || *v == '\0')
		return NULL;
	return fieldcrypt_seal(ad, v, out, DEMO_SEALED) == 0 ? out : NULL;
}

const char *demo_hash(const char *domain, const char *v, char out[FIELDCRYPT_HASH_LEN])
{
	if (v == NULL || *v == '\0')
		return NULL;
	fieldcrypt_hash(domain, v, out);
	return out;
}

int person_add(struct demo_ctx *c, const struct person_new *p, struct person_out *out)
{
	bool male = rng_permille(&c->rng, p->male_permille);
	const char *ethnicity = pick_ethnicity(c);
	char name[64], id[19], birth[11], phone[12], joined[11];
	make_name(c, ethnicity, male, name, sizeof(name));
	make_id_number(c, p->by_lo, p->by_hi, male, id, birth);
	make_phone(c, phone);
	int by = date_field(birth, 4);
	bool member = rng_permille(&c->rng, p->member_permille);
	const char *status = "masses", *member_status = NULL;
	bool flowing = false;
	if (member) {
		/* probationary members joined in the last year; full members at 19 or later */
		bool probationary = rng_permille(&c->rng, 50) || by + 19 > 2019;
		if (probationary) {
			int y = by >= 2002 || rng_permille(&c->rng, 500) ? 2021 : 2020;
			int m = y == 2021 ? rng_range(&c->rng, 1, 6) : rng_range(&c->rng, 7, 12);
			date_str(joined, y, m, rng_range(&c->rng, 1, days_in_month(y, m)));
			status = member_status = "probationary";
		} else {
			int hi = by + 55 < 2019 ? by + 55 : 2019;
			random_date(c, by + 19, hi, joined);
			status = "member";
			member_status = "full";
		}
		flowing = p->flowing_out_possible && rng_permille(&c->rng, by >= 1975 ? 150 : 10);
	} else if (by >= 1986 && rng_permille(&c->rng, p->league_permille)) {
		status = "league";
	}
	struct db_stmt *q = db_prepare(c->db,
		"INSERT INTO people (name, sex, birth_date, id_number, phone, ethnicity, education, division, unit_id,"
		" org_id, political_status, joined_party_on, member_status, flowing_out, cadre_role, position,"
		" reserve_cadre, wealth_leader, rural_talent, note, created_at, updated_at, id_number_hash)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 0, $17, $18, $19, $20, $20,"
		" $21)"
		" RETURNING id");
	if (q == NULL)
		return fail(c, "prepare people");
	int rc = db_bind_text(q, 1, name);
	rc = rc ? rc : db_bind_text(q, 2, male ? "M" : "F");
	rc = rc ? rc : db_bind_text(q, 3, birth);
	char sealed_id[DEMO_SEALED], sealed_phone[DEMO_SEALED], id_hash[FIELDCRYPT_HASH_LEN];
	rc = rc ? rc : db_bind_text(q, 4, demo_seal("people.id_number", id, sealed_id));
	rc = rc ? rc : db_bind_text(q, 5, demo_seal("people.phone", phone, sealed_phone));
	rc = rc ? rc : db_bind_text(q, 21, demo_hash("id_number", id, id_hash));
	rc = rc ? rc : db_bind_text(q, 6, ethnicity);
	rc = rc ? rc : db_bind_text(q, 7, pick_education(c, p->edu, by));
	rc = rc ? rc : db_bind_text(q, 8, p->division);
	rc = rc ? rc : bind_id(q, 9, p->unit_id);
	rc = rc ? rc : bind_id(q, 10, member ? p->org_id : 0);
	rc = rc ? rc : db_bind_text(q, 11, status);
	rc = rc ? rc : db_bind_text(q, 12, member ? joined : NULL);
	rc = rc ? rc : db_bind_text(q, 13, member_status);
	rc = rc ? rc : (member ? db_bind_int(q, 14, flowing) : db_bind_null(q, 14));
	rc = rc ? rc : db_bind_text(q, 15, p->role);
	rc = rc ? rc : db_bind_text(q, 16, p->position);
	rc = rc ? rc : db_bind_int(q, 17, p->wealth);
	rc = rc ? rc : db_bind_int(q, 18, p->talent);
	rc = rc ? rc : db_bind_text(q, 19, p->note);
	rc = rc ? rc : db_bind_int(q, 20, c->now);
	int64_t pid = 0;
	if (returning_id(c, q, rc, &pid, "insert person"))
		return -1;
	c->st->people++;
	if (member)
		c->st->party_members++;
	if (p->role)
		c->st->cadres++;
	if (out)
		*out = (struct person_out){ .id = pid, .member = member, .birth_year = by };
	return 0;
}
