/*
 * household_io.h - households and members in and out of spreadsheets.
 *
 * Import: CSV or XLSX in the layout of the national system's export, one
 * row per member with the household's fields repeated (户编号, 行政区划代码
 * or 乡镇 + 行政村, 户主姓名, 姓名, 与户主关系, 证件号码 ... 人均纯收入;
 * English aliases accepted).  Messy values are normalised (full-width
 * digits and letters, spaces, a lowercase x, dates as 2019/3/5, 20190305 or
 * Excel serial numbers, 是/否 or 1/0, dictionary labels or codes); ID
 * numbers that Excel turned into 4.69030199E+17 are refused.  Every problem
 * is reported with its line (the header is line 1 of a plain file) and
 * column.  A real run writes everything in one transaction or nothing; a
 * household (by 户编号) or member (by 证件号码) that is already there is
 * updated only when a value differs, with audit rows; re-importing the same
 * file changes nothing.  Members present in the database but not in the
 * file are left alone.
 *
 * Export: any filtered list of households (or members) in the same layout,
 * dictionary labels in Chinese, ID numbers and phones masked unless a
 * PERM_SENSITIVE_READ caller asks ?unmasked=1 with a &reason= (audited);
 * written in pages to an unlinked temporary file that the reply streams.
 */
#ifndef LIANXIN_MODULES_HOUSEHOLD_IO_H
#define LIANXIN_MODULES_HOUSEHOLD_IO_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"
#include "http/request.h"

#define HIO_MAX_ERRORS 1000

enum hio_format { HIO_CSV, HIO_XLSX };

struct hio_options {
	bool dry_run;
	int64_t year;                     /* 人均纯收入 goes to household_incomes of this year; 0: last year */
	const char *county;               /* resolve 乡镇 + 行政村 names inside this code; NULL: the caller's scope */
	const struct principal *user;     /* scope to respect; NULL: unrestricted (CLI) */
	struct req *r;                    /* for the audit rows; NULL: CLI */
	bool want_report_xlsx;            /* make the marked copy of the file (report_fd) */
	int bulk_min_members;             /* files from this size load in bulk (SQLite); 0: 5,000 */
};

struct hio_counts {
	int inserted, updated, unchanged;
};

struct hio_result {
	int rows, households, members;
	struct hio_counts hh, mem;
	json_t *errors;                   /* [{"row","column","value","message_zh","message_en"}] */
	bool errors_truncated;
	int report_fd;                    /* the marked XLSX (want_report_xlsx), -1 if none */
	int64_t report_size;
};

/*
 * Import data[0..len).  Returns 0 (written, unless a dry run), 1 when the
 * file has errors (res->errors; nothing written) or -1 on a database error.
 * Free res with hio_result_free.
 */
int household_import(struct db *db, const char *data, size_t len, enum hio_format fmt,
		     const struct hio_options *o, struct hio_result *res);
void hio_result_free(struct hio_result *res);
/* {"rows","households","members","inserted","updated","unchanged","errors",...} (new reference). */
json_t *hio_result_json(const struct hio_result *res);

/* `lianxin import households [--dry-run] [--year N] [--county CODE] FILE`:
 * report to out, errors to err; 0 when imported (or clean dry run). */
int household_import_cli(struct db *db, const char *path, const struct hio_options *o, FILE *out, FILE *err);

/* POST /api/v1/imports/households?dry_run=1&format=xlsx&year=&county= (BODY_UPLOAD) */
int household_import_post(struct req *r);
/* GET /api/v1/exports/households?format=xlsx|csv&year=&unmasked=1&reason=&<household filters> */
int household_export_get(struct req *r);
/* GET /api/v1/exports/members?...&<member filters>: the same layout, one row per matching member */
int member_export_get(struct req *r);

/*
 * Write the export of the households (or members, by_member) that the
 * request's filters and scope select, one row per member, to *fd (unlinked
 * temporary file at offset 0) and *size.  Returns 0, or the status of the
 * error reply it made.
 */
int household_export_to_fd(struct req *r, bool by_member, enum hio_format fmt, int *fd, int64_t *size);

#endif
