/* period.c - the node and the period of a roll-up from the query string (GET /stats and its bulletins). */
#include <stdio.h>
#include <string.h>

#include "auth/principal.h"
#include "auth/scope.h"
#include "core/clock.h"
#include "core/division.h"
#include "core/intparse.h"
#include "http/reply.h"
#include "modules/stats/stats_internal.h"

/* YYYY-MM-DD as a day number; -1 when malformed. */
static int64_t parse_day(const char *s)
{
	int64_t y, m, d;
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	char ys[5], ms[3], ds[3];
	memcpy(ys, s, 4);
	ys[4] = 0;
	memcpy(ms, s + 5, 2);
	ms[2] = 0;
	memcpy(ds, s + 8, 2);
	ds[2] = 0;
	if (parse_int64(ys, 1970, 2100, &y) || parse_int64(ms, 1, 12, &m) || parse_int64(ds, 1, 31, &d))
		return -1;
	int64_t day = pl_days_from_civil((int)y, (int)m, (int)d);
	int yy, mm, dd;
	pl_civil_from_days(day, &yy, &mm, &dd);
	return dd == d ? day : -1;   /* 2026-02-30 is refused */
}

int stats_period_from_query(struct req *r, struct stats_period *p)
{
	memset(p, 0, sizeof(*p));
	const char *ps = req_query(r, "period"), *f = req_query(r, "from"), *t = req_query(r, "to");
	if (ps && !*ps)
		ps = NULL;
	if ((f && *f) || (t && *t)) {
		if (ps)
			return reply_error_msg(r, ERR_VALIDATION, "期间和起止日期只能选一种", "Give a period or from and to, not both",
					       "period");
		p->first = parse_day(f);
		p->last = parse_day(t);
		if (p->first < 0)
			return reply_error_msg(r, ERR_VALIDATION, "开始日期应为 YYYY-MM-DD", "from is a date YYYY-MM-DD", "from");
		if (p->last < 0)
			return reply_error_msg(r, ERR_VALIDATION, "结束日期应为 YYYY-MM-DD", "to is a date YYYY-MM-DD", "to");
		if (p->last < p->first)
			return reply_error_msg(r, ERR_VALIDATION, "结束日期早于开始日期", "The period ends before it starts", "to");
		if (p->last - p->first > 36600)
			return reply_error_msg(r, ERR_VALIDATION, "期间最长一百年", "A period spans a hundred years at most", "to");
		/* a range of a year or less is assessed for meeting compliance like a period */
		if (p->last - p->first <= 366) {
			p->has_pl = true;
			p->pl.first = p->first;
			p->pl.last = p->last;
		}
	} else {
		char buf[16];
		if (ps == NULL) {
			int64_t today = pl_cst_day(clock_now());
			int y, m, d;
			pl_civil_from_days(today, &y, &m, &d);
			snprintf(buf, sizeof(buf), "%04d", y % 10000);
		} else if (strlen(ps) == 7 && ps[4] == '-' && (ps[5] == 'Q' || ps[5] == 'q')) {
			/* YYYY-Qn: partylife spells it YYYYQn */
			snprintf(buf, sizeof(buf), "%.4sQ%c", ps, ps[6]);
		} else
			snprintf(buf, sizeof(buf), "%.15s", ps);
		if (pl_period_parse(buf, &p->pl))
			return reply_error_msg(r, ERR_VALIDATION, "期间应为 2026、2026-11 或 2026-Q3，或给出起止日期",
					       "period is a year 2026, a month 2026-11 or a quarter 2026-Q3, or give from and to",
					       "period");
		p->has_pl = true;
		p->first = p->pl.first;
		p->last = p->pl.last;
	}
	pl_day_text(p->first, p->first_s);
	pl_day_text(p->last, p->last_s);
	if (ps)
		snprintf(p->label, sizeof(p->label), "%.23s", ps);
	else if (f || t)
		snprintf(p->label, sizeof(p->label), "%.10s..%.10s", p->first_s, p->last_s);
	else
		snprintf(p->label, sizeof(p->label), "%.4s", p->first_s);
	if (p->has_pl && !ps)
		snprintf(p->pl.label, sizeof(p->pl.label), "%.15s", p->label);
	int y, m, d;
	pl_civil_from_days(p->last, &y, &m, &d);
	p->year = y;
	p->t_from = p->first * 86400 - 8 * 3600;
	p->t_to = (p->last + 1) * 86400 - 8 * 3600;
	return 0;
}

int stats_division_from_query(struct req *r, const char **division)
{
	const char *d;
	int st = req_query_division(r, "division", &d);
	if (st)
		return st;
	if (d == NULL)
		d = r->user->nscopes ? r->user->scopes[0] : "";
	if (!scope_allows(r->user, d))
		return reply_error(r, ERR_NOT_FOUND, "division");
	*division = d;
	return 0;
}
