/* step_worklists.c - step "worklists": the build year's responsibility lists, task lists and weekly dispatches. */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/clock.h"
#include "core/mem.h"
#include "core/workdays.h"


/* ---- responsibility lists, task lists, weekly dispatch ----------------------------------- */

/*
 * The build year's 责任清单 (the county's templates for townships, village
 * secretaries and first secretaries; own lists of most townships and some
 * villages), 任务清单 of townships and villages with progress as of the build
 * day (most done, some late, some overdue), and the county's and townships'
 * weekly dispatches (周调度) over the 52 weeks up to the build day's week: a
 * few new matters a week, each closed one to four weeks later, a few left
 * open past their dates, and some weeks a township skipped.
 */
#define WL_YEAR (c->today_y)   /* the build year (every user of it has the run's context c) */
#define WL_WEEKS 52

/* When the year's lists were written: the first working days of January. */
static int64_t wl_written(const struct demo_ctx *c)
{
	return pl_time(pl_day_of(c->today_y, 1, 5), 9 * 60);
}

struct wl_text {
	const char *title, *category;
};

static const struct wl_text wl_township_duties[] = {
	{ "落实乡镇党委抓党建促脱贫主体责任，书记为第一责任人", "party_building" },
	{ "每周至少召开1次党委会专题研究村级工作", "party_building" },
	{ "班子成员包片、干部挂村、联系帮扶至少3户", "poverty" },
	{ "整顿软弱涣散村党组织，一村一策", "party_building" },
	{ "推进周调度、月通报，督办问题整改", "governance" },
	{ "发展壮大村级集体经济", "industry" },
};
static const struct wl_text wl_secretary_duties[] = {
	{ "落实三会一课、主题党日制度", "party_building" },
	{ "遍访贫困户，掌握两不愁三保障情况", "poverty" },
	{ "落实四议两公开，党务村务财务按时公开", "governance" },
	{ "培养致富带头人和后备干部", "party_building" },
	{ "带领发展特色产业，增加集体收入", "industry" },
	{ "开展防返贫动态监测", "poverty" },
	{ "化解矛盾纠纷，办理群众诉求", "governance" },
	{ "带头转变作风，不搞形式主义", "conduct" },
};
static const struct wl_text wl_first_secretary_duties[] = {
	{ "吃住在村，每月驻村不少于20天", "conduct" },
	{ "建强村党组织，帮助规范组织生活", "party_building" },
	{ "推动精准扶贫政策落地到户", "poverty" },
	{ "协调派出单位资源支持村里发展", "industry" },
	{ "为民办事服务，推动基层治理", "governance" },
};
static const struct wl_text wl_tasks[] = {
	{ "完成贫困户动态调整和信息核查", "poverty" },
	{ "完成危房改造验收", "poverty" },
	{ "产业奖补资金发放到户", "industry" },
	{ "软弱涣散党组织整顿验收", "party_building" },
	{ "组织党员冬训", "party_building" },
	{ "饮水安全巩固提升", "poverty" },
	{ "村级集体经济项目落地", "industry" },
	{ "人居环境整治月度检查", "governance" },
	{ "发展党员计划完成", "party_building" },
	{ "控辍保学劝返", "poverty" },
};
static const char *const wl_matters[] = {
	"道路硬化进度", "自来水管铺设", "路灯安装", "危房改造进度", "产业基地建设", "贫困户务工就业对接",
	"防返贫监测对象帮扶", "集体经济项目推进", "人居环境整治", "信访矛盾化解", "扶贫资金拨付", "党员活动室改造",
};

static int wl_list(struct demo_ctx *c, const char *title, const char *level, int64_t org, const char *role,
		   const char *division, const struct wl_text *items, int n)
{
	int64_t list = 0;
	if (db_query_int(c->db, &list, "INSERT INTO duty_lists (title, year, level, org_id, holder_role, division, created_at,"
			 " updated_at) VALUES ($1, $2, $3, NULLIF(CAST($4 AS BIGINT), 0), $5, $6, $7, $7) RETURNING id", "tititti", title,
			 (int64_t)WL_YEAR, level, org, role, division, wl_written(c)) != DB_ROW)
		return fail(c, "insert duty list");
	for (int i = 0; i < n; i++)
		if (db_exec(c->db, "INSERT INTO duty_items (list_id, division, seq, title, category, created_at, updated_at)"
			    " VALUES ($1, $2, $3, $4, $5, $6, $6)", "ititti", list, division, (int64_t)(i + 1), items[i].title,
			    items[i].category, wl_written(c)) != DB_OK)
			return fail(c, "insert duty item");
	c->st->duty_items += n;
	return 0;
}

static int wl_duties(struct demo_ctx *c)
{
	int rc = wl_list(c, "乡镇党委抓党建促脱贫攻坚责任清单", "township", 0, NULL, c->county, wl_township_duties, 4);
	if (!rc)
		rc = wl_list(c, "村党组织书记抓党建促脱贫攻坚责任清单", "village", 0, "secretary", c->county, wl_secretary_duties,
			     N(wl_secretary_duties));
	if (!rc)
		rc = wl_list(c, "驻村第一书记责任清单", "village", 0, "first_secretary", c->county, wl_first_secretary_duties,
			     N(wl_first_secretary_duties));
	char title[192];
	for (int t = 0; t < c->ntw && !rc; t++)
		if (rng_permille(&c->rng, 850)) {   /* a few townships have not written their own yet */
			fmt(title, sizeof(title), "%s党委%d年责任清单", c->tw[t].name, WL_YEAR);
			rc = wl_list(c, title, "township", c->tw[t].org_id, NULL, c->tw[t].code, wl_township_duties + 4,
				     rng_range(&c->rng, 1, 2));
		}
	for (int v = 0; v < c->nvil && !rc; v++)
		if (c->vil[v].org_id > 0 && rng_permille(&c->rng, 250))
			rc = wl_list(c, "本村年度重点责任", "village", c->vil[v].org_id, NULL, c->vil[v].code,
				     wl_secretary_duties + rng_below(&c->rng, 6), rng_range(&c->rng, 1, 2));
	return rc;
}

static void wl_day_text(int64_t day, char out[11])
{
	workdays_day(day * DAY, out);
}

/* One task of org, its state as of the build day: mostly done by then, some late, some overdue. */
static int wl_task(struct demo_ctx *c, int64_t org, const char *division, const char *source)
{
	const struct wl_text *w = &wl_tasks[rng_below(&c->rng, N(wl_tasks))];
	int64_t asof = pl_day(c->asof), deadline = pl_day_of(c->today_y, 1, 20) + rng_below(&c->rng, 330);
	bool past = deadline < asof;
	int64_t done = 0;
	if (past ? rng_permille(&c->rng, 820) : rng_permille(&c->rng, 300)) {
		done = rng_permille(&c->rng, past ? 160 : 0) ? deadline + rng_range(&c->rng, 1, 25) : deadline - rng_range(&c->rng, 1, 40);
		if (done >= asof)
			done = asof - 1;
	}
	const char *status = done ? "done" : past || rng_permille(&c->rng, 700) ? "in_progress" : "not_started";
	char due[11], on[11];
	wl_day_text(deadline, due);
	wl_day_text(done, on);
	int64_t id = 0;
	if (db_query_int(c->db, &id, "INSERT INTO task_items (org_id, division, year, title, category, source, deadline, status,"
			 " completed_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
			 "ititttttti", org, division, (int64_t)WL_YEAR, w->title, w->category, source, due, status,
			 done ? on : NULL, wl_written(c)) != DB_ROW)
		return fail(c, "insert task");
	c->st->task_items++;
	if (strcmp(status, "not_started") == 0)
		return 0;
	int64_t at = done ? done * DAY + 9 * HOUR - 8 * HOUR : c->asof - rng_range(&c->rng, 1, 20) * DAY;
	if (db_exec(c->db, "INSERT INTO task_progress (task_id, at, text, status) VALUES ($1, $2, $3, $4)", "iitt", id, at,
		    done ? "已按要求完成，资料已归档" : "正在推进，按计划落实", status) != DB_OK)
		return fail(c, "insert task progress");
	return 0;
}

static int wl_task_lists(struct demo_ctx *c)
{
	int rc = 0;
	for (int t = 0; t < c->ntw && !rc; t++) {
		for (int k = rng_range(&c->rng, 3, 6); k > 0 && !rc; k--)
			rc = wl_task(c, c->tw[t].org_id, c->tw[t].code, "县委组织部");
		for (int v = c->tw[t].v0; v < c->tw[t].v0 + c->tw[t].nv && !rc; v++)
			for (int k = c->vil[v].org_id > 0 && c->vil[v].rural ? rng_range(&c->rng, 0, 3) : 0; k > 0 && !rc; k--)
				rc = wl_task(c, c->vil[v].org_id, c->vil[v].code, "乡镇党委");
	}
	return rc;
}

/* A dispatch item scheduled in week monday, closed one to four weeks on (most), or still open. */
static int wl_dispatch_item(struct demo_ctx *c, int64_t sched, int64_t org, const char *division, const char *week,
			    int64_t monday, int64_t resp, const char *resp_division)
{
	int64_t asof = pl_day(c->asof), due = monday + 7 * rng_range(&c->rng, 1, 3) + 4;
	int64_t done = rng_permille(&c->rng, 950) ? monday + rng_range(&c->rng, 2, rng_permille(&c->rng, 150) ? 40 : 24) : 0;
	if (done >= asof)
		done = 0;
	char due_s[11], done_s[11], closed[9] = "";
	wl_day_text(due, due_s);
	wl_day_text(done, done_s);
	if (done)
		clock_week_of(done_s, closed);
	bool overdue = !done && due < asof;
	const char *status = done ? "done" : monday + 7 < asof ? "in_progress" : "not_started";
	if (db_exec(c->db, "INSERT INTO schedule_items (schedule_id, org_id, division, week, matter, resp_org_id, resp_division,"
		    " progress, problem, next_step, status, due, done_on, closed_week, created_at, updated_at) VALUES ($1, $2, $3,"
		    " $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)", "iitttitttttttti",
		    sched, org, division, week, wl_matters[rng_below(&c->rng, N(wl_matters))], resp, resp_division,
		    done ? "已完成" : "正在推进", overdue ? "资金和施工力量不足，进度滞后" : NULL,
		    done ? NULL : "倒排工期，下周再调度", status, due_s, done ? done_s : NULL, done ? closed : NULL,
		    monday * DAY + 2 * HOUR) != DB_OK)
		return fail(c, "insert dispatch item");
	c->st->dispatch_items++;
	return 0;
}

/* A year of weekly dispatches of org (the county or a township): responsible organisations resp[0..n). */
static int wl_dispatches(struct demo_ctx *c, int64_t org, const char *division, const int64_t *resp, char (*resp_div)[16],
			 int n, bool county)
{
	/* the Monday 51 weeks before the build day's week: the last dispatch is this week's */
	int64_t first = pl_day(c->asof);
	while (pl_weekday(first) != 1)
		first--;
	first -= 7 * (WL_WEEKS - 1);
	int rc = 0;
	for (int k = 0; k < WL_WEEKS && !rc; k++) {
		if (!county && rng_permille(&c->rng, 70))
			continue;   /* a week the township did not hold its dispatch */
		int64_t monday = first + 7 * k, sched = 0;
		char day[11], week[9], title[64];
		wl_day_text(monday, day);
		clock_week_of(day, week);
		fmt(title, sizeof(title), "%s脱贫攻坚周调度会", week);
		if (db_query_int(c->db, &sched, "INSERT INTO schedules (org_id, division, week, week_start, title, created_at,"
				 " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id", "itttti", org, division, week, day,
				 title, monday * DAY + 2 * HOUR) != DB_ROW)
			return fail(c, "insert dispatch");
		c->st->dispatches++;
		for (int i = rng_range(&c->rng, 1, 3); i > 0 && !rc; i--) {
			int w = n ? rng_below(&c->rng, n) : -1;
			rc = wl_dispatch_item(c, sched, org, division, week, monday, w >= 0 ? resp[w] : org,
					      w >= 0 ? resp_div[w] : division);
		}
	}
	return rc;
}

int gen_worklists(struct demo_ctx *c)
{
	int rc = wl_duties(c);
	if (!rc)
		rc = wl_task_lists(c);
	int64_t *resp = gen_calloc(c, (size_t)(c->ntw + c->nvil + 1), sizeof(int64_t));
	char (*div)[16] = gen_calloc(c, (size_t)(c->ntw + c->nvil + 1), sizeof(*div));
	int n = 0;
	for (int t = 0; t < c->ntw; t++, n++) {
		resp[n] = c->tw[t].org_id;
		fmt(div[n], sizeof(div[n]), "%s", c->tw[t].code);
	}
	if (!rc)
		rc = wl_dispatches(c, c->county_org, c->county, resp, div, n, true);
	for (int t = 0; t < c->ntw && !rc; t++) {
		n = 0;
		for (int v = c->tw[t].v0; v < c->tw[t].v0 + c->tw[t].nv; v++)
			if (c->vil[v].org_id > 0) {
				resp[n] = c->vil[v].org_id;
				fmt(div[n++], sizeof(div[0]), "%s", c->vil[v].code);
			}
		rc = wl_dispatches(c, c->tw[t].org_id, c->tw[t].code, resp, div, n, false);
	}
	return rc;
}
