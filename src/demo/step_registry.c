/*
 * step_registry.c - step "households": the household registry (建档立卡) written village by village.
 * The rows go out in batches (db_batch: multi-row INSERTs on SQLite, COPY on PostgreSQL), the
 * households and members with ids reserved beforehand in chunks (the unused ones given back at the
 * end), so that each table's rows and ids are those one INSERT a row would give.
 */
#include "demo/registry_gen.h"

#include <stdlib.h>

#include "core/mem.h"
#include "db/batch.h"
#include "modules/registry/registry_bulk.h"

/* ---- the writer: a batch per table, ids reserved in chunks ---------------------------- */

#define FLUSH_HOUSEHOLDS 256   /* households (and their rows) sent at a time */

struct rw {
	struct demo_ctx *c;
	struct db_batch *hh, *mem, *inc, *guar, *meas, *hist, *mon;   /* in the order they are sent */
	struct id_pool hh_ids, mem_ids;
	int64_t mid[HH_MAX_MEMBERS];   /* the ids of the household's members being written */
};

static int rw_flush(struct rw *w)
{
	struct db_batch *order[] = { w->hh, w->mem, w->inc, w->guar, w->meas, w->hist, w->mon };
	for (int i = 0; i < N(order); i++)
		if (db_batch_flush(order[i]) != DB_OK)
			return fail(w->c, "households");
	return 0;
}

static void rw_open(struct rw *w, struct demo_ctx *c)
{
	*w = (struct rw){ .c = c, .hh_ids = { .table = "households" }, .mem_ids = { .table = "members" } };
	w->hh = db_batch_new(c->db, "households",
			     "id, household_no, head_name, division, address, phone, status, attribute, id_standard,"
			     " identified_year, exited_year, main_cause, secondary_causes, cause_note, land_mu, housing_area,"
			     " housing_structure, housing_grade, housing_rebuilt, water_safe, relocation, bank_name, bank_account,"
			     " created_at, updated_at, monitor_category", 26, 128);
	w->mem = db_batch_new(c->db, "members",
			      "id, household_id, division, relation, name, sex, birth_date, id_number, phone, ethnicity,"
			      " political_status, education, school_status, school_note, health, disability_grade, labour, work_status,"
			      " months_worked, insured_medical, insured_serious, insured_pension, dibao, tekun, created_at, updated_at,"
			      " id_number_hash, health_hash", 28, 128);
	w->inc = db_batch_new(c->db, "household_incomes",
			      "household_id, year, wages, production, property, transfers, costs, people, net, per_capita,"
			      " updated_at", 11, 128);
	w->guar = db_batch_new(c->db, "household_guarantees", "household_id, year, indicator, value, reason, updated_at", 6,
			       128);
	w->meas = db_batch_new(c->db, "measures",
			       "household_id, division, type, batch, content, amount, unit_id, given_on, member_id, created_at,"
			       " updated_at", 11, 128);
	w->hist = db_batch_new(c->db, "household_history", "household_id, at, field, old_value, new_value, reason", 6, 128);
	w->mon = db_batch_new(c->db, "monitoring",
			      "household_id, division, category, risk_types, found_by, started_on, eliminated_on,"
			      " elimination_method, elimination_note, note, created_at, updated_at", 12, 128);
}

static void rw_close(struct rw *w)
{
	struct db_batch *all[] = { w->hh, w->mem, w->inc, w->guar, w->meas, w->hist, w->mon };
	for (int i = 0; i < N(all); i++)
		db_batch_free(all[i]);
}

/* An integer, or NULL when it is negative. */
static void batch_opt(struct db_batch *b, int64_t v)
{
	if (v >= 0)
		db_batch_int(b, v);
	else
		db_batch_text(b, NULL);
}

/* ---- writing a household ---------------------------------------------------------- */

static void history_add(struct rw *w, int64_t hid, int64_t at, const char *field, const char *old_value,
			const char *new_value, const char *reason)
{
	struct db_batch *b = w->hist;
	db_batch_int(b, hid);
	db_batch_int(b, at);
	db_batch_text(b, field);
	db_batch_text(b, old_value);
	db_batch_text(b, new_value);
	db_batch_text(b, reason);
	db_batch_row(b);
}

static void income_add(struct rw *w, const struct hh *h, int64_t hid, int year)
{
	struct demo_ctx *c = w->c;
	int pc = h->pc[year - FIRST_YEAR];
	int64_t people = h->n, net = (int64_t)pc * people + rng_below(&c->rng, h->n);
	bool safety = h->attribute && strcmp(h->attribute, "general") != 0;
	int workers = count_workers(h);
	int64_t transfers = net * (safety ? rng_range(&c->rng, 350, 700) : h->registered ? rng_range(&c->rng, 80, 250)
											: rng_range(&c->rng, 40, 150)) / 1000;
	int64_t property = net * (year >= 2017 && h->registered ? rng_range(&c->rng, 10, 80) : rng_range(&c->rng, 0, 30)) / 1000;
	int64_t rest = net - transfers - property;
	int64_t wages = rest * (workers ? rng_range(&c->rng, 550, 850) : rng_range(&c->rng, 0, 150)) / 1000;
	int64_t production_net = rest - wages;
	int64_t costs = production_net * rng_range(&c->rng, 250, 600) / 1000;
	int64_t per_capita = (2 * net + people) / (2 * people);
	struct db_batch *b = w->inc;
	const int64_t v[] = { hid, year, wages, production_net + costs, property, transfers, costs, people, net, per_capita,
			      c->now };
	for (int i = 0; i < N(v); i++)
		db_batch_int(b, v[i]);
	db_batch_row(b);
}

/* The members, their ids in w->mid[] (a measure names its beneficiary by it). */
static int members_add(struct rw *w, struct hh *h, int64_t hid, const char *division)
{
	struct demo_ctx *c = w->c;
	struct db_batch *b = w->mem;
	for (int i = 0; i < h->n; i++) {
		struct hh_member *m = &h->m[i];
		if (id_next(c, &w->mem_ids, &w->mid[i]))
			return -1;
		char sealed_id[DEMO_SEALED], sealed_phone[DEMO_SEALED], id_hash[FIELDCRYPT_HASH_LEN];
		/* health and disability are sealed too (db/at_rest.c), the health code with its keyed hash */
		char sealed_health[DEMO_SEALED], health_hash[FIELDCRYPT_HASH_LEN], sealed_grade[DEMO_SEALED], grade[4];
		snprintf(grade, sizeof(grade), "%d", m->disability_grade);
		db_batch_int(b, w->mid[i]);
		db_batch_int(b, hid);
		db_batch_text(b, division);
		db_batch_text(b, m->relation);
		db_batch_text(b, m->name);
		db_batch_text(b, m->male ? "M" : "F");
		db_batch_text(b, m->birth);
		db_batch_text(b, demo_seal("members.id_number", m->id, sealed_id));
		db_batch_text(b, demo_seal("members.phone", m->phone, sealed_phone));
		db_batch_text(b, m->ethnicity);
		db_batch_text(b, m->political);
		db_batch_text(b, m->education);
		db_batch_text(b, m->school_status);
		db_batch_text(b, m->school_note);
		db_batch_text(b, demo_seal("members.health", m->health, sealed_health));
		db_batch_text(b, m->disability_grade ? demo_seal("members.disability_grade", grade, sealed_grade) : NULL);
		db_batch_text(b, m->labour);
		db_batch_text(b, m->work_status);
		batch_opt(b, m->months);
		db_batch_int(b, m->insured_medical);
		db_batch_int(b, m->insured_medical);   /* insured_serious: with the medical insurance */
		batch_opt(b, m->pension_na ? -1 : m->pension);
		db_batch_int(b, m->dibao);
		db_batch_int(b, m->tekun);
		db_batch_int(b, c->now);
		db_batch_int(b, c->now);
		db_batch_text(b, demo_hash("id_number", m->id, id_hash));
		db_batch_text(b, demo_hash("health", m->health, health_hash));
		db_batch_row(b);
		c->st->members++;
	}
	return 0;
}

static const char *const cause_notes[][2] = {
	{ "illness", "家庭成员长期患病，医疗支出大" }, { "disability", "家庭成员残疾，缺少劳动力" },
	{ "skills", "缺乏务工和种养技术，收入来源单一" }, { "labour", "家庭缺少劳动力，无稳定收入" },
	{ "funds", "缺少发展生产资金" }, { "schooling", "子女上学负担重" },
	{ "disaster", "遭受自然灾害，房屋和农作物受损" }, { "land", "人均耕地不足" },
	{ "transport", "居住偏远，交通不便" }, { "water", "生产生活用水困难" },
	{ "motivation", "自身发展动力不足" }, { "other", "家庭变故" },
};

static const char *cause_zh(const char *code)
{
	static const char *const zh[][2] = {
		{ "illness", "病" }, { "disability", "残" }, { "schooling", "学" }, { "disaster", "灾" },
		{ "accident", "意外事故" }, { "unemployment", "务工就业不稳" }, { "industry", "产业项目失败" },
		{ "expense", "支出骤增" }, { "income_drop", "收入骤减" },
	};
	for (int i = 0; i < N(zh); i++)
		if (!strcmp(zh[i][0], code))
			return zh[i][1];
	return "病";
}

struct hh_place {
	const struct village *v;
	const char *division;
	char address[256], household_no[24];
};

static void measure_add(struct rw *w, const struct hh *h, int64_t hid, const char *division, const struct plan *p,
			const char *date)
{
	struct demo_ctx *c = w->c;
	const struct unit *u = pick_unit(c);
	/* the beneficiary: the member of that number, when it has an ID number (ID numbers are unique) */
	bool member = p->member >= 0 && p->member < h->n && h->m[p->member].id[0] != '\0';
	struct db_batch *b = w->meas;
	db_batch_int(b, hid);
	db_batch_text(b, division);
	db_batch_text(b, p->type);
	db_batch_text(b, p->batch);
	db_batch_text(b, p->content);
	batch_opt(b, p->amount);
	db_batch_int(b, u->id);
	db_batch_text(b, date);
	batch_opt(b, member ? w->mid[p->member] : -1);
	db_batch_int(b, c->now);
	db_batch_int(b, c->now);
	db_batch_row(b);
	c->st->measures++;
}

static int household_write(struct rw *w, struct hh *h, const struct hh_place *pl)
{
	struct demo_ctx *c = w->c;
	static const struct demo_weighted structures[] = {
		{ "brick_concrete", 45 }, { "brick_wood", 20 }, { "steel_concrete", 15 }, { "earth_wood", 12 },
		{ "wood", 5 }, { "other", 3 },
	};
	static const char *const banks[] = { "%s农村信用合作联社", "%s农村商业银行", "中国邮政储蓄银行%s支行",
					     "中国农业银行%s支行" };
	/* housing: C/D houses were renovated or rebuilt; a few relocated */
	const char *structure = pick_weighted(&c->rng, structures, N(structures)), *grade;
	int area = h->registered ? rng_range(&c->rng, 40, 120) : rng_range(&c->rng, 60, 180);
	bool rebuilt = false;
	h->relocation = "none";
	if (h->registered && rng_permille(&c->rng, 40)) {
		h->relocated = true;
		h->relocation = rng_permille(&c->rng, 600) ? "centralized" : "scattered";
		structure = rng_permille(&c->rng, 500) ? "steel_concrete" : "brick_concrete";
		area = h->n * 25 > 125 ? 125 : h->n * 25;
	} else if (rng_permille(&c->rng, h->registered ? 180 : 30)) {
		h->former_grade = rng_permille(&c->rng, 600) ? 'C' : 'D';
		rebuilt = true;
		if (h->former_grade == 'D')
			structure = "brick_concrete";
	}
	if (!h->registered && !rebuilt && rng_permille(&c->rng, 3))
		grade = "C";   /* still to be renovated: the checks find it */
	else
		grade = rng_permille(&c->rng, h->registered && !h->relocated ? 450 : 700) ? "A" : "B";
	bool water = !rng_permille(&c->rng, h->registered ? 5 : 15);
	char land[16], area_s[16], account[24], bank[160];
	int mu = rng_range(&c->rng, 0, h->relocated ? 3 : 11), tenth = rng_below(&c->rng, 10);
	fmt(land, sizeof(land), "%d.%d", mu, tenth);
	fmt(area_s, sizeof(area_s), "%d", area);
	const char *bank_name = NULL, *account_s = NULL, *cause_note = NULL;
	char secondary[64] = "";
	if (h->registered) {
		fmt(bank, sizeof(bank), banks[rng_below(&c->rng, N(banks))], c->common_name);
		int a1 = rng_below(&c->rng, 1000), a2 = rng_below(&c->rng, 10000), a3 = rng_below(&c->rng, 100000), a4 = rng_below(&c->rng, 100000);
		fmt(account, sizeof(account), "62%03d%04d%05d%05d", a1, a2, a3, a4);
		bank_name = bank;
		account_s = account;
		for (int i = 0; i < N(cause_notes); i++)
			if (!strcmp(cause_notes[i][0], h->main_cause) && rng_permille(&c->rng, 600))
				cause_note = cause_notes[i][1];
		for (int i = 0; i < h->nsecondary; i++)
			fmt(secondary + strlen(secondary), sizeof(secondary) - strlen(secondary), "%s%s", i ? "," : "",
			    h->secondary[i]);
	}
	const char *phone = h->m[0].phone;
	if (!*phone)
		for (int i = 1; i < h->n && !*phone; i++)
			phone = h->m[i].phone;

	/* monitoring from 2021: exited households at risk (they stay exited while monitored), marginal
	 * and suddenly hit ones; the status is the poverty status, the case a record of its own */
	static const char *const category[] = { NULL, "unstable", "marginal", "sudden" };
	const char *before = h->status;   /* exited: the exit history ends with 不再享受政策 */
	if (h->registered ? !h->relapsed && rng_permille(&c->rng, 50) : rng_permille(&c->rng, 12))
		h->monitor = h->registered ? (rng_permille(&c->rng, 750) ? 1 : 3) : (rng_permille(&c->rng, 700) ? 2 : 3);
	else
		h->candidate = rng_permille(&c->rng, 6);
	income_path(c, h);
	if (h->monitor)
		monitoring_case(c, h);
	const char *monitor_category = h->monitor && !*h->eliminated ? category[h->monitor] : NULL;

	int64_t hid = 0;
	if (id_next(c, &w->hh_ids, &hid))
		return -1;
	struct db_batch *b = w->hh;
	char sealed_phone[DEMO_SEALED], sealed_account[DEMO_SEALED];
	db_batch_int(b, hid);
	db_batch_text(b, pl->household_no);
	db_batch_text(b, h->m[0].name);
	db_batch_text(b, pl->division);
	db_batch_text(b, pl->address);
	db_batch_text(b, demo_seal("households.phone", phone, sealed_phone));
	db_batch_text(b, h->status);
	db_batch_text(b, h->attribute);
	db_batch_text(b, h->registered ? (c->p->provincial_standard ? "provincial" : "national") : NULL);
	batch_opt(b, h->registered ? h->identified : -1);
	batch_opt(b, h->registered ? h->exited : -1);
	db_batch_text(b, h->main_cause);
	db_batch_text(b, *secondary ? secondary : NULL);
	db_batch_text(b, cause_note);
	db_batch_text(b, land);
	db_batch_text(b, area_s);
	db_batch_text(b, structure);
	db_batch_text(b, grade);
	db_batch_int(b, rebuilt);
	db_batch_int(b, water);
	db_batch_text(b, h->relocation);
	db_batch_text(b, bank_name);
	db_batch_text(b, demo_seal("households.bank_account", account_s, sealed_account));
	db_batch_int(b, c->now);
	db_batch_int(b, c->now);
	db_batch_text(b, monitor_category);
	db_batch_row(b);
	c->st->households++;
	c->st->registered_households += h->registered;
	if (members_add(w, h, hid, pl->division))
		return -1;
	int dy = data_year(c) < FIRST_YEAR + HH_YEARS - 1 ? data_year(c) : FIRST_YEAR + HH_YEARS - 1;
	for (int y = h->registered ? h->identified : dy; y <= dy; y++)
		income_add(w, h, hid, y);

	char date[11], reason[256];
	int64_t at;
	if (h->registered) {
		/* 两不愁 as checked at the exit */
		static const char *const basics[] = { "food", "clothing" };
		for (int i = 0; i < 2; i++) {
			db_batch_int(w->guar, hid);
			db_batch_int(w->guar, h->exited);
			db_batch_text(w->guar, basics[i]);
			db_batch_int(w->guar, 1);
			db_batch_text(w->guar, "脱贫验收入户核实");
			db_batch_int(w->guar, c->now);
			db_batch_row(w->guar);
		}
		struct plan plans[MAX_PLANS];
		int np = plan_measures(c, h, plans);
		for (int i = 0; i < np; i++) {
			day_in(c, plans[i].year, 1, 12, date, NULL);
			measure_add(w, h, hid, pl->division, &plans[i], date);
		}
		/* registration, exit, and what followed */
		day_in(c, h->identified, 4, 10, date, &at);
		history_add(w, hid, at, "status", NULL, "poor", "登记");
		history_add(w, hid, at, "attribute", NULL, h->attribute, "登记");
		history_add(w, hid, at, "main_cause", NULL, h->main_cause, "登记");
		day_in(c, h->exited, 10, 12, date, &at);
		fmt(reason, sizeof(reason), "%d年达到脱贫标准，经村民代表评议、公示", h->exited);
		history_add(w, hid, at, "status", "poor", "exited_enjoying", reason);
		if (!strcmp(before, "exited")) {
			day_in(c, h->exited + 2, 1, 6, date, &at);
			history_add(w, hid, at, "status", "exited_enjoying", "exited", "稳定脱贫满两年，经评议不再享受扶贫政策");
		}
		if (h->relapsed) {
			day_in(c, h->relapsed, 3, 9, date, &at);
			fmt(reason, sizeof(reason), "%d年因%s返贫，经村民代表评议、公示重新纳入帮扶", h->relapsed,
			    cause_zh(rng_permille(&c->rng, 600) ? "illness" : "disaster"));
			history_add(w, hid, at, "status", "exited_enjoying", "relapsed", reason);
		}
	}

	if (h->monitor) {
		static const struct demo_weighted risks[] = {
			{ "illness", 40 }, { "unemployment", 15 }, { "expense", 10 }, { "disability", 8 }, { "schooling", 7 },
			{ "disaster", 6 }, { "accident", 6 }, { "industry", 4 }, { "income_drop", 4 },
		};
		static const struct demo_weighted found[] = {
			{ "cadre_check", 55 }, { "self_report", 20 }, { "department_alert", 25 } };
		static const char *const category_zh[] = { NULL, "脱贫不稳定户", "边缘易致贫户", "突发严重困难户" };
		const char *r1 = h->main_cause && !strcmp(h->main_cause, "illness") && rng_permille(&c->rng, 600)
					 ? "illness" : pick_weighted(&c->rng, risks, N(risks));
		const char *r2 = rng_permille(&c->rng, 300) ? pick_weighted(&c->rng, risks, N(risks)) : NULL;
		char risk[64];
		fmt(risk, sizeof(risk), "%s%s%s", r1, r2 && strcmp(r1, r2) ? "," : "", r2 && strcmp(r1, r2) ? r2 : "");
		const char *elim_note = NULL;
		char elim[256];
		if (*h->eliminated) {
			if (!strcmp(h->method, "assisted")) {
				fmt(elim, sizeof(elim), "帮扶消除：落实%s等帮扶措施，家庭人均纯收入稳定超过监测线半年以上",
				    !strcmp(r1, "illness") ? "医疗救助" : !strcmp(r1, "unemployment") ? "就业帮扶" : "产业帮扶");
			} else {
				fmt(elim, sizeof(elim), "%s", "自然消除：风险已自然消除，收入稳定");
			}
			elim_note = elim;
		}
		char note[256];
		fmt(note, sizeof(note), "%s：因%s存在%s风险", category_zh[h->monitor], cause_zh(r1), h->monitor == 1 ? "返贫" : "致贫");
		struct db_batch *mb = w->mon;
		db_batch_int(mb, hid);
		db_batch_text(mb, pl->division);
		db_batch_text(mb, category[h->monitor]);
		db_batch_text(mb, risk);
		db_batch_text(mb, pick_weighted(&c->rng, found, N(found)));
		db_batch_text(mb, h->started);
		db_batch_text(mb, *h->eliminated ? h->eliminated : NULL);
		db_batch_text(mb, h->method);
		db_batch_text(mb, elim_note);
		db_batch_text(mb, note);
		db_batch_int(mb, c->now);
		db_batch_int(mb, c->now);
		db_batch_row(mb);
		c->st->monitored++;
		/* the help that answers the risk, given after monitoring began */
		struct plan p;
		int one = 0;
		if (!strcmp(r1, "illness") || !strcmp(r1, "disability") || !strcmp(r1, "accident"))
			add_plan(&p, &one, "health", NULL, rng_range(&c->rng, 20, 200) * 100, 0, "%s",
				 "防返贫监测帮扶：落实医疗救助和大病保险倾斜支付");
		else if (!strcmp(r1, "unemployment") || !strcmp(r1, "income_drop"))
			add_plan(&p, &one, "employment", "production", rng_range(&c->rng, 3, 10) * 100, -1, "%s",
				 "防返贫监测帮扶：推荐稳定就业岗位，发放交通补贴");
		else if (!strcmp(r1, "schooling"))
			add_plan(&p, &one, "education", "education", 3000, -1, "%s", "防返贫监测帮扶：发放教育救助金3000元");
		else
			add_plan(&p, &one, "industry", "production", rng_range(&c->rng, 10, 30) * 100, -1, "%s",
				 "防返贫监测帮扶：发放产业奖补资金，帮助恢复生产");
		measure_add(w, h, hid, pl->division, &p, h->helped);
	}
	return db_batch_pending(w->hh) >= FLUSH_HOUSEHOLDS ? rw_flush(w) : 0;
}

int gen_households(struct demo_ctx *c)
{
	int64_t total = 0;
	for (int i = 0; i < c->nvil; i++)
		total += c->vil[i].households;
	/* registered shares (permille) in poor villages, in other rural villages, in communities */
	int poor_lo = c->p->poor_share_lo ? c->p->poor_share_lo : 250, poor_hi = c->p->poor_share_hi ? c->p->poor_share_hi : 350;
	int other_lo = c->p->other_share_lo ? c->p->other_share_lo : 50, other_hi = c->p->other_share_hi ? c->p->other_share_hi : 100;
	struct hh *h = gen_calloc(c, 1, sizeof(*h));
	/* the names' trigram indexes are filled once at the end, as an import does */
	struct registry_bulk bulk;
	int rc = registry_bulk_begin(c->db, &bulk) == DB_OK ? 0 : -1;
	struct rw w;
	rw_open(&w, c);
	for (int vi = 0; vi < c->nvil && rc == 0; vi++) {
		const struct village *v = &c->vil[vi];
		const struct township *t = &c->tw[v->township];
		int n = total > c->hh_cap ? (int)(((int64_t)v->households * c->hh_cap + total / 2) / total) : v->households;
		if (n < 1)
			n = 1;
		int share = !v->rural ? rng_range(&c->rng, 10, 30) : v->poor ? rng_range(&c->rng, poor_lo, poor_hi)
								      : rng_range(&c->rng, other_lo, other_hi);
		bool groups = c->p->grid_mode == GROUPS && v->rural;
		for (int k = 0; k < n && rc == 0; k++) {
			memset(h, 0, sizeof(*h));
			h->registered = rng_permille(&c->rng, share);
			if (h->registered)
				poverty_data(c, h);
			else
				h->status = "not_registered";
			make_family(c, h, household_size(c, h->attribute));
			member_details(c, h);
			struct hh_place pl = { .v = v, .division = v->code };
			int g = v->ng ? rng_below(&c->rng, v->ng) : -1;
			if (g >= 0)
				pl.division = c->grid[v->g0 + g].code;
			int group = groups && g >= 0 ? g + 1 : rng_range(&c->rng, 1, 8);
			fmt(pl.address, sizeof(pl.address), "%s%s%s%d组", c->county_name, t->name, v->short_name, group);
			fmt(pl.household_no, sizeof(pl.household_no), n > 9999 ? "%s%05d" : "%s%04d", v->code, (k + 1) % 100000);
			rc = household_write(&w, h, &pl);
		}
	}
	if (rc == 0)
		rc = rw_flush(&w);
	if (rc == 0)
		rc = id_return(c, &w.hh_ids) || id_return(c, &w.mem_ids) ? -1 : 0;
	rw_close(&w);
	if (rc == 0 && registry_bulk_end(c->db, &bulk) != DB_OK)
		rc = -1;
	registry_bulk_free(&bulk);
	return rc;
}
