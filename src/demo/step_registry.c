/* step_registry.c - step "households": the household registry (建档立卡) written village by village. */
#include "demo/registry_gen.h"

#include <stdlib.h>

#include "core/mem.h"
#include "modules/registry/registry_bulk.h"

/* ---- writing a household ---------------------------------------------------------- */

static int history_add(struct demo_ctx *c, int64_t hid, int64_t at, const char *field, const char *old_value,
		       const char *new_value, const char *reason)
{
	if (db_exec(c->db, "INSERT INTO household_history (household_id, at, field, old_value, new_value, reason)"
			   " VALUES ($1, $2, $3, $4, $5, $6)", "iitttt", hid, at, field, old_value, new_value, reason) != DB_OK)
		return fail(c, "insert household history");
	return 0;
}

static int income_add(struct demo_ctx *c, const struct hh *h, int64_t hid, int year)
{
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
	if (db_exec(c->db, "INSERT INTO household_incomes (household_id, year, wages, production, property, transfers,"
			   " costs, people, net, per_capita, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		    "iiiiiiiiiii", hid, (int64_t)year, wages, production_net + costs, property, transfers, costs, people, net,
		    per_capita, c->now) != DB_OK)
		return fail(c, "insert income");
	return 0;
}

/* Bind an integer, or NULL when it is negative. */
static int bind_opt(struct db_stmt *q, int idx, int64_t v)
{
	return v >= 0 ? db_bind_int(q, idx, v) : db_bind_null(q, idx);
}

static int members_add(struct demo_ctx *c, struct hh *h, int64_t hid, const char *division)
{
	for (int i = 0; i < h->n; i++) {
		struct hh_member *m = &h->m[i];
		struct db_stmt *q = db_prepare(
			c->db,
			"INSERT INTO members (household_id, division, relation, name, sex, birth_date, id_number, phone, ethnicity,"
			" political_status, education, school_status, school_note, health, disability_grade, labour, work_status,"
			" months_worked, insured_medical, insured_serious, insured_pension, dibao, tekun, created_at, updated_at,"
			" id_number_hash, health_hash)"
			" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20,"
			" $21, $22, $23, $23, $24, $25)");
		if (q == NULL)
			return fail(c, "prepare members");
		int rc = db_bind_int(q, 1, hid);
		rc = rc ? rc : db_bind_text(q, 2, division);
		rc = rc ? rc : db_bind_text(q, 3, m->relation);
		rc = rc ? rc : db_bind_text(q, 4, m->name);
		rc = rc ? rc : db_bind_text(q, 5, m->male ? "M" : "F");
		rc = rc ? rc : db_bind_text(q, 6, m->birth);
		char sealed_id[DEMO_SEALED], sealed_phone[DEMO_SEALED], id_hash[FIELDCRYPT_HASH_LEN];
		rc = rc ? rc : db_bind_text(q, 7, demo_seal("members.id_number", m->id, sealed_id));
		rc = rc ? rc : db_bind_text(q, 8, demo_seal("members.phone", m->phone, sealed_phone));
		rc = rc ? rc : db_bind_text(q, 24, demo_hash("id_number", m->id, id_hash));
		rc = rc ? rc : db_bind_text(q, 9, m->ethnicity);
		rc = rc ? rc : db_bind_text(q, 10, m->political);
		rc = rc ? rc : db_bind_text(q, 11, m->education);
		rc = rc ? rc : db_bind_text(q, 12, m->school_status);
		rc = rc ? rc : db_bind_text(q, 13, m->school_note);
		/* health and disability are sealed too (db/at_rest.c), the health code with its keyed hash */
		char sealed_health[DEMO_SEALED], health_hash[FIELDCRYPT_HASH_LEN], sealed_grade[DEMO_SEALED], grade[4];
		snprintf(grade, sizeof(grade), "%d", m->disability_grade);
		rc = rc ? rc : db_bind_text(q, 14, demo_seal("members.health", m->health, sealed_health));
		rc = rc ? rc : db_bind_text(q, 25, demo_hash("health", m->health, health_hash));
		rc = rc ? rc : db_bind_text(q, 15, m->disability_grade ? demo_seal("members.disability_grade", grade, sealed_grade) : NULL);
		rc = rc ? rc : db_bind_text(q, 16, m->labour);
		rc = rc ? rc : db_bind_text(q, 17, m->work_status);
		rc = rc ? rc : bind_opt(q, 18, m->months);
		rc = rc ? rc : db_bind_int(q, 19, m->insured_medical);
		rc = rc ? rc : bind_opt(q, 20, m->pension_na ? -1 : m->pension);
		rc = rc ? rc : db_bind_int(q, 21, m->dibao);
		rc = rc ? rc : db_bind_int(q, 22, m->tekun);
		rc = rc ? rc : db_bind_int(q, 23, c->now);
		rc = rc ? rc : db_step(q);
		db_finalize(q);
		if (rc != DB_DONE)
			return fail(c, "insert member");
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

static int measure_add(struct demo_ctx *c, const struct hh *h, int64_t hid, const char *division, const struct plan *p,
		       const char *date)
{
	const struct unit *u = pick_unit(c);
	/* the beneficiary by the number, unique across the members */
	const char *member = p->member >= 0 && p->member < h->n ? h->m[p->member].id : NULL;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO measures (household_id, division, type, batch, content, amount,"
					      " unit_id, given_on, member_id, created_at, updated_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
					      " (SELECT id FROM members WHERE id_number_hash = $9), $10, $10)");
	if (q == NULL)
		return fail(c, "prepare measures");
	int rc = db_bind_int(q, 1, hid);
	rc = rc ? rc : db_bind_text(q, 2, division);
	rc = rc ? rc : db_bind_text(q, 3, p->type);
	rc = rc ? rc : db_bind_text(q, 4, p->batch);
	rc = rc ? rc : db_bind_text(q, 5, p->content);
	rc = rc ? rc : bind_opt(q, 6, p->amount);
	rc = rc ? rc : db_bind_int(q, 7, u->id);
	rc = rc ? rc : db_bind_text(q, 8, date);
	char member_hash[FIELDCRYPT_HASH_LEN];
	rc = rc ? rc : db_bind_text(q, 9, demo_hash("id_number", member, member_hash));
	rc = rc ? rc : db_bind_int(q, 10, c->now);
	rc = rc ? rc : db_step(q);
	db_finalize(q);
	if (rc != DB_DONE)
		return fail(c, "insert measure");
	c->st->measures++;
	return 0;
}

static int household_write(struct demo_ctx *c, struct hh *h, const struct hh_place *pl)
{
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

	struct db_stmt *q = db_prepare(c->db,
		"INSERT INTO households (household_no, head_name, division, address, phone, status, attribute, id_standard,"
		" identified_year, exited_year, main_cause, secondary_causes, cause_note, land_mu, housing_area,"
		" housing_structure, housing_grade, housing_rebuilt, water_safe, relocation, bank_name, bank_account,"
		" created_at, updated_at, monitor_category) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
		" $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23, $24) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare households");
	int rc = db_bind_text(q, 1, pl->household_no);
	rc = rc ? rc : db_bind_text(q, 2, h->m[0].name);
	rc = rc ? rc : db_bind_text(q, 3, pl->division);
	rc = rc ? rc : db_bind_text(q, 4, pl->address);
	char sealed_phone[DEMO_SEALED], sealed_account[DEMO_SEALED];
	rc = rc ? rc : db_bind_text(q, 5, demo_seal("households.phone", phone, sealed_phone));
	rc = rc ? rc : db_bind_text(q, 6, h->status);
	rc = rc ? rc : db_bind_text(q, 7, h->attribute);
	rc = rc ? rc : db_bind_text(q, 8, h->registered ? (c->p->provincial_standard ? "provincial" : "national") : NULL);
	rc = rc ? rc : bind_opt(q, 9, h->registered ? h->identified : -1);
	rc = rc ? rc : bind_opt(q, 10, h->registered ? h->exited : -1);
	rc = rc ? rc : db_bind_text(q, 11, h->main_cause);
	rc = rc ? rc : db_bind_text(q, 12, *secondary ? secondary : NULL);
	rc = rc ? rc : db_bind_text(q, 13, cause_note);
	rc = rc ? rc : db_bind_text(q, 14, land);
	rc = rc ? rc : db_bind_text(q, 15, area_s);
	rc = rc ? rc : db_bind_text(q, 16, structure);
	rc = rc ? rc : db_bind_text(q, 17, grade);
	rc = rc ? rc : db_bind_int(q, 18, rebuilt);
	rc = rc ? rc : db_bind_int(q, 19, water);
	rc = rc ? rc : db_bind_text(q, 20, h->relocation);
	rc = rc ? rc : db_bind_text(q, 21, bank_name);
	rc = rc ? rc : db_bind_text(q, 22, demo_seal("households.bank_account", account_s, sealed_account));
	rc = rc ? rc : db_bind_int(q, 23, c->now);
	rc = rc ? rc : db_bind_text(q, 24, monitor_category);
	int64_t hid = 0;
	if (returning_id(c, q, rc, &hid, "insert household"))
		return -1;
	c->st->households++;
	c->st->registered_households += h->registered;
	if (members_add(c, h, hid, pl->division))
		return -1;
	int dy = data_year(c) < FIRST_YEAR + HH_YEARS - 1 ? data_year(c) : FIRST_YEAR + HH_YEARS - 1;
	for (int y = h->registered ? h->identified : dy; y <= dy; y++)
		if (income_add(c, h, hid, y))
			return -1;

	char date[11], reason[256];
	int64_t at;
	if (h->registered) {
		/* 两不愁 as checked at the exit */
		static const char *const basics[] = { "food", "clothing" };
		for (int i = 0; i < 2; i++)
			if (db_exec(c->db, "INSERT INTO household_guarantees (household_id, year, indicator, value, reason,"
					   " updated_at) VALUES ($1, $2, $3, 1, $4, $5)", "iitti", hid, (int64_t)h->exited,
				    basics[i], "脱贫验收入户核实", c->now) != DB_OK)
				return fail(c, "insert guarantee");
		struct plan plans[MAX_PLANS];
		int np = plan_measures(c, h, plans);
		for (int i = 0; i < np; i++) {
			day_in(c, plans[i].year, 1, 12, date, NULL);
			if (measure_add(c, h, hid, pl->division, &plans[i], date))
				return -1;
		}
		/* registration, exit, and what followed */
		day_in(c, h->identified, 4, 10, date, &at);
		if (history_add(c, hid, at, "status", NULL, "poor", "登记") ||
		    history_add(c, hid, at, "attribute", NULL, h->attribute, "登记") ||
		    history_add(c, hid, at, "main_cause", NULL, h->main_cause, "登记"))
			return -1;
		day_in(c, h->exited, 10, 12, date, &at);
		fmt(reason, sizeof(reason), "%d年达到脱贫标准，经村民代表评议、公示", h->exited);
		if (history_add(c, hid, at, "status", "poor", "exited_enjoying", reason))
			return -1;
		if (!strcmp(before, "exited")) {
			day_in(c, h->exited + 2, 1, 6, date, &at);
			if (history_add(c, hid, at, "status", "exited_enjoying", "exited", "稳定脱贫满两年，经评议不再享受扶贫政策"))
				return -1;
		}
		if (h->relapsed) {
			day_in(c, h->relapsed, 3, 9, date, &at);
			fmt(reason, sizeof(reason), "%d年因%s返贫，经村民代表评议、公示重新纳入帮扶", h->relapsed,
			    cause_zh(rng_permille(&c->rng, 600) ? "illness" : "disaster"));
			if (history_add(c, hid, at, "status", "exited_enjoying", "relapsed", reason))
				return -1;
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
		if (db_exec(c->db, "INSERT INTO monitoring (household_id, division, category, risk_types, found_by, started_on,"
				   " eliminated_on, elimination_method, elimination_note, note, created_at, updated_at)"
				   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)", "ittttttttti", hid, pl->division,
			    category[h->monitor], risk, pick_weighted(&c->rng, found, N(found)), h->started,
			    *h->eliminated ? h->eliminated : NULL, h->method, elim_note, note, c->now) != DB_OK)
			return fail(c, "insert monitoring");
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
		if (measure_add(c, h, hid, pl->division, &p, h->helped))
			return -1;
	}
	return 0;
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
			rc = household_write(c, h, &pl);
		}
	}
	if (rc == 0 && registry_bulk_end(c->db, &bulk) != DB_OK)
		rc = -1;
	registry_bulk_free(&bulk);
	return rc;
}
