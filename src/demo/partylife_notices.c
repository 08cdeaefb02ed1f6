/* partylife_notices.c - notices and tasks of the party-life step, with their receipts. */
#include "demo/partylife_gen.h"

#include <stdlib.h>


/* ---- notices and tasks --------------------------------------------------------------- */

enum pl_audience { PL_TOWNSHIPS, PL_VILLAGES, PL_BRANCHES };

struct pl_notice_tmpl {
	const char *title, *body;
	enum pl_audience to;
	int month, due_days;       /* due_days 0: a notice, not a task */
	int year_offset;           /* a title with %d names the year of the notice plus this */
};

static const struct pl_notice_tmpl pl_county_notices[] = {
	{ "关于认真学习宣传贯彻党的二十届四中全会精神的通知", "各乡镇党委、各村（社区）党组织要通过支部党员大会、主题党日、党课等形式，组织党员全覆盖学习。", PL_BRANCHES, 11, 0, 0 },
	{ "关于报送%d年度基层党组织书记抓党建述职评议材料的通知", "请各乡镇党委于规定时间前报送述职报告和测评结果。", PL_TOWNSHIPS, 12, 10, 0 },
	{ "关于做好元旦春节期间走访慰问困难党员和群众工作的通知", "各村（社区）党组织要逐户走访生活困难党员、老党员和防返贫监测对象，报送慰问台账。", PL_VILLAGES, 12, 15, 0 },
	{ "关于召开%d年度组织生活会和开展民主评议党员工作的通知", "各党支部要在2月底前召开组织生活会，开展民主评议党员，结果报乡镇党委备案。", PL_BRANCHES, 1, 30, -1 },
	{ "关于做好春节期间森林防火工作的紧急通知", "严格野外用火管控，村干部分片包干巡山值守，发现火情立即报告。", PL_VILLAGES, 1, 0, 0 },
	{ "关于开展防返贫动态监测集中排查的通知", "各村对农户收入、“两不愁三保障”和饮水安全开展逐户排查，按时报送排查结果。", PL_VILLAGES, 3, 20, 0 },
	{ "关于报送第一季度“三会一课”开展情况的通知", "请各党支部如实填报第一季度会议开展情况并上传会议记录。", PL_BRANCHES, 3, 10, 0 },
	{ "关于开展%d年软弱涣散村党组织排查整顿的通知", "各乡镇党委对照整顿标准开展排查，制定“一村一策”整顿方案。", PL_TOWNSHIPS, 3, 15, 0 },
	{ "关于做好%d年防汛抢险工作的通知", "各乡镇、各村要落实防汛责任人，排查地质灾害隐患点，完善人员转移预案。", PL_VILLAGES, 4, 0, 0 },
	{ "关于报送村级集体经济发展情况的通知", "请各村党组织报送集体经济收入、项目和资产情况。", PL_VILLAGES, 4, 15, 0 },
	{ "关于举办全县村（社区）党组织书记培训班的通知", "请各乡镇党委组织辖区村（社区）党组织书记按时参训。", PL_TOWNSHIPS, 5, 0, 0 },
	{ "关于开展“七一”系列主题党日活动的通知", "各党支部结合实际开展重温入党誓词、走访慰问老党员、志愿服务等活动。", PL_BRANCHES, 6, 0, 0 },
	{ "关于做好发展党员工作的通知", "严格发展党员程序，注重在致富能手、返乡青年中发展党员，报送发展计划。", PL_VILLAGES, 6, 20, 0 },
	{ "关于报送上半年“三会一课”开展情况的通知", "请各党支部报送上半年会议开展情况，乡镇党委汇总审核。", PL_BRANCHES, 7, 10, 0 },
	{ "关于进一步落实无会日和精文简会的通知", "严格控制会议数量，无会日不安排会议，紧急会议须注明事由并报备。", PL_TOWNSHIPS, 7, 0, 0 },
	{ "关于开展主汛期地质灾害隐患再排查的紧急通知", "立即组织对辖区隐患点开展再排查，落实监测责任人，报送排查情况。", PL_VILLAGES, 8, 5, 0 },
	{ "关于做好%d年度城乡居民医保征缴工作的通知", "各村要逐户宣传动员，确保应保尽保，按周报送参保进度。", PL_VILLAGES, 9, 30, 1 },
	{ "关于报送第三季度党建工作情况的通知", "请各乡镇党委报送第三季度党建工作开展情况及下季度计划。", PL_TOWNSHIPS, 9, 10, 0 },
	{ "关于开展秋冬季人居环境整治行动的通知", "各村组织党员志愿者开展垃圾清运、村道清扫和庭院整治。", PL_VILLAGES, 10, 0, 0 },
	{ "关于做好村（社区）“两委”后备力量储备工作的通知", "各村按要求储备后备干部，报送后备力量名册。", PL_VILLAGES, 10, 20, 0 },
	{ "关于开展党员冬训工作的通知", "各党支部组织党员集中学习，流动党员通过线上方式参学。", PL_BRANCHES, 11, 0, 0 },
	{ "关于报送驻村第一书记和工作队履职情况的通知", "请各乡镇党委对驻村第一书记和工作队员到岗履职情况进行核查并报送。", PL_TOWNSHIPS, 2, 10, 0 },
};

static const struct pl_notice_tmpl pl_township_notices[] = {
	{ "关于召开村级党建工作例会的通知", "各村党组织书记准时参会，汇报本月党建和中心工作。", PL_VILLAGES, 0, 0, 0 },
	{ "关于报送本月主题党日活动开展情况的通知", "请各村党组织报送主题党日活动照片和记录。", PL_VILLAGES, 0, 5, 0 },
	{ "关于做好防返贫监测对象帮扶措施落实的通知", "各村核实监测对象帮扶措施落实情况，报送台账。", PL_VILLAGES, 0, 7, 0 },
	{ "关于开展矛盾纠纷排查化解的通知", "各村对辖区矛盾纠纷开展拉网式排查，建立台账，及时化解。", PL_VILLAGES, 0, 10, 0 },
	{ "关于做好片区包村干部驻村工作的通知", "包村干部每周至少3天在村，做好民情日记。", PL_VILLAGES, 0, 0, 0 },
	{ "关于报送村级“四议两公开”事项台账的通知", "请各村报送今年以来实施“四议两公开”的事项及公开情况。", PL_VILLAGES, 0, 10, 0 },
};

/* The receipt of one target organisation: read, signed, reported, reminded. */
static int pl_receipt(struct demo_ctx *c, struct pl_ctx *x, int64_t notice, const struct pl_org *o, int64_t created,
		      int64_t due)
{
	int k = rng_below(&c->rng, 1000);
	int never = o->weak ? 90 : o->demo ? 0 : 25, late = o->weak ? 300 : o->demo ? 20 : 90, unsigned_ = o->weak ? 40 : 15;
	int64_t read = 0, sign = 0, report = 0, reminded = 0, reminders = 0;
	if (k >= never) {
		bool slow = k < never + late;
		read = created + (slow ? rng_range(&c->rng, 2 * DAY, 10 * DAY) : rng_range(&c->rng, 600, 20 * HOUR));
		if (k >= never + late + unsigned_ || slow)
			sign = read + (slow ? rng_range(&c->rng, 600, 3 * DAY) : rng_range(&c->rng, 60, 30 * HOUR));
		if (k >= never + late && k < never + late + unsigned_)
			sign = 0;
	}
	if (read >= c->asof)
		read = sign = 0;
	if (sign >= c->asof)
		sign = 0;
	static const char *const reports[] = { "已按要求完成，相关材料已报送", "已组织落实，台账已上传", "已完成排查，情况见附件",
					       "已完成，存在问题已列清单整改" };
	const char *report_text = NULL;
	if (due && sign) {
		int r = rng_below(&c->rng, 1000);
		if (r < (o->weak ? 600 : 820))
			report = sign + rng_below(&c->rng, (int)(due > sign + 600 ? due - sign : 600));
		else if (r < (o->weak ? 850 : 940))
			report = (due > sign ? due : sign) + rng_range(&c->rng, HOUR, 10 * DAY);
		if (report >= c->asof)
			report = 0;
		if (report)
			report_text = reports[rng_below(&c->rng, N(reports))];
	}
	/* reminders: unsigned after three days, or a task not reported by its due date */
	int64_t r1 = created + 3 * DAY;
	if ((!sign || sign > r1) && r1 < c->asof) {
		reminded = r1 + rng_below(&c->rng, 8 * HOUR);
		reminders = 1 + (!sign && rng_permille(&c->rng, 500));
	}
	if (due && (!report || report > due) && due + HOUR < c->asof) {
		reminded = due + rng_range(&c->rng, HOUR, 8 * HOUR);
		reminders++;
	}
	if (reminded >= c->asof)
		reminded = 0, reminders = 0;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO notice_receipts (notice_id, org_id, division, read_at, signed_at,"
					      " signed_by, reported_at, report, reminders, reminded_at)"
					      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
	if (q == NULL)
		return fail(c, "prepare receipts");
	int rc = db_bind_int(q, 1, notice);
	rc = rc ? rc : db_bind_int(q, 2, o->id);
	rc = rc ? rc : db_bind_text(q, 3, o->division);
	rc = rc ? rc : bind_id(q, 4, read);
	rc = rc ? rc : bind_id(q, 5, sign);
	rc = rc ? rc : bind_id(q, 6, sign ? o->secretary : 0);
	rc = rc ? rc : bind_id(q, 7, report);
	rc = rc ? rc : db_bind_text(q, 8, report_text);
	rc = rc ? rc : db_bind_int(q, 9, reminders);
	rc = rc ? rc : bind_id(q, 10, reminded);
	rc = rc ? rc : db_step(q);
	db_finalize(q);
	(void)x;
	return rc == DB_DONE ? 0 : fail(c, "insert receipt");
}

static int pl_notice(struct demo_ctx *c, struct pl_ctx *x, int sender, const char *target, const char *title,
		     const char *body, enum pl_audience to, int64_t created, int64_t due)
{
	static const char *const types[] = {
		"[\"township_committee\"]", "[\"village_branch\",\"general_branch\",\"community_branch\"]", NULL };
	const struct pl_org *s = &x->org[sender];
	int64_t id = 0;
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO notices (org_id, division, title, body, is_task, due_at,"
					      " target_division, target_types, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
					      " RETURNING id");
	if (q == NULL)
		return fail(c, "prepare notices");
	int rc = db_bind_int(q, 1, s->id);
	rc = rc ? rc : db_bind_text(q, 2, s->division);
	rc = rc ? rc : db_bind_text(q, 3, title);
	rc = rc ? rc : db_bind_text(q, 4, body);
	rc = rc ? rc : db_bind_int(q, 5, due != 0);
	rc = rc ? rc : bind_id(q, 6, due);
	rc = rc ? rc : db_bind_text(q, 7, target);
	rc = rc ? rc : db_bind_text(q, 8, types[to]);
	rc = rc ? rc : db_bind_int(q, 9, created);
	if (returning_id(c, q, rc, &id, "insert notice"))
		return -1;
	c->st->notices++;
	size_t tl = strlen(target);
	for (int i = 0; i < x->norg; i++) {
		const struct pl_org *o = &x->org[i];
		if (i == sender || strncmp(o->division, target, tl))
			continue;
		if (to == PL_TOWNSHIPS && strcmp(o->type, "township_committee"))
			continue;
		if (to == PL_VILLAGES && !pl_branch(o->type))
			continue;
		if (to == PL_BRANCHES && !strcmp(o->type, "party_group"))
			continue;   /* every organisation but the party groups, which their branches inform */
		if (pl_receipt(c, x, id, o, created, due))
			return -1;
	}
	return 0;
}

/* A working day (not a meeting-free one) of month mo of the window, 08:30-17:30. */
int64_t pl_office_time(struct demo_ctx *c, const struct pl_ctx *x, int mo)
{
	/* the latest month mo of the window, up to the day before the build day */
	int y;
	if (pl_latest(x, mo, 1, &y))
		y = x->y0;
	int64_t hi = pl_day_of(y, mo, days_in_month(y, mo));
	if (hi >= x->day1)
		hi = x->day1 - 1;
	int64_t day = pl_pick_day(c, x, pl_day_of(y, mo, 1), hi, true);
	return pl_time(day, rng_range(&c->rng, 8 * 60 + 30, 17 * 60 + 30));
}

static int64_t pl_due(int64_t created, int days)
{
	return pl_time(pl_day(created) + days, 24 * 60) - 1;   /* the end of the day */
}

int pl_notices(struct demo_ctx *c, struct pl_ctx *x)
{
	int county = pl_org_index(x, c->county_org);
	if (county < 0)
		return 0;
	for (int i = 0; i < N(pl_county_notices); i++) {
		const struct pl_notice_tmpl *t = &pl_county_notices[i];
		if (rng_permille(&c->rng, 150))
			continue;   /* not every year */
		int64_t at = pl_office_time(c, x, t->month);
		char title[256];
		int y, mo, d;
		pl_civil(pl_day(at), &y, &mo, &d);
		if (strstr(t->title, "%d"))
			fmt(title, sizeof(title), t->title, y + t->year_offset);
		else
			fmt(title, sizeof(title), "%s", t->title);
		if (pl_notice(c, x, county, c->county, title, t->body, t->to, at, t->due_days ? pl_due(at, t->due_days) : 0))
			return -1;
	}
	for (int ti = 0; ti < c->ntw; ti++) {
		int sender = pl_org_index(x, c->tw[ti].org_id), n = rng_range(&c->rng, 2, 3);
		for (int k = 0; k < n && sender >= 0; k++) {
			const struct pl_notice_tmpl *t = &pl_township_notices[rng_below(&c->rng, N(pl_township_notices))];
			int mo = rng_range(&c->rng, 1, 12);
			int64_t at = pl_office_time(c, x, mo);
			if (pl_notice(c, x, sender, c->tw[ti].code, t->title, t->body, t->to, at,
				      t->due_days ? pl_due(at, t->due_days) : 0))
				return -1;
		}
	}
	if (!strcmp(c->county, "420323")) {
		/* 竹山: weekly scheduling of the township headquarters and a monthly bulletin */
		char title[256];
		int64_t d = x->day0;
		while (pl_weekday(d) != 1)
			d++;
		for (int w = 1; d + 4 < x->day1; d += 7, w++) {
			fmt(title, sizeof(title), "第%d周工作调度：巡村访户和驻村帮扶重点工作安排", w);
			int64_t at = pl_time(d, rng_range(&c->rng, 8 * 60 + 30, 11 * 60));
			if (pl_notice(c, x, county, c->county, title, "各乡镇指挥部按调度安排推进本周工作，周五前报送完成情况。",
				      PL_TOWNSHIPS, at, pl_due(at, 4)))
				return -1;
		}
		for (int i = 0; i + 1 < x->nmonths; i++) {
			int mo, y, nmo, ny;
			pl_month(x, i, &y, &mo);
			pl_month(x, i + 1, &ny, &nmo);
			fmt(title, sizeof(title), "%d年%d月全县巡村访户和驻村帮扶工作通报", y, mo);
			if (pl_day_of(ny, nmo, 8) >= x->day1)
				break;
			int64_t at = pl_time(pl_pick_day(c, x, pl_day_of(ny, nmo, 3), pl_day_of(ny, nmo, 8), true), 10 * 60);
			if (pl_notice(c, x, county, c->county, title, "通报上月各乡镇巡村访户率、群众满意度和驻村干部在岗情况。",
				      PL_TOWNSHIPS, at, 0))
				return -1;
		}
	}
	return 0;
}
