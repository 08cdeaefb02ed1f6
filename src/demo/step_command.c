/*
 * step_command.c - step "command": the county's command structure from the
 * seeds.  竹山 (420323): "县为统筹、乡为战区、村为前沿" — the county HQ with
 * its office and nineteen working groups (一办十九组), a township HQ per
 * township and a village command post per village.  琼中 (469030): the four
 * levels of combat units — the county HQ, a large team per township, a
 * medium team per village and a small team per grid.  The other seed
 * counties: a county HQ with its office, township HQs and village posts.
 * Members are the cadres of each place, with dated terms (some ended and
 * handed over).
 */
#include "demo/gen.h"

/* 竹山's nineteen working groups (一办十九组) */
static const char *const zs_groups[] = {
	"综合协调组", "产业发展组", "易地扶贫搬迁组", "健康扶贫组", "教育扶贫组", "农村危房改造组", "安全饮水组",
	"基础设施建设组", "金融扶贫组", "社会保障兜底组", "就业扶贫组", "生态扶贫组", "党建促脱贫组", "驻村帮扶组",
	"社会扶贫组", "扶贫资金监管组", "督查巡查组", "宣传报道组", "考核评估组",
};

struct post_new {
	const char *name, *kind, *division, *duty;
	int64_t parent, org;
	int seq;
};

static int post_add(struct demo_ctx *c, const struct post_new *p, int64_t *id)
{
	struct db_stmt *q = db_prepare(c->db, "INSERT INTO command_posts (name, kind, parent_id, division, org_id, duty, seq,"
					      " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id");
	if (q == NULL)
		return fail(c, "prepare command_posts");
	int rc = db_bind_text(q, 1, p->name);
	rc = rc ? rc : db_bind_text(q, 2, p->kind);
	rc = rc ? rc : bind_id(q, 3, p->parent);
	rc = rc ? rc : db_bind_text(q, 4, p->division);
	rc = rc ? rc : bind_id(q, 5, p->org);
	rc = rc ? rc : (p->duty ? db_bind_text(q, 6, p->duty) : db_bind_null(q, 6));
	rc = rc ? rc : db_bind_int(q, 7, p->seq);
	rc = rc ? rc : db_bind_int(q, 8, c->now);
	return returning_id(c, q, rc, id, "insert command post");
}

static int member_add(struct demo_ctx *c, int64_t post, const char *division, int64_t person, const char *role,
		      const char *from, const char *to)
{
	int rc = db_exec(c->db, "INSERT INTO command_members (post_id, division, person_id, role, from_date, to_date,"
				" created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
			 "itittti", post, division, person, role, from, to, c->now);
	return rc == DB_OK ? 0 : fail(c, "insert command member");
}

/* Up to max ids of the people of division with cadre role, in id order. */
static int cadres(struct demo_ctx *c, const char *division, const char *role, int64_t *out, int max)
{
	struct db_stmt *q = db_query(c->db, "SELECT id FROM people WHERE division = $1 AND cadre_role = $2 ORDER BY id",
				     "tt", division, role);
	int n = 0;
	while (q && n < max && db_step(q) == DB_ROW)
		out[n++] = db_column_int(q, 0);
	db_finalize(q);
	return n;
}

/* Members of a post: the first person commands (or leads), the rest serve;
 * now and then a term ended and the next person took over (dated). */
static int staff(struct demo_ctx *c, int64_t post, const char *division, const int64_t *ids, int n, const char *head_role,
		 const char *from)
{
	for (int i = 0; i < n; i++) {
		const char *role = i == 0 ? head_role : i == 1 && n > 3 ? "deputy" : "member";
		if (i > 0 && rng_below(&c->rng, 10) == 0) {
			/* an earlier holder of the place, handed over at the start of 2024 */
			if (member_add(c, post, division, ids[i], role, from, "2023-12-31") ||
			    member_add(c, post, division, ids[(i + 1) % n], role, "2024-01-01", NULL))
				return -1;
			continue;
		}
		if (member_add(c, post, division, ids[i], role, from, NULL))
			return -1;
	}
	return 0;
}

int gen_command(struct demo_ctx *c)
{
	bool zhushan = !strcmp(c->county, "420323"), qiongzhong = !strcmp(c->county, "469030");
	const char *from = "2016-03-01";
	int64_t ids[12], hq, office;
	char name[256];
	int n;

	fmt(name, sizeof(name), "%s%s", c->short_name, qiongzhong ? "脱贫攻坚作战总指挥部" : "脱贫攻坚指挥部");
	struct post_new p = { name, qiongzhong ? "combat_hq" : "county_hq", c->county,
			      "县为统筹：统一指挥、统筹调度全县脱贫攻坚", 0, c->county_org, 0 };
	if (post_add(c, &p, &hq))
		return -1;
	n = cadres(c, c->county, "county_leader", ids, 8);
	if (staff(c, hq, c->county, ids, n, "commander", from))
		return -1;
	fmt(name, sizeof(name), "%s脱贫攻坚指挥部办公室", c->short_name);
	p = (struct post_new){ name, "office", c->county, "日常调度、周调度、月通报、督查督办", hq, c->county_org, 1 };
	if (post_add(c, &p, &office))
		return -1;
	n = cadres(c, c->county, "county_staff", ids, 6);
	if (staff(c, office, c->county, ids, n, "director", from))
		return -1;
	if (zhushan)
		for (int g = 0; g < N(zs_groups); g++) {
			int64_t gid;
			p = (struct post_new){ zs_groups[g], "working_group", c->county, NULL, hq, c->county_org, 2 + g };
			if (post_add(c, &p, &gid))
				return -1;
			/* a county leader leads each group, county cadres serve in it */
			int64_t lead[1], crew[40];
			int nl = cadres(c, c->county, "county_leader", lead, 1);
			int nc = cadres(c, c->county, "county_staff", crew, 40);
			if (nl && member_add(c, gid, c->county, lead[0], "lead", from, NULL))
				return -1;
			for (int k = 0; k < 3 && nc; k++)
				if (member_add(c, gid, c->county, crew[(g * 3 + k) % nc], k == 0 ? "liaison" : "member", from, NULL))
					return -1;
		}
	for (int t = 0; t < c->ntw; t++) {
		const struct township *tw = &c->tw[t];
		int64_t tid;
		fmt(name, sizeof(name), qiongzhong ? "%s作战大队" : "%s脱贫攻坚指挥部（战区）", tw->name);
		p = (struct post_new){ name, qiongzhong ? "team_large" : "township_hq", tw->code, "乡为战区：组织实施、包村到户",
				       hq, tw->org_id, t };
		if (post_add(c, &p, &tid))
			return -1;
		n = cadres(c, tw->code, "township_leader", ids, 6);
		if (staff(c, tid, tw->code, ids, n, qiongzhong ? "lead" : "commander", from))
			return -1;
		for (int v = tw->v0; v < tw->v0 + tw->nv; v++) {
			const struct village *vl = &c->vil[v];
			int64_t vid;
			fmt(name, sizeof(name), qiongzhong ? "%s作战中队" : "%s指挥所（前沿）", vl->name);
			p = (struct post_new){ name, qiongzhong ? "team_medium" : "village_post", vl->code,
					       "村为前沿：遍访到户、落实措施", tid, vl->org_id, v - tw->v0 };
			if (post_add(c, &p, &vid))
				return -1;
			int64_t head[1], fs[2], crew[4];
			int nh = cadres(c, vl->code, "village_secretary", head, 1);
			int nf = cadres(c, vl->code, "first_secretary", fs, 2);
			int nc = cadres(c, vl->code, "village_cadre", crew, 4);
			/* the first secretary commands where there is one, the branch secretary otherwise */
			if (nf && member_add(c, vid, vl->code, fs[0], "commander", from, NULL))
				return -1;
			if (nh && member_add(c, vid, vl->code, head[0], nf ? "deputy" : "commander", from, NULL))
				return -1;
			if (staff(c, vid, vl->code, crew, nc, "member", from))
				return -1;
			if (!qiongzhong)
				continue;
			for (int g = vl->g0; g < vl->g0 + vl->ng; g++) {
				int64_t gid, gw[1];
				fmt(name, sizeof(name), "%s作战小队（第%d网格）", vl->short_name, g - vl->g0 + 1);
				p = (struct post_new){ name, "team_small", c->grid[g].code, "组为网格、户为目标", vid, vl->org_id,
						       g - vl->g0 };
				if (post_add(c, &p, &gid))
					return -1;
				if (cadres(c, c->grid[g].code, "grid_worker", gw, 1) &&
				    member_add(c, gid, c->grid[g].code, gw[0], "lead", from, NULL))
					return -1;
			}
		}
	}
	return 0;
}
