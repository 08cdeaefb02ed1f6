/*
 * checks.h - data-quality checks of the household registry (数据质量核查).
 *
 * One table of rules (checks.c), each one indexed query over a division
 * subtree that selects its findings: the household, the member when the
 * rule is about a person, the division and the evidence.  The rules come
 * from the registration rules (domain.md 1.3-1.7), the county check script
 * of the monitoring system (3.8) and the re-check practice (7.3): identity
 * and ID numbers, the head of household, ages, 义务教育 and 基本医疗,
 * wrong-exit risk, housing of exited households, the income arithmetic,
 * phone formats, the mandatory registration fields, monitoring without
 * help, and 公益性岗位 for minors.
 *
 * checks_collect() runs every rule and hands each finding to a callback;
 * the API (GET /api/v1/checks) and the command line (lianxin check) are
 * both built on it.  ID numbers and phone numbers in findings are masked.
 */
#ifndef LIANXIN_MODULES_CHECKS_H
#define LIANXIN_MODULES_CHECKS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "db/db.h"
#include "http/request.h"

/* The year checked when none is given and no income is recorded yet. */
#define CHECKS_YEAR_DEFAULT 2021

enum check_mask { CHECK_MASK_NONE, CHECK_MASK_IDCARD, CHECK_MASK_PHONE };

/* Which value the rule's SQL takes as $3 (after $1, $2: the subtree range). */
enum check_arg { CHECK_ARG_NONE, CHECK_ARG_YEAR, CHECK_ARG_TODAY };

struct check_rule {
	const char *code;
	const char *severity;   /* "error" or "warning" */
	const char *zh, *en;
	const char *level;      /* "household" or "member" */
	const char *field;      /* the field to look at */
	/* Selects household_id, member_id (NULL for a household finding),
	 * division and value (text evidence) of the findings; $1 and $2 are
	 * the subtree range [lower, upper) and $3 is given by arg. */
	const char *sql;
	enum check_arg arg;
	/* When set, a selected row is a finding only if keep(value) is true
	 * (checks done in C over the candidate rows). */
	bool (*keep)(const char *value);
	/* When set, value is sealed at rest (db/at_rest.h) with this
	 * associated data and is opened before keep and masking. */
	const char *sealed;
	/* When set, value is "evidence|sealed ID number" and a row is a
	 * finding only if keep_id(evidence or NULL, the opened ID number) is
	 * true: rules that read an ID number, which SQL cannot (it is sealed). */
	bool (*keep_id)(const char *value, const char *id);
	enum check_mask mask;   /* how value is shown */
};

extern const struct check_rule check_rules[];
extern const int check_rules_count;

/* The rule with this code, or NULL. */
const struct check_rule *checks_rule_find(const char *code);

struct check_finding {
	const struct check_rule *rule;
	int64_t household_id;
	const char *household_no;
	int64_t member_id;            /* 0 for a finding about the household */
	const char *member_name;      /* NULL when member_id is 0 */
	const char *division;
	const char *division_name;    /* NULL when the code is not in divisions */
	const char *value;            /* masked as the rule says; may be NULL */
};

/* The year checked by default: the newest income year recorded, or
 * CHECKS_YEAR_DEFAULT when there is none (or on error). */
int64_t checks_default_year(struct db *db);

/*
 * Run every rule, in table order, over the subtree of division ("" is the
 * whole country) for the year (<= 0: checks_default_year), and call emit
 * for each finding; within a rule findings come by division, household,
 * member.  The strings of a finding are valid during the call only.  emit
 * returns 0 to go on; a non-zero return stops the run and is returned.
 * Returns 0 when every rule ran, DB_ERROR when one failed (db_errmsg).
 */
int checks_collect(struct db *db, const char *division, int64_t year,
		   int (*emit)(void *ctx, const struct check_finding *f), void *ctx);

/*
 * GET /api/v1/checks?division=CODE&year=YYYY&rule=CODE&page=&page_size=
 * division is required and must be in the caller's scope (else 404); the
 * reply is {"items":[{rule, severity, zh, en, household_id, household_no,
 * member_id, member_name, division, division_name, field, value}], "total",
 * "page", "page_size", "division", "year", "by_rule":[{rule, severity, zh,
 * en, count}] (every rule, whatever ?rule= says), "by_division":[{division,
 * name, count}] (per child division of the requested one)}.
 */
int checks_run(struct req *r);
/* GET /api/v1/checks/rules: {"items":[{code, severity, zh, en, level, field}], ...}. */
int checks_rules(struct req *r);

/*
 * The command line: print a summary per rule and per child division of
 * division for the year (<= 0: the default) to out.  Returns the number of
 * findings, or -1 when the division is unknown or a query failed (the
 * reason on stderr).  checks_cli_ex also stores the number of error-severity
 * findings in *errors (when not NULL): `lianxin check` exits 0 when there
 * are none, 1 otherwise.
 */
int checks_cli(struct db *db, const char *division, int64_t year, FILE *out);
int checks_cli_ex(struct db *db, const char *division, int64_t year, FILE *out, int *errors);

#endif
