/* gen.c - helpers every step of the generator uses: id lists and pools, names of units, dates, inserts. */
#include "demo/gen.h"

#include <stdlib.h>

#include "core/mem.h"
#include "db/batch.h"

void push_id(struct idlist *l, int64_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 256;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = id;
}

void expand_name(const struct demo_ctx *c, const char *tmpl, char *out, size_t n)
{
	size_t k = 0;
	out[0] = '\0';
	for (const char *p = tmpl; *p && k + 1 < n; p++) {
		const char *rep = *p == '@' ? c->common_name : *p == '#' ? c->province_name : *p == '%' ? c->city_name : NULL;
		if (rep) {
			size_t m = strlen(rep);
			if (k + m + 1 > n)
				break;
			memcpy(out + k, rep, m);
			k += m;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = '\0';
}

const char *const cn_numbers[10] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

void random_date(struct demo_ctx *c, int y_lo, int y_hi, char out[11])
{
	int y = rng_range(&c->rng, y_lo, y_hi), m = rng_range(&c->rng, 1, 12);
	date_str(out, y, m, rng_range(&c->rng, 1, days_in_month(y, m)));
}

int bind_id(struct db_stmt *q, int idx, int64_t id)
{
	return id > 0 ? db_bind_int(q, idx, id) : db_bind_null(q, idx);
}

int id_next(struct demo_ctx *c, struct id_pool *p, int64_t *id)
{
	if (p->used == p->n) {
		if (db_reserve_ids(c->db, p->table, ID_CHUNK, p->ids) != DB_OK)
			return fail(c, "reserve ids");
		p->used = 0;
		p->n = ID_CHUNK;
	}
	*id = p->ids[p->used++];
	return 0;
}

/* Each chunk is a run of consecutive ids: the next unused one is where the table goes on. */
int id_return(struct demo_ctx *c, struct id_pool *p)
{
	if (p->used == p->n)
		return 0;
	int rc = db_return_ids(c->db, p->table, p->ids[p->used]);
	p->used = p->n = 0;
	return rc == DB_OK ? 0 : fail(c, "return ids");
}

/* Run an INSERT ... RETURNING id prepared in q (finalized here). */
int returning_id(struct demo_ctx *c, struct db_stmt *q, int rc, int64_t *id, const char *what)
{
	if (rc == DB_OK) {
		rc = db_step(q);
		if (rc == DB_ROW)
			*id = db_column_int(q, 0);
	}
	db_finalize(q);
	return rc == DB_ROW ? 0 : fail(c, what);
}

/* Seconds since the epoch of a day in China (10:00 local). */
int64_t epoch_of(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 + 2 * 3600;
}

/* The village of a division (the village itself or below it), or -1. */
int village_of(const struct demo_ctx *c, const char *division)
{
	int lo = 0, hi = c->nvil - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, d = strncmp(c->vil[mid].code, division, 12);
		if (d == 0)
			return mid;
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The township of a division, or -1. */
int township_of(const struct demo_ctx *c, const char *division)
{
	for (int i = 0; i < c->ntw; i++)
		if (!strncmp(c->tw[i].code, division, 9))
			return i;
	return -1;
}

/* CST days (days since the epoch in China) and times in them. */
int64_t pl_day_of(int y, int m, int d) { return (epoch_of(y, m, d) - 2 * HOUR) / DAY; }
int64_t pl_time(int64_t day, int minutes) { return day * DAY - 8 * HOUR + (int64_t)minutes * 60; }
int64_t pl_day(int64_t t) { return (t + 8 * HOUR) / DAY; }
int pl_weekday(int64_t day) { return (int)((day + 3) % 7) + 1; }

void pl_civil(int64_t day, int *y, int *m, int *d)
{
	/* the inverse of pl_day_of (Howard Hinnant's civil_from_days) */
	int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}
