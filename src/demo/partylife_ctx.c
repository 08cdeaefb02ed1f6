/*
 * partylife_ctx.c - the party-life step's context: the organisations and
 * rosters loaded, the meeting-free calendar, meetings and attendance in
 * memory, and the texts of topics and minutes.
 */
#include "demo/partylife_gen.h"

#include <stdlib.h>

#include "core/division.h"
#include "core/mem.h"

void pl_month(const struct pl_ctx *x, int i, int *y, int *m)
{
	int k = x->m0 - 1 + i;
	*y = x->y0 + k / 12;
	*m = k % 12 + 1;
}

int pl_latest(const struct pl_ctx *x, int mo, int dd, int *y)
{
	for (int i = x->nmonths - 1; i >= 0; i--) {
		int yy, mm;
		pl_month(x, i, &yy, &mm);
		if (mm == mo && pl_day_of(yy, mm, dd) < x->day1) {
			*y = yy;
			return 0;
		}
	}
	return -1;
}

int pl_review_year(int64_t day)
{
	int y, m, d;
	pl_civil(day, &y, &m, &d);
	return m >= 11 ? y : y - 1;
}

bool pl_free(const struct pl_ctx *x, int64_t day) { return (x->free_mask >> pl_weekday(day)) & 1u; }

/* A day in [lo, hi] that is not meeting-free (weekdays only when office is set); lo when none is. */
int64_t pl_pick_day(struct demo_ctx *c, const struct pl_ctx *x, int64_t lo, int64_t hi, bool office)
{
	if (hi < lo)
		hi = lo;
	for (int tries = 0; tries < 24; tries++) {
		int64_t d = lo + rng_below(&c->rng, (int)(hi - lo + 1));
		if (!pl_free(x, d) && (!office || pl_weekday(d) <= 5))
			return d;
	}
	for (int64_t d = lo; d <= hi; d++)
		if (!pl_free(x, d) && (!office || pl_weekday(d) <= 5))
			return d;
	for (int64_t d = lo; d <= hi; d++)
		if (!pl_free(x, d))
			return d;
	return lo;
}

struct pl_meet *pl_meet_new(struct demo_ctx *c, struct pl_ctx *x, int org, const char *kind, int64_t at)
{
	(void)c;
	if (x->nm == x->capm) {
		x->capm = x->capm ? x->capm * 2 : 256;
		x->m = xrealloc(x->m, (size_t)x->capm * sizeof(*x->m));
	}
	struct pl_meet *m = &x->m[x->nm++];
	memset(m, 0, sizeof(*m));
	m->org = org;
	m->kind = kind;
	m->at = at;
	m->a0 = x->na;
	return m;
}

static void pl_att_push(struct pl_ctx *x, int64_t person, bool present, bool full, const char *reason)
{
	if (x->na == x->capa) {
		x->capa = x->capa ? x->capa * 2 : 4096;
		x->a = xrealloc(x->a, (size_t)x->capa * sizeof(*x->a));
	}
	x->a[x->na++] = (struct pl_att){ person, present, full, reason };
}

/* Why a member missed a meeting in month mo. */
static const char *pl_absence(struct demo_ctx *c, const struct pl_person *p, int mo)
{
	if (p->flowing)
		return "外出务工";
	if (p->by <= 1950 && rng_permille(&c->rng, 700))
		return "年老体弱";
	bool staff = !strncmp(p->role, "township", 8) || !strcmp(p->role, "first_secretary") ||
		     !strcmp(p->role, "resident_team") || strlen(p->division) <= 6;
	static const struct demo_weighted rural[] = {
		{ "外出务工", 30 }, { "生病", 14 }, { "请假（家中有事）", 20 }, { "农忙", 12 }, { "外出就医", 6 },
		{ "照顾病重家属", 6 }, { "走亲访友", 4 }, { "无故缺席", 3 } };
	static const struct demo_weighted office[] = {
		{ "公务外出", 40 }, { "下乡驻村", 25 }, { "生病", 12 }, { "请假（家中有事）", 15 }, { "参加上级培训", 8 } };
	const char *r = staff ? pick_weighted(&c->rng, office, N(office)) : pick_weighted(&c->rng, rural, N(rural));
	if (!strcmp(r, "农忙") && !(mo >= 4 && mo <= 10))
		r = "请假（家中有事）";
	return r;
}

/* Attendance of the people idx[0..n) (indices into pp): hosts present, the others at rate permille. */
int pl_attend(struct demo_ctx *c, struct pl_ctx *x, struct pl_meet *m, const int *idx, int n, int permille,
		     int64_t host)
{
	int y, mo, d;
	pl_civil(pl_day(m->at), &y, &mo, &d);
	m->a0 = x->na;
	for (int i = 0; i < n; i++) {
		const struct pl_person *p = &x->pp[idx[i]];
		bool present = p->id == host || (p->flowing ? rng_permille(&c->rng, 150) : rng_permille(&c->rng, permille));
		pl_att_push(x, p->id, present, p->full, present ? NULL : pl_absence(c, p, mo));
		m->present += present;
	}
	m->na = x->na - m->a0;
	return m->na;
}

/* ---- loading --------------------------------------------------------------------- */

int pl_org_index(const struct pl_ctx *x, int64_t id)
{
	int lo = 0, hi = x->norg - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (x->org[mid].id == id)
			return mid;
		if (x->org[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static void pl_roster_add(struct pl_org *o, int person)
{
	if (o->nroster == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		o->roster = xrealloc(o->roster, (size_t)o->cap * sizeof(int));
	}
	o->roster[o->nroster++] = person;
}

bool pl_branch(const char *type)
{
	return !strcmp(type, "village_branch") || !strcmp(type, "community_branch") || !strcmp(type, "general_branch");
}

int pl_load(struct demo_ctx *c, struct pl_ctx *x)
{
	char upper[DIVISION_CODE_MAX + 2];
	division_subtree_upper(c->county, upper);
	/* the rules in effect in the county: national ones and those of its place (the nearer place wins);
	 * ordered by place, a nearer rule replaces the farther one of its type and kind */
	struct db_stmt *q = db_query(c->db, "SELECT org_type, kind, frequency, times, per_leader, division FROM meeting_rules"
					    " ORDER BY length(division), org_type, kind", NULL);
	while (q && db_step(q) == DB_ROW) {
		const char *place = db_column_text(q, 5) ? db_column_text(q, 5) : "";
		if (!division_in_subtree(place, c->county))
			continue;
		int k = 0;
		while (k < x->nrule && (strcmp(x->rule[k].org_type, db_column_text(q, 0)) || strcmp(x->rule[k].kind, db_column_text(q, 1))))
			k++;
		if (k == x->nrule && x->nrule == N(x->rule))
			continue;
		if (k == x->nrule)
			x->nrule++;
		struct pl_rule *r = &x->rule[k];
		fmt(r->org_type, sizeof(r->org_type), "%s", db_column_text(q, 0));
		fmt(r->kind, sizeof(r->kind), "%s", db_column_text(q, 1));
		fmt(r->freq, sizeof(r->freq), "%s", db_column_text(q, 2));
		r->times = (int)db_column_int(q, 3);
		r->per_leader = db_column_int(q, 4) != 0;
	}
	db_finalize(q);
	q = db_query(c->db, "SELECT id, COALESCE(parent_id, 0), COALESCE(secretary_id, 0), type, division, name,"
			    " COALESCE(theme_day, 0), demonstration, weak FROM orgs WHERE division >= $1 AND division < $2"
			    " ORDER BY id", "tt", c->county, upper);
	while (q && db_step(q) == DB_ROW) {
		x->org = xrealloc(x->org, (size_t)(x->norg + 1) * sizeof(*x->org));
		struct pl_org *o = &x->org[x->norg++];
		memset(o, 0, sizeof(*o));
		o->id = db_column_int(q, 0);
		o->parent = db_column_int(q, 1);
		o->secretary = db_column_int(q, 2);
		fmt(o->type, sizeof(o->type), "%s", db_column_text(q, 3));
		fmt(o->division, sizeof(o->division), "%s", db_column_text(q, 4));
		fmt(o->name, sizeof(o->name), "%s", db_column_text(q, 5));
		o->theme_day = (int)db_column_int(q, 6);
		o->demo = db_column_int(q, 7) != 0;
		o->weak = db_column_int(q, 8) != 0;
		o->vil = strlen(o->division) >= 12 ? village_of(c, o->division) : -1;
		o->tw = strlen(o->division) >= 9 ? township_of(c, o->division) : -1;
	}
	db_finalize(q);
	q = db_query(c->db, "SELECT id, COALESCE(org_id, 0), name, division, COALESCE(cadre_role, ''), sex,"
			    " political_status IN ('member', 'probationary'), COALESCE(flowing_out, 0), birth_date,"
			    " political_status = 'member'"
			    " FROM people WHERE division >= $1 AND division < $2 ORDER BY id", "tt", c->county, upper);
	int cap = 0;
	while (q && db_step(q) == DB_ROW) {
		if (x->np == cap) {
			cap = cap ? cap * 2 : 4096;
			x->pp = xrealloc(x->pp, (size_t)cap * sizeof(*x->pp));
		}
		struct pl_person *p = &x->pp[x->np++];
		memset(p, 0, sizeof(*p));
		p->id = db_column_int(q, 0);
		p->org = db_column_int(q, 1);
		fmt(p->name, sizeof(p->name), "%s", db_column_text(q, 2));
		fmt(p->division, sizeof(p->division), "%s", db_column_text(q, 3));
		fmt(p->role, sizeof(p->role), "%s", db_column_text(q, 4));
		p->sex = db_column_text(q, 5) ? db_column_text(q, 5)[0] : 'M';
		p->member = db_column_int(q, 6) != 0;
		p->flowing = db_column_int(q, 7) != 0;
		p->by = db_column_text(q, 8) ? date_field(db_column_text(q, 8), 4) : 1970;
		p->full = db_column_int(q, 9) != 0;
	}
	db_finalize(q);
	/* rosters: the members of an organisation, a general branch's with its branches' */
	for (int i = 0; i < x->np; i++) {
		if (!x->pp[i].member || !x->pp[i].org)
			continue;
		int k = pl_org_index(x, x->pp[i].org);
		if (k < 0)
			continue;
		pl_roster_add(&x->org[k], i);
		int p = pl_org_index(x, x->org[k].parent);
		if (p >= 0 && !strcmp(x->org[p].type, "general_branch"))
			pl_roster_add(&x->org[p], i);
	}
	/* the people of each village's subtree, and the township leaders */
	x->vil_first = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int));
	x->vil_count = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int));
	x->vil_people = gen_calloc(c, (size_t)x->np + 1, sizeof(int));
	x->leader_first = gen_calloc(c, (size_t)c->ntw + 1, sizeof(int));
	x->leader_count = gen_calloc(c, (size_t)c->ntw + 1, sizeof(int));
	x->leaders = gen_calloc(c, (size_t)x->np + 1, sizeof(int));
	x->staff_first = gen_calloc(c, (size_t)c->ntw + 1, sizeof(int));
	x->staff_count = gen_calloc(c, (size_t)c->ntw + 1, sizeof(int));
	x->staff = gen_calloc(c, (size_t)x->np + 1, sizeof(int));
	int *vil = gen_calloc(c, (size_t)x->np + 1, sizeof(int)), *tw = gen_calloc(c, (size_t)x->np + 1, sizeof(int));
	int *st = gen_calloc(c, (size_t)x->np + 1, sizeof(int));
	for (int i = 0; i < x->np; i++) {
		vil[i] = strlen(x->pp[i].division) >= 12 ? village_of(c, x->pp[i].division) : -1;
		tw[i] = !strcmp(x->pp[i].role, "township_leader") ? township_of(c, x->pp[i].division) : -1;
		st[i] = !strcmp(x->pp[i].role, "township_staff") ? township_of(c, x->pp[i].division) : -1;
		if (vil[i] >= 0)
			x->vil_count[vil[i]]++;
		if (tw[i] >= 0)
			x->leader_count[tw[i]]++;
		if (st[i] >= 0)
			x->staff_count[st[i]]++;
	}
	for (int v = 1; v < c->nvil; v++)
		x->vil_first[v] = x->vil_first[v - 1] + x->vil_count[v - 1];
	for (int t = 1; t < c->ntw; t++) {
		x->leader_first[t] = x->leader_first[t - 1] + x->leader_count[t - 1];
		x->staff_first[t] = x->staff_first[t - 1] + x->staff_count[t - 1];
	}
	int *vfill = gen_calloc(c, (size_t)c->nvil + 1, sizeof(int)), *tfill = gen_calloc(c, (size_t)c->ntw + 1, sizeof(int));
	int *sfill = gen_calloc(c, (size_t)c->ntw + 1, sizeof(int));
	for (int i = 0; i < x->np; i++) {
		if (vil[i] >= 0)
			x->vil_people[x->vil_first[vil[i]] + vfill[vil[i]]++] = i;
		if (tw[i] >= 0)
			x->leaders[x->leader_first[tw[i]] + tfill[tw[i]]++] = i;
		if (st[i] >= 0)
			x->staff[x->staff_first[st[i]] + sfill[st[i]]++] = i;
	}
	x->m0 = c->today_m;
	x->y0 = c->today_y - 1;
	x->nmonths = 13;
	x->day0 = pl_day_of(x->y0, x->m0, 1);
	x->day1 = pl_day(c->asof);
	if (!strcmp(c->county, "440232"))
		x->free_mask = 1u << 4 | 1u << 5;   /* 乳源: Thursday and Friday, county-wide */
	return 0;
}

void pl_free_ctx(struct pl_ctx *x)
{
	for (int i = 0; i < x->norg; i++)
		free(x->org[i].roster);
	free(x->org);
	free(x->pp);
	free(x->m);
	free(x->a);
}

/* ---- texts ----------------------------------------------------------------------- */

static const char *const pl_study[] = {
	"学习贯彻党的二十届四中全会精神", "学习《中国共产党农村基层组织工作条例》", "学习《中国共产党支部工作条例（试行）》",
	"学习习近平总书记关于“三农”工作的重要论述", "学习《中国共产党纪律处分条例》", "学习习近平总书记关于巩固拓展脱贫攻坚成果的重要指示精神",
	"学习中央一号文件精神", "学习《习近平谈治国理政》第五卷", "开展党纪学习教育",
};
static const char *const pl_village_affairs[] = {
	"人居环境整治", "防返贫动态监测和帮扶", "村集体经济项目推进", "矛盾纠纷排查化解", "森林防火和防汛准备",
	"低保、临时救助对象初审", "产业发展和农技服务", "村务公开和财务收支", "农村危房改造和人饮安全", "乡村振兴项目申报",
	"医保缴费动员", "秸秆禁烧和耕地保护",
};
static const char *const pl_theme_acts[] = {
	"重温入党誓词", "志愿服务：清扫村道和公共区域", "走访慰问困难党员和老党员", "集中学习并交流心得", "为群众办实事：政策宣讲",
	"参观红色教育基地", "环境卫生大扫除", "义务植树", "帮助留守老人收割", "党员承诺践诺", "观看警示教育片",
};
static const char *const pl_lectures[] = {
	"坚定理想信念，做合格党员", "发挥党员先锋模范作用，带头巩固脱贫成果", "以党建引领乡村振兴", "严守纪律规矩，永葆清廉本色",
	"学习身边榜样，践行初心使命", "全面从严治党向基层延伸", "弘扬伟大建党精神",
};

static const char *pl_pick(struct demo_ctx *c, const char *const *t, int n) { return t[rng_below(&c->rng, n)]; }

void pl_topic(struct demo_ctx *c, struct pl_meet *m, const struct pl_org *o, int mo)
{
	const char *k = m->kind;
	if (!strcmp(k, "branch_general"))
		fmt(m->topic, sizeof(m->topic), "%s", rng_permille(&c->rng, 500) ? pl_pick(c, pl_study, N(pl_study))
		    : rng_permille(&c->rng, 500) ? "通报支部工作，研究发展党员和入党积极分子培养" : "部署防返贫监测和帮扶工作");
	else if (!strcmp(k, "branch_committee"))
		fmt(m->topic, sizeof(m->topic), "研究村级事务：%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "party_group"))
		fmt(m->topic, sizeof(m->topic), "%s，收集党员群众意见建议", pl_pick(c, pl_study, N(pl_study)));
	else if (!strcmp(k, "party_lecture"))
		fmt(m->topic, sizeof(m->topic), "书记讲党课：%s", pl_pick(c, pl_lectures, N(pl_lectures)));
	else if (!strcmp(k, "theme_day"))
		fmt(m->topic, sizeof(m->topic), "%d月主题党日：%s", mo, pl_pick(c, pl_theme_acts, N(pl_theme_acts)));
	else if (!strcmp(k, "org_life"))
		fmt(m->topic, sizeof(m->topic), "%d年度组织生活会：对照检查，开展批评和自我批评", pl_review_year(pl_day(m->at)));
	else if (!strcmp(k, "member_review"))
		fmt(m->topic, sizeof(m->topic), "%d年度民主评议党员：个人自评、党员互评、民主测评", pl_review_year(pl_day(m->at)));
	else if (!strcmp(k, "party_building_monthly"))
		fmt(m->topic, sizeof(m->topic), "%d月基层党建工作例会：通报各乡镇党建工作，部署%s", mo,
		    pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "township_village_work"))
		fmt(m->topic, sizeof(m->topic), "党委会议研究村级工作：%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "area_meeting"))
		fmt(m->topic, sizeof(m->topic), "片区会议：调度片区%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "two_committees"))
		fmt(m->topic, sizeof(m->topic), "村两委会议：研究%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else if (!strcmp(k, "villager_reps"))
		fmt(m->topic, sizeof(m->topic), "村民代表会议：通报%s", pl_pick(c, pl_village_affairs, N(pl_village_affairs)));
	else
		fmt(m->topic, sizeof(m->topic), "妇女代表会议：%s", rng_permille(&c->rng, 500) ? "推选“最美家庭”，部署庭院美化"
											  : "宣传妇女儿童权益保障，组织巾帼志愿服务");
	(void)o;
}

void pl_minutes(struct pl_meet *m)
{
	int absent = m->na - m->present;
	fmt(m->minutes, sizeof(m->minutes), "会议由%s主持，应到%d人，实到%d人%s。会议议程：%s。与会人员逐项讨论，%s。",
	    m->host, m->na, m->present, absent ? "，缺席人员已说明原因" : "", m->topic,
	    !strcmp(m->kind, "branch_general") || !strcmp(m->kind, "villager_reps") ? "形成一致意见"
	    : !strcmp(m->kind, "theme_day") ? "活动结束后组织交流心得" : "明确责任人和完成时限");
}

const char *pl_host(const struct pl_ctx *x, const struct pl_org *o)
{
	for (int i = 0; i < o->nroster; i++)
		if (x->pp[o->roster[i]].id == o->secretary)
			return x->pp[o->roster[i]].name;
	return o->nroster ? x->pp[o->roster[0]].name : "";
}

int64_t pl_host_id(const struct pl_ctx *x, const struct pl_org *o)
{
	for (int i = 0; i < o->nroster; i++)
		if (x->pp[o->roster[i]].id == o->secretary)
			return o->secretary;
	return o->nroster ? x->pp[o->roster[0]].id : 0;
}

const char *pl_place(const struct pl_org *o, const char *kind)
{
	if (!strcmp(o->type, "township_committee"))
		return !strcmp(kind, "area_meeting") ? "片区联系村党群服务中心" : "乡镇党委会议室";
	if (o->vil >= 0)
		return !strcmp(kind, "theme_day") ? "村党群服务中心及村内公共区域" : "村党群服务中心会议室";
	return "单位会议室";
}

/* The minute of the day a meeting starts. */
int pl_clock(struct demo_ctx *c, const struct pl_org *o, int mo)
{
	if (o->vil >= 0) {
		/* villages: mornings, afternoons, and evenings in the busy farming months */
		int k = rng_below(&c->rng, 10);
		if (k < (mo >= 4 && mo <= 10 ? 5 : 2))
			return 19 * 60 + 30;
		return k < 7 ? 9 * 60 : 14 * 60 + 30;
	}
	return rng_permille(&c->rng, 500) ? 8 * 60 + 30 : 15 * 60;
}
