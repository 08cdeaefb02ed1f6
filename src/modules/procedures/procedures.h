/*
 * procedures.h - one engine for the procedures that decide who is helped and
 * how they leave (扶持谁 / 如何退): identification, household exit, monitoring
 * identification and risk elimination, each a table of steps
 * (procedure_defs.h).  A case belongs to a household and a year; each step
 * is taken by its role, in order (a skipped or repeated step answers 409),
 * with its votes and evidence; a notice step runs its days before the next
 * step, and an objection during it sends the case back.  A village's batch
 * takes a step at once.  The last step changes the registry, in the same
 * transaction: this is the only way a household becomes exited.  Sampling
 * audits (sampling.c) check the results: 错退率, 漏评率 and 群众认可度; 回头看
 * campaigns (recheck.c) look again at whom the registry's figures question.
 */
#ifndef LIANXIN_MODULES_PROCEDURES_H
#define LIANXIN_MODULES_PROCEDURES_H

#include <stdint.h>

#include "core/arena.h"
#include "db/db.h"
#include "http/request.h"

int procedures_kinds(struct req *r);      /* GET /procedure-kinds */
int procedures_list(struct req *r);       /* GET /procedures */
int procedures_create(struct req *r);     /* POST /procedures: opens a case with its first step */
extern const char *const procedures_create_fields[];
int procedures_get(struct req *r);        /* GET /procedures/{id}: the case, its steps and what comes next */
int procedures_step(struct req *r);       /* POST /procedures/{id}/steps */
extern const char *const procedures_step_fields[];
int procedures_object(struct req *r);     /* POST /procedures/{id}/objections */
extern const char *const procedures_object_fields[];
int procedures_withdraw(struct req *r);   /* POST /procedures/{id}/withdraw */
extern const char *const procedures_withdraw_fields[];
int batches_create(struct req *r);        /* POST /procedure-batches */
extern const char *const batches_create_fields[];
int batches_list(struct req *r);          /* GET /procedure-batches */
int batches_step(struct req *r);          /* POST /procedure-batches/{id}/steps */
extern const char *const batches_step_fields[];
int exits_eligibility(struct req *r);     /* GET /exits/eligibility */
int exits_villages(struct req *r);        /* GET /exits/villages: poor villages and their exit conditions */
int village_conditions_put(struct req *r); /* PUT /exits/villages/{code}/conditions/{year} */
int exits_county_report(struct req *r);
int procedure_settings_get(struct req *r); /* GET /settings/procedures?division=&year= */
int procedure_settings_put(struct req *r); /* PUT /settings/procedures?division= */   /* GET /exits/county-report: the county's exit evidence (JSON or XLSX) */
extern const char *const procedure_settings_put_fields[];
int samplings_create(struct req *r);      /* POST /samplings: draw a stratified sample */
extern const char *const samplings_create_fields[];
int samplings_list(struct req *r);        /* GET /samplings */
int samplings_get(struct req *r);         /* GET /samplings/{id}: 两率一度 overall and per township */
int samplings_households(struct req *r);  /* GET /samplings/{id}/households: the sample sheet */
int samplings_sheets(struct req *r);      /* GET /samplings/{id}/sheets: printable household sheets (JSON or XLSX) */
int samplings_finding(struct req *r);     /* PUT /samplings/{id}/households/{household_id} */
extern const char *const samplings_finding_fields[];
int rechecks_create(struct req *r);       /* POST /rechecks: a 回头看 campaign and its list */
extern const char *const rechecks_create_fields[];
int rechecks_list(struct req *r);         /* GET /rechecks */
int rechecks_get(struct req *r);          /* GET /rechecks/{id}: progress by township */
int rechecks_households(struct req *r);   /* GET /rechecks/{id}/households */
int rechecks_finding(struct req *r);      /* PUT /rechecks/{id}/households/{household_id} */
extern const char *const rechecks_finding_fields[];

/* The sample of sampling (want[] registered, exited, unregistered households under division),
 * stratified by township and drawn from seed; the caller's transaction. */
int sampling_draw(struct db *db, struct arena *a, int64_t sampling, uint64_t seed, const char *division,
		  const int64_t want[3]);
/* The list of re-check campaign id: whom the year's income questions under division. */
int recheck_fill(struct db *db, struct arena *a, int64_t id, const char *division, int64_t year);

#endif
