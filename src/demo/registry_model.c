/*
 * registry_model.c - a household of the registry in memory: its family,
 * the members' details, poverty data, income path and the help planned.
 */
#include "demo/registry_gen.h"

#include <stdlib.h>


/* The national line of each year from 2014 (domain.md 2.2), the 2021 one kept in the transition. */
static const int poverty_line[] = { 2800, 2855, 3026, 3335, 3535, 3747, 4000, 4000 };

static int line_of(const struct demo_ctx *c, int year)
{
	int y = year < FIRST_YEAR ? FIRST_YEAR : year > 2021 ? 2021 : year;
	int permille = c->p->line_permille ? c->p->line_permille : 1000;
	return poverty_line[y - FIRST_YEAR] * permille / 1000;
}

/* A random day of year y in months [m_lo, m_hi]. */
void day_in(struct demo_ctx *c, int y, int m_lo, int m_hi, char out[11], int64_t *at)
{
	int m = rng_range(&c->rng, m_lo, m_hi), d = rng_range(&c->rng, 1, days_in_month(y, m));
	date_str(out, y, m, d);
	if (at)
		*at = epoch_of(y, m, d);
}

/* Uniform in [lo, hi] permille of x. */
static int scale(struct demo_ctx *c, int x, int lo, int hi)
{
	return (int)((int64_t)x * rng_range(&c->rng, lo, hi) / 1000);
}

static void member_name(struct demo_ctx *c, const char *surname, bool male, char *out, size_t n)
{
	int ng, nm;
	const char *const *given = demo_given_chars(male ? 0 : 1, &ng);
	const char *const *middle = demo_given_chars(2, &nm);
	if (rng_permille(&c->rng, 700)) {
		const char *mid = middle[rng_below(&c->rng, nm)];
		fmt(out, n, "%s%s%s", surname, mid, given[rng_below(&c->rng, ng)]);
	} else {
		fmt(out, n, "%s%s", surname, given[rng_below(&c->rng, ng)]);
	}
}

static const char *pick_surname(struct demo_ctx *c, const char *ethnicity)
{
	int n;
	const struct demo_weighted *t = demo_surnames(ethnicity, &n);
	return pick_weighted(&c->rng, t, n);
}

static struct hh_member *add_member(struct demo_ctx *c, struct hh *h, const char *relation, int by, bool male,
				    const char *surname, const char *ethnicity)
{
	struct hh_member *m = &h->m[h->n++];
	int dy = data_year(c);
	memset(m, 0, sizeof(*m));
	m->relation = relation;
	m->by = by > dy - 1 ? dy - 1 : by;
	m->male = male;
	m->ethnicity = ethnicity;
	member_name(c, surname, male, m->name, sizeof(m->name));
	make_id_number(c, m->by, m->by, male, m->id, m->birth);
	m->age = dy - m->by;
	return m;
}

/* 1-7 members, mean about 3.8; tekun households are mostly people living alone. */
int household_size(struct demo_ctx *c, const char *attribute)
{
	static const int cum[] = { 60, 200, 400, 660, 860, 960, 1000 };
	if (attribute && !strcmp(attribute, "tekun"))
		return rng_permille(&c->rng, 750) ? 1 : 2;
	int r = rng_below(&c->rng, 1000), n = 0;
	while (n < 6 && r >= cum[n])
		n++;
	return n + 1;
}

/* The family: head, spouse (within 5 years), parents, children 20-35 years
 * younger than both parents, a married child with a spouse and grandchildren,
 * siblings when nothing else fits. */
void make_family(struct demo_ctx *c, struct hh *h, int size)
{
	int dy = data_year(c);
	const char *eth = pick_ethnicity(c);
	bool alone = size == 1;
	int hb = alone ? rng_range(&c->rng, 1936, 1968) : (rng_range(&c->rng, 1942, 1996) + rng_range(&c->rng, 1942, 1996)) / 2;
	bool spouse = size > 1 && rng_permille(&c->rng, h->attribute && !strcmp(h->attribute, "tekun") ? 200 : 880);
	bool head_male = spouse ? rng_permille(&c->rng, 900) : rng_permille(&c->rng, 600);
	const char *head_surname = pick_surname(c, eth);
	h->n = 0;
	add_member(c, h, "head", hb, head_male, head_surname, eth);
	int slots = size - 1, sb = hb;
	const char *family = head_surname;
	if (spouse) {
		sb = hb + rng_range(&c->rng, -5, 5);
		if (sb > dy - 18)
			sb = dy - 18;
		const char *seth = rng_permille(&c->rng, 850) ? eth : pick_ethnicity(c);
		const char *ssur = pick_surname(c, seth);
		add_member(c, h, "spouse", sb, !head_male, ssur, seth);
		if (!head_male)
			family = ssur;
		slots--;
	}
	/* the head's parents, when they can still be alive */
	for (int k = 0; k < 2 && slots > 0 && hb >= 1958; k++) {
		if (!rng_permille(&c->rng, k == 0 ? 180 : 350))
			break;
		int pb = hb - rng_range(&c->rng, 22, 35);
		if (pb < 1926)
			pb = 1926;
		bool father = k == 0 ? rng_permille(&c->rng, 400) : !h->m[h->n - 1].male;
		add_member(c, h, father ? "father" : "mother", pb, father,
			   father ? head_surname : pick_surname(c, eth), eth);
		slots--;
	}
	int lo = (hb > sb ? hb : sb) + 20, hi = (hb < sb ? hb : sb) + 35;
	if (hi > dy - 1)
		hi = dy - 1;
	int nchildren = 0;
	while (slots > 0) {
		if (lo <= hi && nchildren < 5) {
			bool male = rng_permille(&c->rng, 520);
			struct hh_member *ch = add_member(c, h, male ? "son" : "daughter", rng_range(&c->rng, lo, hi), male, family, eth);
			nchildren++;
			slots--;
			/* a grown child may have married in, with children of their own */
			if (slots >= 2 && ch->by <= 1996 && rng_permille(&c->rng, 550)) {
				int ib = ch->by + rng_range(&c->rng, -4, 4), cb = ch->by;
				if (ib > 1999)
					ib = 1999;
				const char *ieth = rng_permille(&c->rng, 850) ? eth : pick_ethnicity(c);
				const char *isur = pick_surname(c, ieth);
				add_member(c, h, male ? "daughter_in_law" : "son_in_law", ib, !male, isur, ieth);
				slots--;
				int glo = (cb > ib ? cb : ib) + 20, ghi = (cb < ib ? cb : ib) + 35;
				if (ghi > dy - 1)
					ghi = dy - 1;
				while (slots > 0 && glo <= ghi) {
					bool gm = rng_permille(&c->rng, 520);
					add_member(c, h, gm ? "grandson" : "granddaughter", rng_range(&c->rng, glo, ghi), gm,
						   male ? family : isur, eth);
					slots--;
				}
			}
		} else {
			int b = hb + rng_range(&c->rng, -8, 8);
			bool male = rng_permille(&c->rng, 500);
			add_member(c, h, "sibling", b > dy - 1 ? dy - 1 : b, male, head_surname, eth);
			slots--;
		}
	}
	h->surname = head_surname;
}

static const struct demo_weighted main_causes[] = {
	{ "illness", 400 }, { "disability", 130 }, { "skills", 140 }, { "labour", 100 }, { "funds", 90 },
	{ "schooling", 60 }, { "disaster", 20 }, { "land", 20 }, { "transport", 15 }, { "water", 10 },
	{ "motivation", 10 }, { "other", 5 },
};
static const struct demo_weighted secondary_causes[] = {
	{ "funds", 300 }, { "skills", 250 }, { "illness", 120 }, { "labour", 100 }, { "transport", 80 },
	{ "schooling", 60 }, { "disability", 40 }, { "land", 30 }, { "water", 20 },
};

static const char *adult_education(struct demo_ctx *c, int by, bool poor)
{
	static const struct demo_weighted old[] = {
		{ "illiterate", 25 }, { "primary", 50 }, { "junior", 20 }, { "senior", 5 } };
	static const struct demo_weighted mid[] = {
		{ "illiterate", 5 }, { "primary", 30 }, { "junior", 50 }, { "senior", 12 }, { "college", 3 } };
	static const struct demo_weighted young[] = {
		{ "primary", 8 }, { "junior", 50 }, { "senior", 25 }, { "college", 17 } };
	if (by < 1960 || (poor && by < 1966 && rng_permille(&c->rng, 500)))
		return pick_weighted(&c->rng, old, N(old));
	return by < 1982 ? pick_weighted(&c->rng, mid, N(mid)) : pick_weighted(&c->rng, young, N(young));
}

/* Education, school, health, labour, work, insurance and benefits of each member. */
void member_details(struct demo_ctx *c, struct hh *h)
{
	static const char *const school_notes[] = { "因病休学，已办理休学手续", "重度残疾，送教上门", "随父母在外省就读，已核实" };
	/* who carries the household's illness or disability: the head or the spouse, at times another adult */
	int carrier = -1;
	if (h->main_cause && (!strcmp(h->main_cause, "illness") || !strcmp(h->main_cause, "disability"))) {
		carrier = h->n > 1 && rng_permille(&c->rng, 350) ? 1 : 0;
		if (h->n > 2 && rng_permille(&c->rng, 150))
			carrier = rng_below(&c->rng, h->n);
	}
	for (int i = 0; i < h->n; i++) {
		struct hh_member *m = &h->m[i];
		int a = m->age;
		m->political = a >= 14 && a <= 28 && rng_permille(&c->rng, 250) ? "league" : "masses";
		/* school */
		m->school_status = "none";
		if (a < 6) {
			m->education = "preschool";
			if (a >= 3 && rng_permille(&c->rng, 850))
				m->school_status = "preschool";
		} else if (a <= 15) {
			m->education = a <= 11 ? "primary" : "junior";
			m->pupil = true;
			m->school_status = a <= 11 ? "primary" : a == 12 ? "grade7" : a == 13 ? "grade8"
					  : a == 14 || rng_permille(&c->rng, 700) ? "grade9" : "senior";
			if (rng_permille(&c->rng, 5)) {   /* a handful out of school, not all with a reason recorded */
				m->pupil = false;
				m->school_status = "none";
				if (rng_permille(&c->rng, 600))
					m->school_note = school_notes[rng_below(&c->rng, N(school_notes))];
			}
		} else if (a <= 18 && rng_permille(&c->rng, 650)) {
			m->education = "junior";
			m->pupil = true;
			m->school_status = rng_permille(&c->rng, 600) ? "senior" : "vocational";
		} else if (a <= 22 && rng_permille(&c->rng, 250)) {
			m->education = "senior";
			m->pupil = true;
			m->school_status = rng_permille(&c->rng, 500) ? "college" : "higher_vocational";
		} else {
			m->education = adult_education(c, m->by, h->registered);
		}
		/* health */
		m->health = "healthy";
		if (i == carrier) {
			if (!strcmp(h->main_cause, "illness"))
				m->health = rng_permille(&c->rng, 600) ? "chronic" : "serious";
			else
				m->health = "disabled";
		} else {
			int sick = h->registered ? (a >= 60 ? 220 : a >= 16 ? 60 : 10) : (a >= 60 ? 120 : a >= 16 ? 25 : 5);
			int r = rng_below(&c->rng, 1000);
			if (r < sick)
				m->health = "chronic";
			else if (r < sick + (h->registered ? 15 : 5))
				m->health = "serious";
			else if (r < sick + (h->registered ? 40 : 15))
				m->health = "disabled";
		}
		if (!strcmp(m->health, "disabled"))
			m->disability_grade = rng_range(&c->rng, 1, 4);
		/* labour and work */
		bool working_age = a >= 16 && a <= 60 && !m->pupil;
		if (a < 16 || m->pupil) {
			m->labour = "none";
		} else if (!strcmp(m->health, "serious") || (m->disability_grade && m->disability_grade <= 2)) {
			m->labour = "lost";
		} else if (a > 65) {
			m->labour = rng_permille(&c->rng, 700) ? "none" : "weak";
		} else if (!strcmp(m->health, "chronic") || m->disability_grade || a > 60) {
			m->labour = rng_permille(&c->rng, 650) ? "weak" : "ordinary";
		} else {
			int r = rng_below(&c->rng, 1000);
			m->labour = r < 720 ? "ordinary" : r < 950 ? "skilled" : "weak";
		}
		m->months = -1;
		if (working_age) {
			m->work_status = "none";
			m->months = 0;
			if (!strcmp(m->labour, "ordinary") || !strcmp(m->labour, "skilled")) {
				static const struct demo_weighted where[] = { { "none", 22 }, { "in_township", 15 },
									      { "in_county", 20 }, { "in_province", 25 },
									      { "out_province", 18 } };
				m->work_status = pick_weighted(&c->rng, where, N(where));
				if (strcmp(m->work_status, "none") != 0)
					m->months = rng_range(&c->rng, 3, 12);
			} else if (!strcmp(m->labour, "weak") && rng_permille(&c->rng, 300)) {
				m->work_status = "in_township";
				m->months = rng_range(&c->rng, 2, 8);
			}
			m->worker = m->months > 0 || !strcmp(m->labour, "ordinary") || !strcmp(m->labour, "skilled");
		}
		/* insurance: a few missing, so the checks find something */
		m->insured_medical = !rng_permille(&c->rng, 8);
		m->pension_na = a < 16 || m->pupil;
		m->pension = !m->pension_na && !rng_permille(&c->rng, 60);
		m->dibao = h->attribute && !strcmp(h->attribute, "dibao") && (i == 0 || i == carrier || rng_permille(&c->rng, 700));
		m->tekun = h->attribute && !strcmp(h->attribute, "tekun");
		if (i == 0 || (a >= 18 && a <= 60 && rng_permille(&c->rng, 500)))
			make_phone(c, m->phone);
	}
}

int count_workers(const struct hh *h)
{
	int n = 0;
	for (int i = 0; i < h->n; i++)
		n += h->m[i].worker;
	return n;
}

/* The registration data: attribute, causes, years, status. */
void poverty_data(struct demo_ctx *c, struct hh *h)
{
	int r = rng_below(&c->rng, 1000);
	h->attribute = r < 700 ? "general" : r < 950 ? "dibao" : "tekun";
	h->identified = rng_permille(&c->rng, 850) ? 2014 : rng_permille(&c->rng, 600) ? 2015 : 2016;
	/* exits: most in 2017-2018, the last ones in 2020 */
	static const int exit_cum[] = { 220, 480, 760, 920, 1000 };
	int e = 0, x = rng_below(&c->rng, 1000);
	while (e < 4 && x >= exit_cum[e])
		e++;
	h->exited = 2016 + e;
	if (h->exited <= h->identified)
		h->exited = h->identified + 1;
	const char *cause = pick_weighted(&c->rng, main_causes, N(main_causes));
	if (!strcmp(h->attribute, "tekun") && rng_permille(&c->rng, 700))
		cause = rng_permille(&c->rng, 500) ? "labour" : "illness";
	h->main_cause = cause;
	int ns = rng_below(&c->rng, 3);
	h->nsecondary = 0;
	for (int k = 0; k < ns; k++) {
		const char *s = pick_weighted(&c->rng, secondary_causes, N(secondary_causes));
		if (!strcmp(s, cause) || (h->nsecondary && !strcmp(s, h->secondary[0])))
			continue;
		h->secondary[h->nsecondary++] = s;
	}
	h->status = "exited_enjoying";
	if (h->exited <= 2019 && rng_permille(&c->rng, 6)) {
		h->relapsed = rng_range(&c->rng, h->exited + 1, 2020);
		h->status = "relapsed";
	} else if (h->exited <= 2017 && rng_permille(&c->rng, 100)) {
		h->status = "exited";   /* stably out, no longer enjoying the policies */
	}
}

/* Per-capita income by year: under the line until the exit, over it after. */
void income_path(struct demo_ctx *c, struct hh *h)
{
	int dy = data_year(c) < FIRST_YEAR + HH_YEARS - 1 ? data_year(c) : FIRST_YEAR + HH_YEARS - 1;
	memset(h->pc, 0, sizeof(h->pc));
	if (h->registered) {
		int pc = scale(c, line_of(c, h->identified), 550, 950);
		for (int y = h->identified; y <= dy; y++) {
			int line = line_of(c, y);
			if (y > h->identified && y < h->exited)
				pc = scale(c, pc, 1050, 1200);
			if (y < h->exited && pc > line * 97 / 100)
				pc = line * 97 / 100 - rng_below(&c->rng, 60);
			if (y == h->exited)
				pc = scale(c, line, 1350, 2500);
			else if (y > h->exited)
				pc = scale(c, pc, 1050, 1170);
			if (h->relapsed && y >= h->relapsed)
				pc = scale(c, line, 600, 940);
			h->pc[y - FIRST_YEAR] = pc;
		}
	}
	int *last = &h->pc[dy - FIRST_YEAR];
	if (h->monitor == 1 || h->monitor == 2)
		*last = rng_range(&c->rng, 4300, MONITOR_LINE - 60);
	else if (h->monitor == 3)
		*last = rng_permille(&c->rng, 500) ? rng_range(&c->rng, 4000, 5900) : rng_range(&c->rng, 6500, 12000);
	else if (h->candidate)
		*last = rng_range(&c->rng, 5200, MONITOR_LINE - 1);
	else if (!h->registered)
		*last = scale(c, 7000, 1250, 3600);
	else if (!h->relapsed && *last < MONITOR_LINE + 300)
		*last = scale(c, MONITOR_LINE, 1050, 1300);
}

/* ---- help given --------------------------------------------------------------- */

__attribute__((format(printf, 7, 8))) void add_plan(struct plan *p, int *n, const char *type, const char *batch,
						     int64_t amount, int member, const char *f, ...)
{
	if (*n >= MAX_PLANS)
		return;
	struct plan *x = &p[(*n)++];
	x->type = type;
	x->batch = batch;
	x->amount = amount;
	x->member = member;
	x->year = 0;
	va_list ap;
	va_start(ap, f);
	vsnprintf(x->content, sizeof(x->content), f, ap);
	va_end(ap);
}

static bool has_type(const struct plan *p, int n, const char *type)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(p[i].type, type))
			return true;
	return false;
}

static const char *any_industry(struct demo_ctx *c)
{
	int n = 0;
	while (n < MAX_INDUSTRIES && c->p->industries[n])
		n++;
	return c->p->industries[rng_below(&c->rng, n)];
}

static void plan_development(struct demo_ctx *c, const struct hh *h, struct plan *p, int *n)
{
	int k = rng_below(&c->rng, 9);
	switch (k) {
	case 0: {
		int pigs = rng_range(&c->rng, 2, 5);
		add_plan(p, n, "industry", "production", pigs * 600, -1, "发放生猪仔%d头", pigs);
		break;
	}
	case 1: {
		int chicks = rng_range(&c->rng, 5, 20) * 10;
		add_plan(p, n, "industry", "production", chicks * 8, -1, "发放鸡苗%d羽及饲料", chicks);
		break;
	}
	case 2: {
		int mu = rng_range(&c->rng, 2, 8), per = rng_range(&c->rng, 3, 8) * 100;
		add_plan(p, n, "industry", "production", mu * per, -1, "扶持发展%s%d亩，每亩补助%d元", any_industry(c), mu, per);
		break;
	}
	case 3: {
		int d = rng_range(&c->rng, 6, 20) * 100;
		add_plan(p, n, "industry", "production", d, -1, "产业扶贫资金入股%s专业合作社，年分红%d元", any_industry(c), d);
		break;
	}
	case 4: {
		int wan = rng_permille(&c->rng, 600) ? 5 : 3;
		add_plan(p, n, "microcredit", "production", wan * 10000, 0, "扶贫小额信贷%d万元，三年期全额贴息", wan);
		break;
	}
	case 5: {
		static const char *const places[] = { "广东", "浙江", "福建", "省内", "县城工业园区", "扶贫车间" };
		int w = -1;
		for (int i = 0; i < h->n; i++)
			if (h->m[i].worker && (w < 0 || rng_permille(&c->rng, 400)))
				w = i;
		int sub = rng_range(&c->rng, 3, 10) * 100;
		add_plan(p, n, "employment", "production", sub, w, "组织到%s务工，发放一次性交通补贴%d元",
			 places[rng_below(&c->rng, N(places))], sub);
		break;
	}
	case 6: {
		static const char *const trades[] = { "电工", "中式烹调", "育婴员", "挖掘机操作", "种养技术", "家政服务" };
		int w = -1;
		for (int i = 0; i < h->n; i++)
			if (h->m[i].age >= 16 && h->m[i].age <= 55 && !h->m[i].pupil && (w < 0 || rng_permille(&c->rng, 400)))
				w = i;
		int sub = rng_range(&c->rng, 5, 20) * 100;
		add_plan(p, n, "employment", "production", sub, w, "参加%s技能培训，发放培训补贴%d元",
			 trades[rng_below(&c->rng, N(trades))], sub);
		break;
	}
	case 7: {
		static const char *const posts[] = { "保洁员", "护路员", "水管员", "治安巡逻员" };
		int pay = rng_range(&c->rng, 5, 10) * 100, w = 0;
		for (int i = 0; i < h->n; i++)
			if (h->m[i].age >= 18 && h->m[i].age <= 65 && !h->m[i].pupil && strcmp(h->m[i].labour, "lost") != 0) {
				w = i;
				break;
			}
		add_plan(p, n, "public_post", NULL, pay * 12, w, "安排村%s公益性岗位，每月%d元", posts[rng_below(&c->rng, N(posts))],
			 pay);
		break;
	}
	default: {
		int pay = rng_range(&c->rng, 8, 10) * 1000;
		add_plan(p, n, "ecology", "ecology", pay, 0, "聘为生态护林员，年补助%d元", pay);
		break;
	}
	}
}

/* 2-6 measures by cause and family, the ones the household needs first. */
int plan_measures(struct demo_ctx *c, const struct hh *h, struct plan *p)
{
	int n = 0, want = rng_range(&c->rng, 2, 6);
	if (h->former_grade)
		add_plan(p, &n, "housing", NULL, h->former_grade == 'D' ? rng_range(&c->rng, 20, 40) * 1000 : rng_range(&c->rng, 8, 15) * 1000,
			 -1, "%s", h->former_grade == 'D' ? "D级危房拆除重建，发放农村危房改造补助" : "C级危房加固改造，发放改造补助");
	if (h->relocated)
		add_plan(p, &n, "relocation", "relocation", (int64_t)h->n * 20000, -1, "易地扶贫搬迁%s，人均住房补助2万元",
			 !strcmp(h->relocation, "centralized") ? "集中安置" : "分散安置");
	if (!strcmp(h->attribute, "dibao")) {
		int month = rng_range(&c->rng, 25, 45) * 10 * h->n;
		add_plan(p, &n, "safety_net", "safety_net", month * 12, -1, "纳入农村最低生活保障，每月发放低保金%d元", month);
	} else if (!strcmp(h->attribute, "tekun")) {
		int month = rng_range(&c->rng, 50, 80) * 10;
		add_plan(p, &n, "safety_net", "safety_net", month * 12, 0, "特困人员分散供养，每月发放供养金%d元", month);
	}
	int sick = -1, pupil = -1;
	for (int i = 0; i < h->n; i++) {
		if (strcmp(h->m[i].health, "healthy") != 0 && (sick < 0 || rng_permille(&c->rng, 300)))
			sick = i;
		if (h->m[i].pupil && (pupil < 0 || rng_permille(&c->rng, 400)))
			pupil = i;
	}
	if (sick >= 0 && (!strcmp(h->main_cause, "illness") || !strcmp(h->main_cause, "disability") || rng_permille(&c->rng, 400))) {
		if (!strcmp(h->m[sick].health, "disabled"))
			add_plan(p, &n, "health", NULL, rng_range(&c->rng, 6, 20) * 100, sick, "办理残疾证，发放困难残疾人生活补贴和护理补贴");
		else if (!strcmp(h->m[sick].health, "serious"))
			add_plan(p, &n, "health", NULL, rng_range(&c->rng, 30, 300) * 100, sick, "大病医疗救助，报销后自付部分再救助");
		else
			add_plan(p, &n, "health", NULL, -1, sick, "家庭医生签约服务，办理慢性病门诊卡");
	}
	if (pupil >= 0) {
		const struct hh_member *m = &h->m[pupil];
		if (!strcmp(m->school_status, "vocational") || !strcmp(m->school_status, "higher_vocational"))
			add_plan(p, &n, "education", "education", 3000, pupil, "雨露计划补助3000元");
		else if (!strcmp(m->school_status, "senior"))
			add_plan(p, &n, "education", "education", 2000, pupil, "普通高中国家助学金2000元，免除学杂费");
		else if (!strcmp(m->school_status, "college"))
			add_plan(p, &n, "education", "education", 5000, pupil, "生源地信用助学贷款贴息及新生入学资助5000元");
		else
			add_plan(p, &n, "education", "education", 1000, pupil, "义务教育阶段家庭经济困难寄宿生生活补助1000元");
	}
	if (n > 6)
		n = 6;
	for (int tries = 0; n < want && tries < 20; tries++) {
		plan_development(c, h, p, &n);
		/* microcredit and ecology jobs once each */
		if (n >= 2 && (!strcmp(p[n - 1].type, "microcredit") || !strcmp(p[n - 1].type, "ecology")) &&
		    has_type(p, n - 1, p[n - 1].type))
			n--;
	}
	int hi = h->exited < 2020 ? h->exited : 2020;
	for (int i = 0; i < n; i++) {
		p[i].year = rng_range(&c->rng, h->identified, hi);
		if (!strcmp(p[i].type, "relocation"))
			p[i].year = rng_range(&c->rng, h->identified > 2016 ? h->identified : 2016, hi > 2016 ? hi : 2016);
	}
	return n;
}

/* ---- the monitoring case -------------------------------------------------------- */

/* months since 2021-01 of a (y, m) */
static int month_index(int y, int m)
{
	return (y - 2021) * 12 + m - 1;
}

void monitoring_case(struct demo_ctx *c, struct hh *h)
{
	/* identified from 2021-01 to the build day: about one in six in the last six months, the others
	 * spread over the years before, more in the first years of the mechanism */
	int last = month_index(c->today_y, c->today_m), mi;
	if (last >= 6 && !rng_permille(&c->rng, 170)) {
		int a = rng_range(&c->rng, 0, last - 6), b = rng_range(&c->rng, 0, last - 6);
		mi = a < b ? a : b;
	} else {
		mi = last >= 6 ? rng_range(&c->rng, last - 5, last) : rng_range(&c->rng, 0, last);
	}
	int y = 2021 + mi / 12, m = mi % 12 + 1;
	int d = rng_range(&c->rng, 1, mi == last ? c->today_d : days_in_month(y, m));
	date_str(h->started, y, m, d);
	/* the help that answers the risk: within two months, not after the build day */
	int hm = mi + rng_range(&c->rng, 0, 2);
	if (hm > last)
		hm = last;
	int hy = 2021 + hm / 12, hmo = hm % 12 + 1;
	int hd = hm == mi ? rng_range(&c->rng, d, mi == last ? c->today_d : days_in_month(y, m))
			  : rng_range(&c->rng, 1, hm == last ? c->today_d : days_in_month(hy, hmo));
	date_str(h->helped, hy, hmo, hd);
	h->eliminated[0] = '\0';
	h->method = NULL;
	/* about half the cases open six months or more were eliminated, six to eighteen months on */
	int em = mi + rng_range(&c->rng, 7, 18);
	if (em <= last - 1 && rng_permille(&c->rng, 550)) {
		int ey = 2021 + em / 12, emo = em % 12 + 1;
		date_str(h->eliminated, ey, emo, rng_range(&c->rng, 1, days_in_month(ey, emo)));
		h->method = rng_permille(&c->rng, 800) ? "assisted" : "natural";
	}
}
