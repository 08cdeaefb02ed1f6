/*
 * household_io_internal.h - what the files of the household import share
 * (household_io.h is the public side): the layout of the file's columns,
 * a row, a household, the import's state (struct imp) and the functions
 * one step of the import offers the next.
 *
 *   hh_read.c       reading CSV/XLSX rows, the header and the column layout
 *   hh_normalise.c  cell normalisation and the per-cell checks
 *   hh_group.c      grouping rows by 户编号, ID numbers appearing once
 *   hh_check.c      each household's rows agree; its division
 *   hh_compare.c    comparing with stored households and members, the writes
 *   hh_monitor.c    the monitoring columns: their checks, the stored cases, the writes
 *   hh_bulk.c       the write path: batches, SQLite trigram triggers, audit
 *   hh_report.c     the errors, and the marked copy of the file
 *   hh_import.c     household_import(), the driver of the steps
 *   hh_cli.c, hh_http.c, hh_export.c: the command line, HTTP, exports
 */
#ifndef LIANXIN_MODULES_REGISTRY_HOUSEHOLD_IO_INTERNAL_H
#define LIANXIN_MODULES_REGISTRY_HOUSEHOLD_IO_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/mem.h"
#include "db/batch.h"
#include "model/audit.h"
#include "modules/registry/household_io.h"

#define LOOKUP_KEYS 128       /* keys of one look-up statement */

/* ---- the layout ------------------------------------------------------------------- */

enum col {
	C_HNO, C_DIVISION, C_TOWNSHIP, C_VILLAGE, C_HEAD, C_NAME, C_RELATION, C_IDNO, C_SEX, C_ETHNIC,
	C_BIRTH, C_EDU, C_SCHOOL, C_HEALTH, C_LABOUR, C_WORK, C_MONTHS, C_MEDICAL, C_SERIOUS, C_PENSION,
	C_DIBAO, C_ATTR, C_STATUS, C_CAUSE, C_YEAR, C_PHONE, C_INCOME,
	/* 防返贫监测: the household's latest monitoring case (hh_monitor.c) */
	C_MCAT, C_MSTART, C_MRISK, C_MELIM, C_MELIMDATE, C_MMETHOD, C_COUNT
};

#define C_MFIRST C_MCAT   /* the monitoring columns are C_MFIRST .. C_COUNT - 1 */

/* K_DICTS: several values of a dictionary in one cell (因病、因学), stored as codes joined by ',' */
enum kind { K_TEXT, K_DICT, K_BOOL, K_DATE, K_INT, K_IDCARD, K_PHONE, K_DIVISION, K_PLACE, K_MONEY, K_DICTS };

struct coldef {
	const char *zh;
	const char *aliases;   /* '|'-separated, compared loosely */
	enum kind kind;
	const char *dict;
	bool household;        /* the same on every row of a household */
	const char *db;        /* the column of households / members */
	int max_chars;
	int64_t min, max;
	const char *en;
};

extern const struct coldef hio_cols[C_COUNT];

/* The household columns stored in households, and the member columns stored in members. */
#define NHH_DB 8
#define NMEM_DB 16
extern const enum col hio_hh_db[NHH_DB];
extern const enum col hio_mem_db[NMEM_DB];

static inline bool is_int_kind(enum col c)
{
	return hio_cols[c].kind == K_INT || hio_cols[c].kind == K_BOOL;
}

/* "prefix<db column>" for each of the n columns c, one after another (free it). */
char *hio_column_list(const enum col *c, int n, const char *prefix);

/* ---- small tools ------------------------------------------------------------------ */

/* FNV-1a of a NUL-terminated key. */
static inline uint32_t key_hash(const char *key)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* Room for one more element in the growing array p of *cap elements,
 * n of them used: doubled when full. */
static inline void *grow(void *p, int n, int *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 256;
	return xrealloc(p, (size_t)*cap * size);
}

/* A memo of lookups (dictionary labels, division codes): an import looks up
 * the same few labels and codes on every row; each distinct key is
 * resolved once.  Values are static strings or NULL. */
struct memo {
	char **keys;
	const char **vals;
	size_t cap, n;
};

/* true and *val when key is known */
bool hio_memo_get(const struct memo *m, const char *key, const char **val);
void hio_memo_put(struct memo *m, const char *key, const char *val);
void hio_memo_free(struct memo *m);

/* ---- the import state ------------------------------------------------------------------ */

/* A row of the file.  Its cells and values live in the import's row arena:
 * raw holds the cells as read, one after another, each ended by a NUL; a
 * value is a static string (a dictionary code, "0", "1"), one of the raw
 * cells when normalising left it as it was, or a copy. */
struct row {
	int line;
	char *raw;             /* nraw cells as read (for errors and the marked copy) */
	int nraw;
	const char *v[C_COUNT];   /* normalised values, NULL = empty or bad */
	bool given[C_COUNT];   /* the cell was not empty */
	bool header, before_header, data;
};

struct ierr {
	int seq;
	int line, fcol;        /* fcol: the file's column, -1 for the whole row */
	char *column, *value, *zh, *en;
};

struct hh {
	const char *no;
	int *rows;             /* indices into imp.rows */
	int n;
	const char *v[C_COUNT];   /* merged household values (borrowed) */
	char *division;        /* resolved code (in the rows' arena) */
	int head;              /* row index of the head */
	int64_t id;
	char **old;            /* the stored values (NULL: a new household), in the group's arena */
	bool monitored;        /* the file has a monitoring case for it (C_MCAT given and good) */
	struct mcase *cases;   /* its stored monitoring cases (hio_monitor_lookup), in the group's arena */
	int ncases;
	int64_t open_proc;     /* an open monitoring or elimination procedure of it, or 0 */
};

/* A stored monitoring case. */
struct mcase {
	int64_t id;
	char *v[C_COUNT];      /* C_MCAT .. C_MMETHOD as stored (C_MELIM "1"/"0") */
};

/* Runs of consecutive ids of one division (audit_write_bulk). */
struct runs {
	struct audit_run *v;
	int n, cap;
};

/* The 户编号 of the data rows as they are read: the distinct numbers in the
 * order they first appear (their ordinals), found through an
 * open-addressing table kept at most half full; each data row with the
 * ordinal of its number, in row order; and the data rows without one. */
struct hno_table {
	struct hno {
		const char *no;
		int count;     /* its rows */
	} *hh;
	int n, cap;
	struct hno_slot {
		uint32_t hash;     /* of the key */
		int ord;           /* ordinal + 1, 0 for an empty slot */
	} *slot;
	size_t nslots;         /* a power of two */
	struct hno_row {
		int row, ord;
	} *rows;
	int nrows, caprows;
	int *missing;          /* data rows without a 户编号 */
	int nmissing, capmissing;
};

/* A valid ID number read, and its row (rows are in line order). */
struct id_row {
	uint64_t key;
	int row;
};

struct imp {
	struct db *db;
	const struct hio_options *o;
	struct hio_result *res;
	struct arena *arena;   /* per group of households */
	struct arena *rows_arena;   /* the rows' cells and values, for the whole import */
	char *scratch;         /* a cell being normalised */
	size_t scratch_cap;
	const char **cells;    /* the cells of the row being read, in its raw block */
	size_t *cell_len;      /* and their lengths with the NUL */
	int capcells;
	const char *data;      /* the file */
	size_t len;
	struct runs hh_runs, mem_runs;   /* the ids created, for the audit rows */
	int fcol[C_COUNT];
	bool header_found;
	int header_idx;
	int ncols_file;
	struct row *rows;
	int nrows, caprows;
	struct ierr *errs;
	int nerrs, caperrs;
	struct hh *hhs;
	int nhh;
	int *hh_rows;          /* the households' row lists, one after another */
	struct hno_table hnos; /* the data rows' 户编号, for grouping them */
	struct id_row *ids;    /* the valid ID numbers in row order, for the repeat check */
	int nids, capids;
	bool db_failed;
	int64_t year;
	int64_t today;         /* YYYYMMDD, for the ID numbers */
	struct memo dicts[C_COUNT];   /* a dictionary column's values -> code (NULL: not a value) */
	struct memo divisions; /* code -> "" when it exists, NULL when not */
	char *sql_hh, *sql_mem, *sql_mem_name;   /* the look-ups */
	bool stored_hh, stored_mem;   /* the tables had rows when the import began (else no look-ups) */
	struct db_batch *b_hh, *b_mem, *b_inc, *b_hist, *b_audit, *b_mon;   /* the inserts of a real run */
	bool stored_mon;       /* monitoring had rows when the import began */
};

/* ---- the steps (each file's part) ------------------------------------------------------- */

/* hh_read.c: read the file's rows into im (errors into im); 0 or -1. */
int hio_read_file(struct imp *im, const char *data, size_t len, enum hio_format fmt);

/* hh_normalise.c */
/* A loose key for comparing headers and labels (free it), and a comparison by it. */
char *hio_loose_key(const char *in);
bool hio_loose_equal(const char *a, const char *b);
/* Normalise and check the known columns of a data row; at[c] its raw cells. */
void hio_parse_row(struct imp *im, struct row *row, const char *const at[C_COUNT]);

/* hh_group.c: each data row's 户编号 as it is read (NULL: none) and each valid
 * ID number; then im->hhs, the rows grouped in 户编号 order, and the repeats
 * of an ID number reported. */
void hio_hno_add_row(struct hno_table *t, int i, const char *key);
void hio_hno_free(struct hno_table *t);
void hio_add_id(struct imp *im, const char *id, int row);
void hio_group_households(struct imp *im);
void hio_check_id_numbers(struct imp *im);

/* hh_check.c: whether the caller's scope holds division; one household checked. */
bool hio_in_scope(const struct imp *im, const char *division);
void hio_check_household(struct imp *im, struct hh *h);

/* hh_compare.c: the look-ups' SQL; households [first, first + n) compared and written. */
void hio_lookups_open(struct imp *im);
void hio_lookups_close(struct imp *im);
int hio_store_group(struct imp *im, int first, int n, bool write);

/* hh_monitor.c: a household's monitoring columns checked (after hio_check_household's merge);
 * the stored cases and open procedures of the households h[0..n) with a case in the file
 * looked up; a household's case compared and written (after the household: h->id is set).
 * *ids: ids reserved for new cases, one per monitored household, taken as used. */
void hio_check_monitoring(struct imp *im, struct hh *h);
int hio_monitor_lookup(struct imp *im, struct hh *h, int n);
int hio_store_monitoring(struct imp *im, struct hh *h, bool write, int64_t **ids, bool *changed);
/* The households' monitor_category refreshed after their cases were written. */
int hio_monitor_refresh(struct imp *im, const int64_t *ids, int n);
/* How many of h[0..n) need a new case (after the look-up): the ids to reserve. */
int hio_monitor_new_cases(const struct hh *h, int n);

/* hh_bulk.c: the batches written, parents first; every household compared and
 * written, a group at a time (write: a real run). */
int hio_batches_flush(struct imp *im);
int hio_store_all(struct imp *im, bool write);

/* hh_report.c */
void hio_add_error(struct imp *im, int line, int fcol, const char *column, const char *value, const char *zh,
		   const char *en);
void hio_cell_error(struct imp *im, const struct row *row, enum col c, const char *zh, const char *en);
/* the same, taking zh and en from hio_strf (freed) */
void hio_cell_errorf(struct imp *im, const struct row *row, enum col c, char *zh, char *en);
char *hio_strf(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* The errors, in line order, into im->res->errors. */
void hio_errors_to_result(struct imp *im);
void hio_errors_free(struct imp *im);
int hio_write_report(struct imp *im);

/* hh_import.c: the year before this one (China time), the default income year. */
int64_t hio_last_year(void);

/* hh_http.c: query parameters shared with the export (0, or the error reply's status) */
bool hio_query_true(struct req *r, const char *name);
int hio_query_year(struct req *r, int64_t *year);

#endif
