/* hh_group.c - the rows grouped by 户编号 (a hash table), and each ID number once (radix-sorted keys). */
#include "modules/registry/household_io_internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/idcard.h"

/* ---- the households' numbers ------------------------------------------------------------------ */

static size_t hno_slot(const struct hno_table *t, const char *key, uint32_t h)
{
	size_t i = h & (t->nslots - 1);
	while (t->slot[i].ord && (t->slot[i].hash != h || strcmp(t->hh[t->slot[i].ord - 1].no, key)))
		i = (i + 1) & (t->nslots - 1);
	return i;
}

static void hno_rehash(struct hno_table *t)
{
	struct hno_slot *old = t->slot;
	size_t nold = t->nslots;
	t->nslots = t->nslots ? t->nslots * 2 : 1024;
	t->slot = xcalloc(t->nslots, sizeof(*t->slot));
	for (size_t i = 0; i < nold; i++)
		if (old[i].ord) {
			size_t j = old[i].hash & (t->nslots - 1);
			while (t->slot[j].ord)
				j = (j + 1) & (t->nslots - 1);
			t->slot[j] = old[i];
		}
	free(old);
}

/* The ordinal of key, added when it is new. */
static int hno_ordinal(struct hno_table *t, const char *key)
{
	if (2 * ((size_t)t->n + 1) > t->nslots)
		hno_rehash(t);
	uint32_t h = key_hash(key);
	size_t i = hno_slot(t, key, h);
	if (t->slot[i].ord == 0) {
		t->hh = grow(t->hh, t->n, &t->cap, sizeof(*t->hh));
		t->hh[t->n] = (struct hno){ key, 0 };
		t->slot[i] = (struct hno_slot){ h, ++t->n };
	}
	return t->slot[i].ord - 1;
}

/* Data row i (its 户编号 key, NULL when it has none) as it is read. */
void hio_hno_add_row(struct hno_table *t, int i, const char *key)
{
	if (key == NULL) {
		t->missing = grow(t->missing, t->nmissing, &t->capmissing, sizeof(*t->missing));
		t->missing[t->nmissing++] = i;
		return;
	}
	/* the rows of a household mostly follow each other: no look-up for those */
	const struct hno_row *prev = t->nrows ? &t->rows[t->nrows - 1] : NULL;
	int ord = prev && strcmp(t->hh[prev->ord].no, key) == 0 ? prev->ord : hno_ordinal(t, key);
	t->rows = grow(t->rows, t->nrows, &t->caprows, sizeof(*t->rows));
	t->rows[t->nrows++] = (struct hno_row){ i, ord };
	t->hh[ord].count++;
}

void hio_hno_free(struct hno_table *t)
{
	free(t->hh);
	free(t->slot);
	free(t->rows);
	free(t->missing);
}

/* A valid ID number (17 digits and a check digit or X) as a number that
 * orders as its text does: 17 digits < 10^17, times 11, plus 0-9 or 10 for X. */
static uint64_t id_key(const char *id)
{
	uint64_t k = 0;
	for (int i = 0; i < IDCARD_LEN - 1; i++)
		k = k * 10 + (uint64_t)(id[i] - '0');
	return k * 11 + (id[IDCARD_LEN - 1] == 'X' ? 10 : (uint64_t)(id[IDCARD_LEN - 1] - '0'));
}

/* A valid ID number of row, for the check that it appears once. */
void hio_add_id(struct imp *im, const char *id, int row)
{
	im->ids = grow(im->ids, im->nids, &im->capids, sizeof(*im->ids));
	im->ids[im->nids++] = (struct id_row){ id_key(id), row };
}

/* ---- grouping the rows by 户编号 -------------------------------------------------------------- */

/* A household number with its ordinal, sorted by the number. */
struct hno_ord {
	const char *no;
	int ord;
};

static int by_hno(const void *a, const void *b)
{
	return strcmp(((const struct hno_ord *)a)->no, ((const struct hno_ord *)b)->no);
}

/* The ordinals in 户编号 order (strcmp).  A national export usually lists
 * the households in that order already; then nothing is sorted. */
static int *hno_order(const struct hno_table *t)
{
	int *order = xmalloc(((size_t)t->n + 1) * sizeof(int));
	bool sorted = true;
	for (int i = 1; i < t->n && sorted; i++)
		sorted = strcmp(t->hh[i - 1].no, t->hh[i].no) < 0;
	if (sorted) {
		for (int i = 0; i < t->n; i++)
			order[i] = i;
		return order;
	}
	struct hno_ord *by = xmalloc(((size_t)t->n + 1) * sizeof(*by));
	for (int i = 0; i < t->n; i++)
		by[i] = (struct hno_ord){ t->hh[i].no, i };
	qsort(by, (size_t)t->n, sizeof(*by), by_hno);
	for (int i = 0; i < t->n; i++)
		order[i] = by[i].ord;
	free(by);
	return order;
}

/* im->hhs: the data rows grouped by 户编号, the households in 户编号 order
 * (strcmp) and each one's rows in file order; their row lists share
 * im->hh_rows.  A data row without a 户编号 is reported here. */
void hio_group_households(struct imp *im)
{
	const struct hno_table *t = &im->hnos;
	for (int k = 0; k < t->nmissing; k++) {
		struct row *row = &im->rows[t->missing[k]];
		if (!row->given[C_HNO])   /* a number given but refused was reported with its cell */
			hio_cell_error(im, row, C_HNO, "户编号不能为空", "The household number is missing");
	}
	/* each household's place in hh_rows, in 户编号 order; then the rows dealt in */
	int *order = hno_order(t), *next = xmalloc(((size_t)t->n + 1) * sizeof(int));
	im->nhh = t->n;
	im->hhs = xcalloc((size_t)t->n + 1, sizeof(*im->hhs));
	mem_prefault(im->hhs, ((size_t)t->n + 1) * sizeof(*im->hhs));
	im->hh_rows = xmalloc(((size_t)t->nrows + 1) * sizeof(int));
	for (int k = 0, at = 0; k < t->n; k++) {
		const struct hno *h = &t->hh[order[k]];
		im->hhs[k] = (struct hh){ .no = h->no, .rows = im->hh_rows + at, .n = h->count };
		next[order[k]] = at;
		at += h->count;
	}
	for (int i = 0; i < t->nrows; i++)
		im->hh_rows[next[t->rows[i].ord]++] = t->rows[i].row;
	free(next);
	free(order);
}

/* ---- an ID number appears once in the file --------------------------------------------------- */

/* Sort ids by key, equal keys staying in the order they come in: a least
 * significant digit radix sort, a byte at a time (no comparisons). */
static void sort_ids(struct id_row *ids, int n)
{
	struct id_row *tmp = xmalloc(((size_t)n + 1) * sizeof(*ids)), *src = ids, *dst = tmp;
	mem_prefault(tmp, (size_t)n * sizeof(*ids));
	for (int shift = 0; shift < 64 && n > 0; shift += 8) {
		size_t at[257] = { 0 };
		for (int i = 0; i < n; i++)
			at[((src[i].key >> shift) & 0xFF) + 1]++;
		if (at[((src[0].key >> shift) & 0xFF) + 1] == (size_t)n)
			continue;   /* every key has the same byte here */
		for (int d = 0; d < 256; d++)
			at[d + 1] += at[d];
		for (int i = 0; i < n; i++)
			dst[at[(src[i].key >> shift) & 0xFF]++] = src[i];
		struct id_row *t = src;
		src = dst;
		dst = t;
	}
	if (src != ids)
		memcpy(ids, src, (size_t)n * sizeof(*ids));
	free(tmp);
}

/* Each repeat of an ID number is reported on its line, naming the line of
 * the occurrence before it; in ID number order. */
void hio_check_id_numbers(struct imp *im)
{
	sort_ids(im->ids, im->nids);
	for (int i = 1; i < im->nids; i++)
		if (im->ids[i].key == im->ids[i - 1].key) {
			int earlier = im->rows[im->ids[i - 1].row].line;
			hio_cell_errorf(im, &im->rows[im->ids[i].row], C_IDNO, hio_strf("证件号码与第 %d 行重复", earlier),
					hio_strf("The ID number repeats line %d", earlier));
		}
}
