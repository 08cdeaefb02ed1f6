/*
 * procedures_internal.h - what the files of src/modules/procedures/ share:
 * a case as read from the database, a step's input, the engine's one
 * transition, and the exit conditions.
 */
#ifndef LIANXIN_MODULES_PROCEDURES_INTERNAL_H
#define LIANXIN_MODULES_PROCEDURES_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "db/sqlbuf.h"
#include "http/request.h"
#include "modules/procedures/procedure_defs.h"

#define PROCEDURE_COLUMNS \
	"p.id, p.kind, p.household_id, p.division, p.year, p.batch_id, p.step, p.status, p.source, p.category," \
	" p.notice_ends_at, p.objections, p.created_at, p.updated_at, h.head_name, h.household_no, d.name"
/* The tables PROCEDURE_COLUMNS reads: a case, its household (none for a place's case), its place. */
#define PROCEDURE_FROM \
	" FROM procedures p LEFT JOIN households h ON h.id = p.household_id JOIN divisions d ON d.code = p.division"

struct pcase {
	int64_t id, household_id, year, batch_id, notice_ends_at, objections, created_at, updated_at;
	const char *kind, *division, *step, *status, *source, *category, *head_name, *household_no, *place_name;
	const struct procedure_def *def;
};

/* The row st stands on (PROCEDURE_COLUMNS), copied into the arena. */
void pcase_read(struct req *r, struct db_stmt *st, struct pcase *c);
/* Case id in the caller's scope: DB_ROW, DB_DONE (none, or elsewhere: audited), or an error. */
int pcase_load(struct req *r, int64_t id, struct pcase *c);
json_t *pcase_json(struct req *r, const struct pcase *c);

struct step_input {
	const char *step, *note, *signed_form;
	bool has_votes;
	int64_t votes_for, votes_against, votes_abstain;
	json_t *evidence;            /* borrowed array of strings, or NULL */
};
/* The step members of the JSON body (step, votes, evidence, signed_form, note); 0 or the reply's status. */
int step_input_read(struct req *r, struct step_input *in);
/* The keys step_input_read reads, for body_object. */
#define STEP_INPUT_KEYS "step", "votes", "evidence", "signed_form", "note"

/*
 * Take the next step of c with in, inside the caller's transaction: checks
 * the role, the order, a running notice and what the step needs; records
 * the step; opens its notice; on the last step applies the effect to the
 * registry.  0 and c updated, or the status of the error reply made (the
 * caller rolls back).
 */
int pcase_take(struct req *r, struct pcase *c, const struct step_input *in);

/* Open a case of d for household_id (in scope, fitting the kind; for an exit, eligible), or for
 * the place division when d is a village's or county's exit (household_id 0), and take its first
 * step with in, inside the caller's transaction: 0 and *c, or the error reply's status. */
int procedure_open(struct req *r, const struct procedure_def *d, int64_t household_id, const char *place, int64_t year,
		   int64_t batch_id, const char *source, const char *category, const struct step_input *in,
		   struct pcase *c);

/* The division of row id of table (samplings, rechecks) when the caller may see it: its scope holds
 * the row's place, or only reaches it (a township working its part of a county campaign).  0, or
 * the 404 reply's status (a row elsewhere audited as denied, as entity). */
int place_row_in_scope(struct req *r, const char *table, const char *entity, int64_t id, bool reaches,
		       const char **division);

/*
 * A place's record with rows under it (procedure_batches, samplings, rechecks; place_records.c): one
 * grouped query reads a record and its rows' aggregates, for a list's whole page as for one record:
 * "SELECT <columns> FROM <table> <alias><rows> WHERE .. GROUP BY <group>".
 */
struct place_record {
	const char *table, *alias, *entity;   /* "rechecks", "c", "recheck" (as audited) */
	bool reaches;                         /* seen by those whose scope only reaches its place */
	const char *columns;                  /* the record's columns and its rows' aggregates */
	const char *rows;                     /* " LEFT JOIN <rows> ON <rows of alias>" */
	const char *group;                    /* the record's columns (GROUP BY) */
	/* a list's more filters (" AND ..."): 0 or the status of the error reply made; or NULL */
	int (*filter)(struct req *r, struct sqlbuf *b);
	json_t *(*json)(struct req *r, struct db_stmt *q);   /* a row of the grouped query */
};
/* The paged list of the records in the caller's scope (?division= and the filter), newest first. */
int place_record_list(struct req *r, const struct place_record *p);
/* Record id as JSON (no scope check), or NULL when there is none. */
json_t *place_record_json(struct req *r, const struct place_record *p, int64_t id);
/* The record of path parameter 0 when in scope: 0 with *id and *out (the caller's), or the error reply's status. */
int place_record_get(struct req *r, const struct place_record *p, int64_t *id, json_t **out);
/* Log a case's action other than a step taken (an objection, a withdrawal) in procedure_steps. */
int pcase_log(struct req *r, const struct pcase *c, const char *step, const char *action, const char *note);

/* The Chinese name of a sampling group (registered 未脱贫户, exited, unregistered), or NULL (sampling.c). */
const char *sampling_group_zh(const char *code);

/* A procedure setting (settings.c) for a case at division in year: the value at the nearest place
 * up the tree from the latest year not after year, else fallback.  DB_OK or an error. */
int procedure_setting(struct db *db, const char *kind, const char *step, const char *setting, const char *division,
		      int64_t year, int64_t fallback, int64_t *value);

/*
 * The exit conditions of a household for a year: per-capita net income above
 * that year's poverty line (the province's, else the national one) in the
 * year and the one before (stably above), and 两不愁三保障 with safe drinking
 * water.  *conditions gets [{"code","zh","met","detail"}]; DB_OK or an error.
 */
int exit_conditions(struct req *r, int64_t household_id, const char *division, int64_t year, json_t **conditions,
		    bool *eligible);
/*
 * The exit conditions of a poor village or county for a year: the poverty
 * incidence (registered poor people / population) under 2 % (3 % in the
 * west); a village's recorded conditions (collective income, road, water,
 * electricity, broadband, clinic, service centre); a county's latest
 * sampling audit (错退率 and 漏评率 under 2 %, 群众认可度 at least 90 %).
 * *figures gets {"population","poor_people","incidence","threshold"}.
 */
int place_conditions(struct req *r, enum procedure_subject subject, const char *division, int64_t year,
		     json_t **conditions, json_t **figures, bool *eligible);

#endif
